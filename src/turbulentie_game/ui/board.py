"""The turn board: place the team's time chips, pick dilemma options, read meters, events and calendar."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pygame

from ..core.allocation import AllocationError
from ..core.model import METERS, REST
from .app import Scene
from .look import (
    ACCENT,
    BAD,
    CARD,
    INK,
    LINE,
    MEMBER_COLOURS,
    METER_COLOURS,
    MUTED,
    SOFT,
    WARN_BG,
    bar,
    card,
    chip,
    colour,
    dashed_line,
    kind_card,
    kind_icon,
    polarity_mark,
)
from .session import EventView, Session
from .words import exp_short, target_name, target_tip

TUTORIAL = ("meters", "team", "expectations", "traits", "events", "calendar", "end")
TIP_DELAY = 0.35


@dataclass
class Drag:
    """A chip being dragged: whose it is, where it came from (None: the free pool), where it is."""

    member: int
    source: str | None
    pos: tuple[int, int]


class BoardScene(Scene):
    """One turn: the plan is built here and handed to the engine with 'end turn'."""

    name = "board"
    tab_focus = False

    def __init__(self, app, session: Session):
        super().__init__(app)
        self.session = session
        self.member = 0
        self.cursor = 0
        self.drag: Drag | None = None
        self.message = ""
        self.message_bad = False
        self.message_until = 0.0
        self.hover_key = None
        self.hover_since = 0.0
        self.mouse = (0, 0)
        self.tutorial = None if app.settings.intro_done or session.turn > 1 else 0
        self.option_buttons: dict[tuple[int, str], object] = {}

    # layout ----------------------------------------------------------------------------------
    def build(self):
        app, look, t = self.app, self.app.look, self.app.t
        w, h = app.size
        px = look.px
        m = px(14)
        self.top_h = max(px(74), look.line_height("small") + look.line_height("title") + px(12))
        bh = max(px(46), look.line_height("head") + px(14))
        self.bottom = pygame.Rect(0, h - bh - px(18), w, bh + px(18))
        body_top = self.top_h + px(10)
        body_h = self.bottom.top - body_top - px(6)
        team_w = round(w * 0.24)
        targ_w = round(w * 0.40)
        self.team = pygame.Rect(m, body_top, team_w - m, body_h)
        self.targets = pygame.Rect(self.team.right + m, body_top, targ_w, body_h)
        self.right = pygame.Rect(
            self.targets.right + m, body_top, w - self.targets.right - 2 * m, body_h
        )
        # top bar: three meters, help and menu
        # each button as wide as its label needs
        buttons = (
            ("ui.board.menu", self.app.pop, "ui.board.menu_tip"),
            ("ui.board.help", self.help, "ui.board.help_tip"),
            ("learn.ui.history", self.history, "learn.ui.history_tip"),
        )
        x = w
        for label, action, tip in buttons:
            bw = max(px(90), look.font("body").size(t(label))[0] + px(30))
            x -= m + bw
            self.button(
                (x, px(14), bw, self.top_h - px(28)), t(label), action, t(tip), focusable=False
            )
        title_w = look.font("title", True).size(t("ui.board.turn", turn=20, turns=20))[0]
        mx = max(round(w * 0.2), px(16) + title_w + px(24))
        mw = (x - m - mx) // 3
        self.meter_rects = [
            pygame.Rect(mx + i * mw, px(6), mw - px(12), self.top_h - px(12)) for i in range(3)
        ]
        # bottom bar
        end_w = max(px(260), look.font("head", True).size(t("ui.board.end_turn"))[0] + px(40))
        self.end_button = self.button(
            (w - m - end_w, self.bottom.top + px(8), end_w, bh),
            t("ui.board.end_turn"),
            self.end_turn,
            t("ui.board.end_turn_tip"),
            cls="primary",
            focusable=False,
        )
        undo_w = max(px(170), look.font("body").size(t("ui.board.undo"))[0] + px(30))
        self.undo_button = self.button(
            (w - 2 * m - end_w - undo_w, self.bottom.top + px(8), undo_w, bh),
            t("ui.board.undo"),
            self.undo,
            t("ui.board.undo_tip"),
            focusable=False,
        )
        self.status_rect = pygame.Rect(
            m, self.bottom.top + px(8), self.undo_button.rect.left - 2 * m, bh
        )
        self.layout_team()
        self.layout_targets()
        self.layout_right()
        if self.tutorial is not None:
            self.tut_next = self.button(
                (0, 0, px(160), bh),
                t("ui.tutorial.next"),
                self.tutorial_next,
                focusable=False,
                cls="primary",
            )
            self.tut_skip = self.button(
                (0, 0, px(160), bh), t("ui.tutorial.skip"), self.tutorial_done, focusable=False
            )
            self.place_tutorial_buttons()

    def layout_team(self):
        px = self.app.look.px
        n = self.session.scn.n_members
        head = self.app.look.line_height("head") + px(6)
        ch = min(px(120), (self.team.h - head - (n - 1) * px(8)) // n)
        self.member_rects = [
            pygame.Rect(self.team.x, self.team.y + head + i * (ch + px(8)), self.team.w, ch)
            for i in range(n)
        ]

    def layout_targets(self):
        look = self.app.look
        px = look.px
        scn = self.session.scn
        head = look.line_height("body") + px(8)
        n_e, n_t = scn.rules.n_exp, scn.rules.n_traits
        avail = self.targets.h - 2 * head - px(8)
        unit = avail / (n_e * 1.3 + n_t + 1.3)
        self.rows: dict[str, pygame.Rect] = {}
        y = self.targets.y
        self.exp_head_y = y
        y += head
        for c in scn.rules.expectations:
            self.rows[c.id] = pygame.Rect(
                self.targets.x, round(y), self.targets.w, round(unit * 1.3) - 2
            )
            y += unit * 1.3
        self.trait_head_y = round(y + px(4))
        y += head
        for c in scn.rules.traits:
            self.rows[c.id] = pygame.Rect(self.targets.x, round(y), self.targets.w, round(unit) - 2)
            y += unit
        y += px(8)
        self.rows[REST] = pygame.Rect(
            self.targets.x, round(y), self.targets.w, round(unit * 1.3) - 2
        )
        self.row_order = list(scn.rules.targets)
        self.name_w = round(self.targets.w * 0.34)
        self.chip_r = max(px(7), min(px(11), round(unit * 0.36)))

    def layout_right(self):
        """Event cards (with dilemma buttons) and the calendar strip below them."""
        look, t = self.app.look, self.app.t
        px = look.px
        s = self.session
        self.events = s.events()
        lh_s = look.line_height("small")
        cal_h = look.line_height("body") + 2 * lh_s + px(20)
        self.calendar_rect = pygame.Rect(
            self.right.x, self.right.bottom - cal_h, self.right.w, cal_h
        )
        head = look.line_height("body") + px(8)
        area = pygame.Rect(
            self.right.x,
            self.right.y + head,
            self.right.w,
            self.calendar_rect.top - px(8) - look.line_height("tiny") - self.right.y - head,
        )
        self.events_area = area
        opt_h = max(px(30), look.line_height("small") + px(10))
        tiny = look.line_height("tiny")
        # dilemmas that still need a choice first, so their buttons always fit
        self.events.sort(key=lambda e: (not (e.option_ids and not e.fixed), e.slot))

        def rows(ev, side_by_side):
            n_opt = 0 if ev.fixed else len(ev.option_ids)
            return min(n_opt, 1) if side_by_side else n_opt

        def height(ev, compact, side_by_side=False):
            h = px(6) + 2 * lh_s + px(2) + rows(ev, side_by_side) * (opt_h + px(4)) + px(4)
            h += 0 if compact else tiny + px(10)
            return h + (tiny + px(2) if ev.fixed and ev.chosen else 0)

        def total(compact, side_by_side=False):
            return sum(height(ev, compact, side_by_side) + px(8) for ev in self.events)

        self.compact = total(False) > area.h + px(8)
        # when even compact cards do not fit, options sit side by side so every dilemma stays
        # answerable (a dilemma needs a choice before the turn can end)
        side = self.compact and total(True) > area.h + px(8)
        self.event_rects = []
        self.option_buttons = {}
        y = area.y
        shown = []
        for ev in self.events:
            n_opt = 0 if ev.fixed else len(ev.option_ids)
            r = pygame.Rect(area.x, y, area.w, height(ev, self.compact, side))
            if r.bottom > area.bottom and shown:
                break
            shown.append(ev)
            self.event_rects.append(r)
            if n_opt:
                oy = r.bottom - rows(ev, side) * (opt_h + px(4))
                tmpl = s.scn.templates[ev.template]
                width = (r.w - px(44) - (n_opt - 1) * px(4)) // n_opt if side else r.w - px(44)
                ox = r.x + px(34)
                for o, oid in enumerate(ev.option_ids):
                    label = tmpl.option_labels[o].get(t.lang)
                    tip = tmpl.option_texts[o].get(t.lang) if tmpl.option_texts else None
                    b = self.button(
                        (ox, oy, width, opt_h),
                        look.fit(label, "small", width - px(26)),
                        lambda u=ev.uid, k=oid: self.choose(u, k),
                        tip,
                        cls="chosen" if ev.chosen == oid else "choice",
                        focusable=False,
                    )
                    self.option_buttons[(ev.uid, oid)] = b
                    if side:
                        ox += width + px(4)
                    else:
                        oy += opt_h + px(4)
            y = r.bottom + px(8)
        self.hidden_events = self.events[len(shown) :]
        self.events = shown

    # cursor entries (keyboard) ---------------------------------------------------------------
    def entries(self) -> list[tuple]:
        """What the arrow keys move over: every target, then every open dilemma option."""
        out: list[tuple] = [("target", tid) for tid in self.row_order]
        for ev in self.events:
            if not ev.fixed:
                out += [("option", ev.uid, oid) for oid in ev.option_ids]
        return out

    # actions ---------------------------------------------------------------------------------
    @property
    def member_id(self) -> str:
        return self.session.scn.members[self.member].id

    def flash(self, text: str, bad: bool = False) -> None:
        """Show a short message in the bottom bar."""
        self.message = text
        self.message_bad = bad
        self.message_until = time.monotonic() + (6.0 if bad else 4.0)
        self.app.poke()

    def place(self, target: str, member: int | None = None) -> bool:
        """Put one chip of a member on a target, or say on screen why not."""
        m = self.member if member is None else member
        mid = self.session.scn.members[m].id
        if self.session.plan.add(mid, target):
            return True
        self.flash(self.app.t("ui.board.no_chips", name=self.session.scn.members[m].name), bad=True)
        return False

    def take(self, target: str, member: int | None = None) -> bool:
        """Take one chip of a member back from a target."""
        m = self.member if member is None else member
        if self.session.plan.remove(self.session.scn.members[m].id, target):
            return True
        self.flash(
            self.app.t(
                "ui.board.none_here",
                name=self.session.scn.members[m].name,
                target=target_name(self.app.t, self.session.scn, target),
            ),
            bad=True,
        )
        return False

    def choose(self, uid: int, option: str) -> None:
        if self.session.plan.choose(uid, option):
            self.rebuild()

    def undo(self) -> None:
        if self.session.plan.undo():
            self.rebuild()
        else:
            self.flash(self.app.t("ui.board.nothing_to_undo"))

    def help(self) -> None:
        from .menu import HelpOverlay

        self.app.push(HelpOverlay(self.app))

    def history(self) -> None:
        from .history import HistoryScene

        self.app.push(HistoryScene(self.app, self.session))

    def end_turn(self) -> None:
        """Hand the plan to the engine; a refused plan stays on screen with the reasons."""
        from .flow import autosave
        from .resolution import ResolutionScene

        try:
            ex = self.session.end_turn()
        except AllocationError as exc:
            t = self.app.t
            self.flash(
                "; ".join(t(f"allocation.{p.code}", **p.params()) for p in exc.problems), bad=True
            )
            return
        autosave(self.app, self.session)
        self.app.replace(ResolutionScene(self.app, self.session, ex))

    # tutorial --------------------------------------------------------------------------------
    def tutorial_region(self) -> pygame.Rect:
        name = TUTORIAL[self.tutorial]
        return {
            "meters": self.meter_rects[0].unionall(self.meter_rects[1:]),
            "team": self.team,
            "expectations": self.rows[self.row_order[0]]
            .union(self.rows[self.session.scn.rules.expectations[-1].id])
            .inflate(8, 8),
            "traits": self.rows[self.session.scn.rules.traits[0].id]
            .union(self.rows[self.session.scn.rules.traits[-1].id])
            .inflate(8, 8),
            "events": self.events_area,
            "calendar": self.calendar_rect,
            "end": self.bottom,
        }[name]

    def tutorial_box(self) -> pygame.Rect:
        w, h = self.app.size
        px = self.app.look.px
        region = self.tutorial_region()
        box = pygame.Rect(0, 0, min(px(560), w - px(40)), px(230))
        if region.bottom < h / 3:  # a region along the top: the box goes below it
            box.midtop = (region.centerx, region.bottom + px(24))
        elif region.top > h * 2 / 3:  # along the bottom: above it
            box.midbottom = (region.centerx, region.top - px(24))
        elif region.centerx < w / 2:
            box.left = min(region.right + px(24), w - box.w - px(20))
            box.centery = region.centery
        else:
            box.right = max(region.left - px(24), box.w + px(20))
            box.centery = region.centery
        box.clamp_ip(pygame.Rect(px(20), px(20), w - px(40), h - px(40)))
        if box.colliderect(region):
            box.center = (w // 2, h // 2)
        return box

    def place_tutorial_buttons(self) -> None:
        box = self.tutorial_box()
        px = self.app.look.px
        bh = self.tut_next.rect.h
        self.tut_next.set_position((box.right - px(176), box.bottom - bh - px(14)))
        self.tut_skip.set_position((box.left + px(16), box.bottom - bh - px(14)))

    def tutorial_next(self) -> None:
        self.tutorial += 1
        if self.tutorial >= len(TUTORIAL):
            self.tutorial_done()
        else:
            self.place_tutorial_buttons()

    def tutorial_done(self) -> None:
        self.tutorial = None
        s = self.app.settings.copy()
        s.intro_done = True
        self.app.settings = s
        s.save(self.app.data_folder)
        self.rebuild()

    # input -----------------------------------------------------------------------------------
    def handle_event(self, event):
        if super().handle_event(event):
            return True
        if self.tutorial is not None:
            if event.type == pygame.KEYDOWN:
                if event.key in (
                    pygame.K_RETURN,
                    pygame.K_SPACE,
                    pygame.K_RIGHT,
                    pygame.K_KP_ENTER,
                ):
                    self.tutorial_next()
                elif event.key == pygame.K_ESCAPE:
                    self.tutorial_done()
            return True
        if event.type == pygame.KEYDOWN:
            return self.key(event)
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self.drag:
                self.drag.pos = event.pos
            return True
        if event.type == pygame.MOUSEBUTTONDOWN:
            return self.mouse_down(event)
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag:
            self.drop(event.pos)
            return True
        return False

    def key(self, event) -> bool:
        k, mod = event.key, event.mod
        n_members = self.session.scn.n_members
        entries = self.entries()
        self.cursor = min(self.cursor, len(entries) - 1)
        ctrl = mod & (pygame.KMOD_CTRL | pygame.KMOD_META)
        if (k in (pygame.K_RETURN, pygame.K_KP_ENTER) and ctrl) or k == pygame.K_e:
            self.end_turn()
        elif (k == pygame.K_z and ctrl) or k == pygame.K_u:
            self.undo()
        elif k in (pygame.K_F1, pygame.K_h) or event.unicode == "?":
            self.help()
        elif k == pygame.K_ESCAPE:
            self.app.pop()
        elif k == pygame.K_g:
            self.history()
        elif k == pygame.K_F5:
            from .flow import reload_scenario

            reload_scenario(self.app, self.session)
        elif pygame.K_1 <= k <= pygame.K_9 and k - pygame.K_1 < n_members:
            self.member = k - pygame.K_1
        elif k == pygame.K_TAB:
            self.member = (self.member + (-1 if mod & pygame.KMOD_SHIFT else 1)) % n_members
        elif k == pygame.K_DOWN:
            self.cursor = (self.cursor + 1) % len(entries)
        elif k == pygame.K_UP:
            self.cursor = (self.cursor - 1) % len(entries)
        elif k == pygame.K_HOME:
            self.cursor = 0
        elif k in (
            pygame.K_RIGHT,
            pygame.K_PLUS,
            pygame.K_KP_PLUS,
            pygame.K_SPACE,
            pygame.K_EQUALS,
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
        ):
            entry = entries[self.cursor]
            if entry[0] == "option":
                self.choose(entry[1], entry[2])
            elif k not in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.place(entry[1])
        elif k in (pygame.K_LEFT, pygame.K_MINUS, pygame.K_KP_MINUS, pygame.K_BACKSPACE):
            entry = entries[self.cursor]
            if entry[0] == "target":
                self.take(entry[1])
        else:
            return False
        return True

    def target_at(self, pos) -> str | None:
        for tid, r in self.rows.items():
            if r.collidepoint(pos):
                return tid
        return None

    def free_chip_at(self, pos) -> int | None:
        for m, r in enumerate(self.member_rects):
            if r.collidepoint(pos):
                for center in self.free_chip_centers(m):
                    if (pos[0] - center[0]) ** 2 + (pos[1] - center[1]) ** 2 <= (
                        self.chip_r + 4
                    ) ** 2:
                        return m
        return None

    def placed_chip_at(self, pos) -> tuple[int, str] | None:
        tid = self.target_at(pos)
        if tid is None:
            return None
        for m, center in self.row_chips(tid):
            if (pos[0] - center[0]) ** 2 + (pos[1] - center[1]) ** 2 <= (self.chip_r + 3) ** 2:
                return m, tid
        return None

    def mouse_down(self, event) -> bool:
        pos = event.pos
        if event.button == 1:
            m = self.free_chip_at(pos)
            if m is not None:
                self.member = m
                self.drag = Drag(m, None, pos)
                return True
            hit = self.placed_chip_at(pos)
            if hit is not None:
                self.member = hit[0]
                self.drag = Drag(hit[0], hit[1], pos)
                return True
            tid = self.target_at(pos)
            if tid is not None:
                self.cursor = self.row_order.index(tid)
                self.place(tid)
                return True
            for i, r in enumerate(self.member_rects):
                if r.collidepoint(pos):
                    self.member = i
                    return True
        elif event.button == 3:
            hit = self.placed_chip_at(pos)
            if hit is not None:
                self.take(hit[1], hit[0])
                return True
            tid = self.target_at(pos)
            if tid is not None:
                self.take(tid)
                return True
        return False

    def drop(self, pos) -> None:
        d = self.drag
        self.drag = None
        tid = self.target_at(pos)
        mid = self.session.scn.members[d.member].id
        if tid is None:
            if d.source is not None:
                self.session.plan.remove(mid, d.source)
            return
        self.cursor = self.row_order.index(tid)
        if d.source is None:
            self.place(tid, d.member)
        else:
            self.session.plan.move(mid, d.source, tid)

    # geometry shared by drawing and hit tests ------------------------------------------------
    def free_chip_centers(self, m: int) -> list[tuple[int, int]]:
        r = self.member_rects[m]
        px = self.app.look.px
        free = self.session.plan.free(self.session.scn.members[m].id)
        if self.drag and self.drag.member == m and self.drag.source is None:
            free -= 1
        y = r.bottom - self.chip_r - px(8)
        return [(r.x + px(22) + i * (2 * self.chip_r + px(5)), y) for i in range(max(0, free))]

    def row_chips(self, tid: str) -> list[tuple[int, tuple[int, int]]]:
        r = self.rows[tid]
        px = self.app.look.px
        x = r.x + self.name_w + self.chip_r + px(4)
        out = []
        step = 2 * self.chip_r + px(2)
        limit = r.x + self.name_w + round(r.w * 0.34)
        for m, member in enumerate(self.session.scn.members):
            n = self.session.plan.on(member.id, tid)
            if self.drag and self.drag.member == m and self.drag.source == tid:
                n -= 1
            for _ in range(n):
                out.append((m, (min(x, limit), r.centery)))
                x += step if x < limit else 0
        return out

    # drawing ---------------------------------------------------------------------------------
    def update(self, dt):
        busy = self.drag is not None or (self.message and time.monotonic() < self.message_until)
        if self.message and time.monotonic() >= self.message_until:
            self.message = ""
            busy = True
        self.undo_button.enable() if self.session.plan.undo_stack else self.undo_button.disable()
        return bool(busy)

    def draw(self, surf):
        super().draw(surf)
        s = self.session
        live = {ev.uid: ev for ev in s.events()}  # what the current plan would give each event
        demand = s.scn.task_demand + sum((ev.remaining for ev in live.values()), 0.0)
        self.draw_top_bar(surf)
        self.draw_team(surf)
        self.draw_targets(surf, s.coverage(), demand)
        self.draw_events(surf, live)
        self.draw_calendar(surf)
        self.draw_bottom(surf)

    def draw_top_bar(self, surf):
        look, t, s = self.app.look, self.app.t, self.session
        px = look.px
        w = self.app.size[0]
        pygame.draw.rect(surf, CARD, (0, 0, w, self.top_h))
        pygame.draw.line(surf, LINE, (0, self.top_h), (w, self.top_h))
        pygame.draw.rect(surf, ACCENT, (0, 0, w, px(5)))
        look.blit_text(
            surf,
            look.fit(s.scn.title.get(t.lang), "small", round(w * 0.28)),
            (px(16), px(10)),
            "small",
            MUTED,
            True,
        )
        look.blit_text(
            surf,
            t("ui.board.turn", turn=s.turn, turns=s.scn.n_turns),
            (px(16), px(10) + look.line_height("small")),
            "title",
            INK,
            True,
        )
        hist = s.state.history[0, : s.state.turn + 1]
        for i, meter in enumerate(METERS):
            meter_widget(surf, look, t, self.meter_rects[i], meter, hist[:, i], s.scn.n_turns)

    def draw_team(self, surf):
        look, t, s = self.app.look, self.app.t, self.session
        px = look.px
        look.blit_text(surf, t("ui.board.team"), self.team.topleft, "head", INK, True)
        for m, r in enumerate(self.member_rects):
            member = s.scn.members[m]
            sel = m == self.member
            card(surf, r, CARD, ACCENT if sel else LINE, 8, 3 if sel else 1)
            col = colour(MEMBER_COLOURS[m % len(MEMBER_COLOURS)])
            pygame.draw.rect(
                surf,
                col,
                (r.x, r.y, px(8), r.h),
                border_top_left_radius=8,
                border_bottom_left_radius=8,
            )
            x = r.x + px(16)
            look.blit_text(surf, f"{m + 1}  {member.name}", (x, r.y + px(4)), "body", INK, True)
            energy = float(s.state.energy[0, m])
            ey = r.y + px(4) + look.line_height("body")
            label = t("ui.board.energy", value=round(energy))
            lr = look.blit_text(surf, label, (x, ey), "tiny", MUTED)
            bar(
                surf,
                pygame.Rect(
                    lr.right + px(8), ey + lr.h // 3, r.right - lr.right - px(20), lr.h // 3
                ),
                energy / 100,
                colour(METER_COLOURS["public_value"]) if energy >= 45 else BAD,
            )
            skills = s.state.skills[0, m]
            best = sorted(range(s.scn.rules.n_exp), key=lambda e: -skills[e])[:3]
            strong = ", ".join(
                f"{exp_short(t, s.scn, e)} {skills[e]:.1f}".rstrip("0").rstrip(".") for e in best
            )
            sy = ey + look.line_height("tiny")
            if sy + look.line_height("tiny") < r.bottom - 2 * self.chip_r - px(8):
                look.blit_text(
                    surf,
                    look.fit(t("ui.board.strong", skills=strong), "tiny", r.w - px(26)),
                    (x, sy),
                    "tiny",
                    INK,
                )
            free = s.plan.free(member.id)
            look.blit_text(
                surf,
                t("ui.board.free", free=free, cap=s.plan.capacity[member.id]),
                (r.right - px(10), r.bottom - px(6)),
                "tiny",
                MUTED,
                anchor="bottomright",
            )
            initial = member.name[:1]
            for center in self.free_chip_centers(m):
                chip(surf, look, center, self.chip_r, m, initial)

    def draw_targets(self, surf, cover, demand):
        look, t, s = self.app.look, self.app.t, self.session
        px = look.px
        scn = s.scn
        look.blit_text(
            surf,
            look.fit(t("ui.board.daily_work"), "body", self.targets.w, True),
            (self.targets.x, self.exp_head_y),
            "body",
            INK,
            True,
        )
        look.blit_text(
            surf,
            look.fit(t("ui.board.development"), "body", self.targets.w, True),
            (self.targets.x, self.trait_head_y),
            "body",
            INK,
            True,
        )
        entries = self.entries()
        cur = entries[min(self.cursor, len(entries) - 1)]
        for i, tid in enumerate(self.row_order):
            r = self.rows[tid]
            hovered = r.collidepoint(self.mouse) or (self.drag and r.collidepoint(self.drag.pos))
            fill = SOFT if hovered else CARD
            card(surf, r, fill, LINE, 6)
            if cur == ("target", tid):
                pygame.draw.rect(surf, ACCENT, r.inflate(4, 4), 3, border_radius=7)
            role = "small" if r.h >= look.line_height("small") else "tiny"
            name = target_name(t, scn, tid) if i >= scn.rules.n_exp else exp_short(t, scn, i)
            look.blit_text(
                surf,
                look.fit(name, role, self.name_w - px(12)),
                (r.x + px(8), r.centery),
                role,
                INK,
                anchor="midleft",
            )
            initial = {m: mm.name[:1] for m, mm in enumerate(scn.members)}
            for m, center in self.row_chips(tid):
                chip(surf, look, center, self.chip_r, m, initial[m])
            info = pygame.Rect(
                r.x + self.name_w + round(r.w * 0.36),
                r.y + px(4),
                r.right - (r.x + self.name_w + round(r.w * 0.36)) - px(8),
                r.h - px(8),
            )
            if i < scn.rules.n_exp:
                need = float(demand[i])
                got = float(cover[i])
                frac = got / need if need > 0 else (1.0 if got > 0 else 0.0)
                txt = f"{got:.1f} / {need:.0f}" if need > 0 else f"{got:.1f}"
                tw = look.font("tiny").size("000.0 / 000")[0]
                bar(
                    surf,
                    pygame.Rect(info.x, info.centery - px(4), info.w - tw - px(6), px(8)),
                    frac,
                    ACCENT if frac >= 0.999 else colour(METER_COLOURS["trust"]),
                    border=LINE,
                )
                look.blit_text(
                    surf, txt, (info.right, info.centery), "tiny", INK, anchor="midright"
                )
            elif i < scn.rules.n_exp + scn.rules.n_traits:
                v = float(s.state.traits[0, i - scn.rules.n_exp])
                tw = look.font("tiny").size("100")[0]
                bar(
                    surf,
                    pygame.Rect(info.x, info.centery - px(3), info.w - tw - px(6), px(6)),
                    v / 100,
                    colour(METER_COLOURS["political_cover"]),
                )
                look.blit_text(
                    surf, f"{v:.0f}", (info.right, info.centery), "tiny", INK, anchor="midright"
                )
            else:
                unplaced = sum(s.plan.free(m.id) for m in scn.members)
                look.blit_text(
                    surf,
                    look.fit(t("ui.board.rest_note", n=unplaced), "tiny", r.right - info.x - px(6)),
                    (info.x, info.centery),
                    "tiny",
                    MUTED,
                    anchor="midleft",
                )

    def draw_events(self, surf, live):
        look, t, s = self.app.look, self.app.t, self.session
        px = look.px
        look.blit_text(
            surf, t("ui.board.events", n=len(live)), self.right.topleft, "body", INK, True
        )
        if not self.events:
            look.blit_wrapped(
                surf, t("ui.board.no_events"), self.events_area.inflate(-px(8), 0), "small", MUTED
            )
        entries = self.entries()
        cur = entries[min(self.cursor, len(entries) - 1)]
        for ev, r in zip(self.events, self.event_rects, strict=True):
            event_card(surf, look, t, s, live[ev.uid], r, compact=self.compact)
            if cur[0] == "option" and cur[1] == ev.uid:
                b = self.option_buttons.get((cur[1], cur[2]))
                if b is not None:
                    pygame.draw.rect(surf, ACCENT, b.rect.inflate(8, 8), 3, border_radius=8)
        if self.hidden_events:
            titles = ", ".join(
                s.scn.templates[e.template].title.get(t.lang) for e in self.hidden_events
            )
            text = t("ui.board.more_events", n=len(self.hidden_events), titles=titles)
            look.blit_text(
                surf,
                look.fit(text, "tiny", self.events_area.w),
                (self.events_area.x, self.events_area.bottom + px(2)),
                "tiny",
                BAD,
                True,
            )

    def draw_calendar(self, surf):
        look, t, s = self.app.look, self.app.t, self.session
        px = look.px
        r = self.calendar_rect
        card(surf, r, CARD, LINE)
        look.blit_text(
            surf,
            t("ui.board.calendar", n=s.horizon()),
            (r.x + px(10), r.y + px(6)),
            "body",
            INK,
            True,
        )
        y = r.y + px(8) + look.line_height("body")
        ahead = s.calendar_ahead()
        if not ahead:
            look.blit_wrapped(
                surf,
                t("ui.board.calendar_none"),
                pygame.Rect(r.x + px(10), y, r.w - px(20), r.bottom - y),
                "small",
                MUTED,
                max_lines=2,
            )
        for c in ahead[:2]:
            txt = t("ui.calendar.entry", turn=c.turn, title=c.title.get(t.lang))
            if c.turn == s.turn:
                txt = t("ui.calendar.now", title=c.title.get(t.lang))
            look.blit_text(
                surf, look.fit(txt, "small", r.w - px(20)), (r.x + px(10), y), "small", INK
            )
            y += look.line_height("small")

    def draw_bottom(self, surf):
        look, t, s = self.app.look, self.app.t, self.session
        px = look.px
        pygame.draw.line(surf, LINE, (0, self.bottom.top), (self.app.size[0], self.bottom.top))
        r = self.status_rect
        if self.message:
            card(surf, r, WARN_BG if self.message_bad else CARD, BAD if self.message_bad else LINE)
            look.blit_wrapped(
                surf,
                self.message,
                r.inflate(-px(16), -px(6)),
                "small",
                BAD if self.message_bad else INK,
                max_lines=2,
            )
            return
        member = s.scn.members[self.member]
        missing = [ev for ev in self.events if ev.option_ids and ev.chosen is None]
        if missing:
            txt = t("ui.board.hint_dilemma", n=len(missing))
        elif s.plan.free(member.id) == sum(s.plan.capacity.values()) // max(
            1, s.scn.n_members
        ) and not any(s.plan.chips.values()):
            txt = t("ui.board.hint_start", name=member.name)
        else:
            free = sum(s.plan.free(m.id) for m in s.scn.members)
            txt = t("ui.board.hint_ready", n=free)
        look.blit_wrapped(surf, txt, r.inflate(-px(8), -px(6)), "small", INK, max_lines=2)

    def draw_top(self, surf):
        look = self.app.look
        if self.drag:
            m = self.drag.member
            chip(
                surf, look, self.drag.pos, self.chip_r + 2, m, self.session.scn.members[m].name[:1]
            )
        if self.tutorial is not None:
            self.draw_tutorial(surf)
            return
        self.draw_tooltip(surf)

    def draw_tutorial(self, surf):
        look, t = self.app.look, self.app.t
        px = look.px
        region = self.tutorial_region()
        pygame.draw.rect(surf, ACCENT, region.inflate(px(10), px(10)), px(4), border_radius=10)
        box = self.tutorial_box()
        pygame.draw.rect(surf, LINE, box.move(px(4), px(4)), border_radius=12)
        card(surf, box, CARD, ACCENT, 12, 3)
        name = TUTORIAL[self.tutorial]
        x, y = box.x + px(18), box.y + px(12)
        look.blit_text(
            surf,
            t("ui.tutorial.step", n=self.tutorial + 1, total=len(TUTORIAL)),
            (x, y),
            "tiny",
            MUTED,
        )
        y += look.line_height("tiny")
        look.blit_text(surf, t(f"ui.tutorial.{name}.title"), (x, y), "head", ACCENT, True)
        y += look.line_height("head")
        if name == "events":
            for kind in ("agenda", "electoral", "authority", "temporal"):
                kind_icon(surf, kind, (x + px(10), y + px(10)), px(20))
                look.blit_text(
                    surf, t(f"kind.{kind}"), (x + px(24), y + px(10)), "small", INK, True, "midleft"
                )
                x += px(125)
            x = box.x + px(18)
            y += px(24)
        bottom = self.tut_next.rect.top - px(6)
        look.blit_wrapped(
            surf,
            t(f"ui.tutorial.{name}.text"),
            pygame.Rect(x, y, box.w - px(36), bottom - y),
            "small",
            INK,
        )
        for b in (self.tut_skip, self.tut_next):  # above the box, unlike the board's own buttons
            surf.blit(b.image, b.rect)

    def tooltip_for(self, pos) -> tuple[str, str] | None:
        t, s = self.app.t, self.session
        scn = s.scn
        for i, r in enumerate(self.meter_rects):
            if r.collidepoint(pos):
                return t(f"meter.{METERS[i]}").capitalize(), t(f"ui.meter_tip.{METERS[i]}")
        tid = self.target_at(pos)
        if tid is not None:
            return target_name(t, scn, tid), target_tip(t, scn, tid)
        for ev, r in zip(self.events, self.event_rects, strict=True):
            if r.collidepoint(pos):
                tmpl = scn.templates[ev.template]
                body = (
                    tmpl.text.get(t.lang)
                    + "\n"
                    + t(f"ui.kind_tip.{ev.kind}")
                    + "\n"
                    + t(f"ui.polarity_tip.{ev.polarity}")
                )
                return tmpl.title.get(t.lang), body
        for m, r in enumerate(self.member_rects):
            if r.collidepoint(pos):
                member = scn.members[m]
                return member.name, t("ui.board.member_tip", role=member.role.get(t.lang))
        if self.calendar_rect.collidepoint(pos):
            return t("ui.board.calendar", n=s.horizon()), t("ui.board.calendar_tip")
        return None

    def draw_tooltip(self, surf):
        if self.drag or any(b.hovered for b in self.elements if hasattr(b, "hovered")):
            return
        tip = self.tooltip_for(self.mouse)
        key = tip[0] if tip else None
        now = time.monotonic()
        if key != self.hover_key:
            self.hover_key, self.hover_since = key, now
            return
        if tip is None or now - self.hover_since < TIP_DELAY:
            return
        tooltip(surf, self.app.look, self.mouse, *tip)


def tooltip(surf, look, pos, title: str, body: str) -> None:
    """A dark box with a bold title and a wrapped text near the pointer, kept inside the window."""
    px = look.px
    w = px(380)
    lines = look.wrap(body, "small", w - px(20))
    h = look.line_height("small") * (len(lines) + 1) + px(18)
    r = pygame.Rect(pos[0] + px(16), pos[1] + px(18), w, h)
    r.clamp_ip(surf.get_rect())
    if r.collidepoint(pos):
        r.bottom = pos[1] - px(8)
        r.clamp_ip(surf.get_rect())
    card(surf, r, INK, INK, 6)
    y = r.y + px(8)
    look.blit_text(surf, title, (r.x + px(10), y), "small", "white", True)
    y += look.line_height("small")
    for line in lines:
        look.blit_text(surf, line, (r.x + px(10), y), "small", "#e8edf5")
        y += look.line_height("small")


def meter_widget(surf, look, t, r, meter, hist, n_turns) -> None:
    """A meter: name, value, change since last turn, and its history as a sparkline."""
    px = look.px
    card(surf, r, CARD, LINE)
    col = colour(METER_COLOURS[meter])
    value = float(hist[-1])
    name = look.fit(t(f"meter.{meter}").capitalize(), "small", r.w - px(20))
    nr = look.blit_text(surf, name, (r.x + px(10), r.y + px(3)), "small", INK, True)
    vr = look.blit_text(
        surf, f"{value:.0f}", (r.x + px(10), r.bottom - px(2)), "head", col, True, "bottomleft"
    )
    if len(hist) > 1:
        d = value - float(hist[-2])
        look.blit_text(
            surf,
            f"{d:+.1f}",
            (vr.right + px(6), vr.bottom - px(4)),
            "tiny",
            BAD if d < -0.05 else (ACCENT if d > 0.05 else MUTED),
            True,
            "bottomleft",
        )
    left = vr.right + look.font("tiny", True).size("+00.0")[0] + px(14)
    spark = pygame.Rect(
        left, nr.bottom + px(3), r.right - left - px(10), r.bottom - nr.bottom - px(9)
    )
    if spark.w < px(20) or spark.h < px(8):
        return
    pygame.draw.rect(surf, SOFT, spark)
    pts = [
        (
            spark.x + spark.w * i / max(1, n_turns),
            spark.bottom - spark.h * max(0, min(100, v)) / 100,
        )
        for i, v in enumerate(hist)
    ]
    if len(pts) == 1:
        pygame.draw.circle(surf, col, pts[0], px(3))
    dashed_line(surf, col, pts, max(2, px(2)), 0)


def event_card(surf, look, t, s: Session, ev: EventView, r, compact: bool) -> None:
    """An event: kind (icon, colour, word), threat or chance, severity, deadline, demand against coverage."""
    px = look.px
    scn = s.scn
    tmpl = scn.templates[ev.template]
    kind_card(surf, r, ev.kind, px(28))
    x = r.x + px(36)
    y = r.y + px(4)
    lh = look.line_height("small")
    polarity_mark(surf, ev.polarity, (x + px(7), y + lh // 2), px(14))
    meta = t(
        "ui.event.meta",
        kind=t(f"kind.{ev.kind}"),
        polarity=t(f"polarity.{ev.polarity}"),
        severity=f"{ev.severity:.1f}",
        turns=ev.deadline,
    )
    if ev.new:
        meta = t("ui.event.new") + " · " + meta
    look.blit_text(
        surf,
        look.fit(
            meta,
            "tiny",
            r.right
            - x
            - px(26)
            - (
                look.font("tiny", True).size(t("ui.event.choose"))[0]
                if ev.option_ids and not ev.fixed
                else 0
            ),
            bold=True,
        ),
        (x + px(18), y + lh // 2),
        "tiny",
        MUTED,
        True,
        "midleft",
    )
    y += lh
    look.blit_text(
        surf,
        look.fit(tmpl.title.get(t.lang), "small", r.right - x - px(8)),
        (x, y),
        "small",
        INK,
        True,
    )
    y += lh + px(2)
    # demand against what the plan gives (per expectation)
    need = [
        (e, float(ev.remaining[e]), float(ev.expected[e]))
        for e in range(scn.rules.n_exp)
        if ev.remaining[e] > 1e-6
    ]
    if need and not compact:
        cw = (r.right - x - px(8)) // len(need)
        for j, (e, dem, got) in enumerate(need):
            cx = x + j * cw
            label = look.fit(f"{exp_short(t, scn, e)} {got:.0f}/{dem:.0f}", "tiny", cw - px(6))
            look.blit_text(surf, label, (cx, y), "tiny", INK)
            bar(
                surf,
                pygame.Rect(cx, y + look.line_height("tiny"), cw - px(8), px(5)),
                got / dem,
                ACCENT if got >= dem - 1e-6 else colour(METER_COLOURS["trust"]),
            )
    if ev.option_ids and not ev.fixed and ev.chosen is None:
        look.blit_text(
            surf,
            t("ui.event.choose"),
            (r.right - px(8), r.y + px(4)),
            "tiny",
            BAD,
            True,
            "topright",
        )
    elif ev.fixed and ev.chosen:
        label = tmpl.option_labels[tmpl.option_ids.index(ev.chosen)].get(t.lang)
        look.blit_text(
            surf,
            look.fit(t("ui.event.chosen", option=label), "tiny", r.right - x - px(8)),
            (x, r.bottom - px(4)),
            "tiny",
            MUTED,
            anchor="bottomleft",
        )
