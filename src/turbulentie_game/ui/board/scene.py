"""The turn board: place the team's time chips, pick dilemma options, read meters, events and calendar."""

from __future__ import annotations

import time

import pygame

from ...core.allocation import AllocationError
from ...core.model import HOOK, METERS, REST
from ...play.session import Session
from ...play.situation import PRIORITY, option_stances, read_situation
from ...words.labels import exp_short, target_name, target_tip
from ..look import (
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
    tooltip,
)
from ..scene import Scene
from .calendar import draw_calendar, layout_calendar
from .input import BoardInput
from .situation import draw_situation, gauge_tip, layout_situation
from .tutorial import Tutorial
from .widgets import (
    Drag,
    draw_event_card,
    effect_words,
    layout_event_card,
    meter_widget,
    stock_bar,
)

TIP_DELAY = 0.35
# a team card's energy bar sits between the member's name and the energy label, with these
# gaps to them (pixels at normal size); a bar narrower than ENERGY_BAR_MIN no longer reads as
# a bar, so lint (ui/text_fit.py, L010) calls such a name too wide for its card
ENERGY_BAR_GAPS = (10, 8)
ENERGY_BAR_MIN = 24


class BoardScene(BoardInput, Tutorial, Scene):
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
        self.keyboard = False  # the last move was a key: descriptions follow the cursor
        self.scroll = 0
        self.tutorial = None if app.settings.intro_done or session.turn > 1 else 0
        self.layout_key = None
        self.option_buttons: dict[tuple[int, str], object] = {}
        self.focus_buttons: dict[int, object] = {}  # uid -> its "put first" button
        self.prepare_buttons: dict[str, object] = {}  # date id -> its "prepare" button

    # layout ----------------------------------------------------------------------------------
    def build(self):
        app, look, t = self.app, self.app.look, self.app.t
        w, h = app.size
        px = look.px
        m = px(14)
        self.top_h = max(px(74), look.line_height("small") + look.line_height("title") + px(12))
        bh = max(px(46), look.line_height("head") + px(14), 2 * look.line_height("small") + px(12))
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
        self.situation = read_situation(self.session)  # the actors, stocks, priorities, stances
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
        # what model 2.1 adds to the rows: the executive's priorities on the expectations (an
        # arrow and the change of demand), the streak of sustained work on a trait
        t, sit = self.app.t, self.situation
        self.row_marks: dict[str, tuple[int, str]] = {}  # target -> (+1 more / -1 less / 0, text)
        for e, c in enumerate(scn.rules.expectations):
            p = float(sit.priority[e])
            if abs(p - 1.0) >= PRIORITY:
                change = t.num(100 * (p - 1.0), 0, sign=True)
                self.row_marks[c.id] = (
                    1 if p > 1 else -1,
                    t("ui.board.priority_mark", change=change),
                )
        # with the change of demand beside each arrow when no name would be cut by it, else
        # the arrows alone on every row
        ids = [c.id for c in scn.rules.expectations]
        some = ids[0]
        role = "small" if self.rows[some].h >= look.line_height("small") else "tiny"
        self.priority_numbers = all(
            look.font(role).size(exp_short(t, scn, e))[0]  # the name, then as priority_mark draws
            + look.font("tiny", True).size(self.row_marks[tid][1])[0]
            + px(4) + look.line_height("tiny") // 2 + px(2)  # text, gap, arrow
            + px(6)
            <= self.name_w - px(12)
            for e, tid in enumerate(ids)
            if tid in self.row_marks
        )
        # the streaks: in words when they fit in 30 % of the bar's room, else as "3×"; the bars
        # of all trait rows start after the widest, so they line up
        width = round((self.targets.w - self.name_w - round(self.targets.w * 0.36) - px(8)) * 0.3)
        streaks = [sit.stocks[k].streak for k in range(n_t)]
        font = look.font("tiny", True)
        words = all(font.size(t("ui.board.streak", n=n))[0] + px(10) <= width
                    for n in streaks if n)  # fmt: skip
        key = "ui.board.streak" if words else "ui.board.streak_short"
        self.pill_w = 0
        for c, n in zip(scn.rules.traits, streaks, strict=True):
            if n:
                self.row_marks[c.id] = (0, t(key, n=n))
                self.pill_w = max(self.pill_w, font.size(t(key, n=n))[0] + px(10))

    def layout_right(self):
        """Event cards in a scrolling column (dilemma buttons on them) and the calendar below."""
        look, t = self.app.look, self.app.t
        px = look.px
        s = self.session
        self.all_events = s.events()
        self.layout_key = (s.state, s.plan.key())  # the cards say what this plan would do
        # the calendar: the dates ahead, a "prepare" toggle on each one in sight
        scn = s.scn
        trait = scn.rules.traits[scn.rules.foresight_trait].name.get(t.lang)
        self.dates = s.dates()
        self.cal_layout = layout_calendar(look, t, self.dates, s.horizon(), trait, self.right.w)
        sit_h = layout_situation(look, t, self.situation, self.right.w).height
        room = self.right.h - look.line_height("body") - sit_h - self.cal_layout.height - px(40)
        if room < 6 * look.line_height("small"):  # a short window, large text: the events first
            self.cal_layout = layout_calendar(look, t, self.dates, s.horizon(), trait,
                                              self.right.w, compact=True)  # fmt: skip
        cal_h = self.cal_layout.height
        self.calendar_rect = pygame.Rect(
            self.right.x, self.right.bottom - cal_h, self.right.w, cal_h
        )
        self.prepare_buttons = {}
        for did, tg in self.cal_layout.toggles.items():
            self.prepare_buttons[did] = self.button(
                tg.button.move(self.calendar_rect.topleft),
                tg.label,
                lambda d=did: self.toggle_prepare(d),
                self.prepare_tip(did),
                cls="chosen" if tg.on else "choice",
                focusable=False,
            )
        # the situation: the actors, red tape and the oyster, just above the calendar
        self.sit_layout = layout_situation(look, t, self.situation, self.right.w)
        self.situation_rect = pygame.Rect(
            self.right.x,
            self.calendar_rect.top - px(8) - self.sit_layout.height,
            self.right.w,
            self.sit_layout.height,
        )
        head = look.line_height("body") + px(8)
        area = pygame.Rect(
            self.right.x,
            self.right.y + head,
            self.right.w,
            self.situation_rect.top - px(8) - look.line_height("tiny") - self.right.y - head,
        )
        self.events_area = area
        # dilemmas that still need a choice first
        self.all_events.sort(key=lambda e: (not (e.option_ids and not e.fixed), e.slot))
        card_w = area.w - px(12)  # room for the scroll bar
        self.card_layouts = {}
        self.card_top: dict[int, int] = {}  # uid -> top within the column (before scrolling)
        y = 0
        self.stances = {
            ev.uid: option_stances(s, ev, self.situation) for ev in self.all_events if ev.option_ids
        }
        for ev in self.all_events:
            lay = layout_event_card(look, t, s, ev, card_w, self.stances.get(ev.uid))
            self.card_layouts[ev.uid] = lay
            self.card_top[ev.uid] = y
            y += lay.height + px(8)
        self.column_h = max(0, y - px(8))
        self.scroll = max(0, min(getattr(self, "scroll", 0), self.column_h - area.h))
        self.event_rects = []
        self.events = []
        self.option_buttons = {}
        self.focus_buttons = {}
        for ev in self.all_events:
            lay = self.card_layouts[ev.uid]
            r = pygame.Rect(area.x, area.y + self.card_top[ev.uid] - self.scroll, card_w,
                            lay.height)  # fmt: skip
            if not r.colliderect(area):
                continue
            self.events.append(ev)
            self.event_rects.append(r)
            tg = lay.focus
            if tg is not None and area.contains(tg.button.move(r.topleft)):
                self.focus_buttons[ev.uid] = self.button(
                    tg.button.move(r.topleft),
                    tg.label,
                    lambda u=ev.uid: self.toggle_focus(u),
                    self.triage_tip(ev),
                    cls="chosen" if tg.on else "choice",
                    focusable=False,
                )
            if ev.fixed:
                continue
            for o, (rect, oid, label) in enumerate(lay.options):
                br = rect.move(r.topleft)
                if not area.contains(br):
                    continue  # scrolled (partly) out of view: no button until it is back
                b = self.button(
                    br,
                    label,
                    lambda u=ev.uid, k=oid: self.choose(u, k),
                    self.option_tip(ev, o),
                    cls="chosen" if ev.chosen == oid else "choice",
                    focusable=False,
                )
                self.option_buttons[(ev.uid, oid)] = b

    def scroll_by(self, dy: int) -> None:
        """Scroll the event column (and lay out its buttons again)."""
        limit = max(0, self.column_h - self.events_area.h)
        new = max(0, min(self.scroll + dy, limit))
        if new != self.scroll:
            self.scroll = new
            self.rebuild()

    def scroll_to(self, uid: int, part: pygame.Rect | None = None) -> None:
        """Scroll so that an event card (or one part of it) is in view."""
        lay = self.card_layouts.get(uid)
        if lay is None:
            return
        top = self.card_top[uid] + (part.y if part else 0)
        h = part.h if part else lay.height
        area_h = self.events_area.h
        if top < self.scroll:
            self.scroll_by(top - self.scroll)
        elif top + min(h, area_h) > self.scroll + area_h:
            self.scroll_by(top + min(h, area_h) - self.scroll - area_h)

    # cursor entries (keyboard) ---------------------------------------------------------------
    def entries(self) -> list[tuple]:
        """What the arrow keys move over: every target, every event with its "put first" toggle
        and its open dilemma options, the situation's readings, the calendar's toggles."""
        out: list[tuple] = [("target", tid) for tid in self.row_order]
        for ev in self.all_events:
            out += [("event", ev.uid), ("focus", ev.uid)]
            if not ev.fixed:
                out += [("option", ev.uid, oid) for oid in ev.option_ids]
        out += [("gauge", c.key) for c in self.sit_layout.cells]
        out += [("prepare", did) for did in self.cal_layout.toggles]
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

    def toggle_focus(self, uid: int) -> None:
        """Put an event first (triage) or take it back into the common share."""
        self.session.plan.toggle_focus(uid)
        self.rebuild()

    def toggle_prepare(self, date_id: str) -> None:
        """Prepare for a date in sight, or stop preparing for it."""
        if any(d.id == date_id and d.status == "prepare" for d in self.dates):
            self.session.plan.toggle_prepare(date_id)
            self.rebuild()

    def undo(self) -> None:
        if self.session.plan.undo():
            self.rebuild()
        else:
            self.flash(self.app.t("ui.board.nothing_to_undo"))

    def help(self) -> None:
        self.app.push("help")

    def history(self) -> None:
        self.app.push("history", session=self.session)

    def end_turn(self) -> None:
        """Hand the plan to the engine; a refused plan stays on screen with the reasons."""
        try:
            ex = self.app.game.end_turn(self.session)
        except AllocationError as exc:
            t = self.app.t
            self.flash(
                "; ".join(t(f"allocation.{p.code}", **p.params()) for p in exc.problems), bad=True
            )
            return
        self.app.go("resolution", session=self.session, ex=ex)

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
        if (self.session.state, self.session.plan.key()) != self.layout_key:
            self.rebuild()  # the plan changed: the cards' preview and heights follow it
        busy = self.drag is not None or (self.message and time.monotonic() < self.message_until)
        if self.message and time.monotonic() >= self.message_until:
            self.message = ""
            busy = True
        self.undo_button.enable() if self.session.plan.undo_stack else self.undo_button.disable()
        return bool(busy)

    def draw(self, surf):
        super().draw(surf)
        s = self.session
        pv = s.preview()  # what the current plan would do (computed once per change of the plan)
        live = {ev.uid: ev for ev in s.events()}
        self.draw_top_bar(surf)
        self.draw_team(surf)
        self.draw_targets(surf, pv.coverage, pv.demand)
        self.draw_events(surf, live)
        entries = self.entries()
        cur = entries[min(self.cursor, len(entries) - 1)]
        focus = cur[1] if cur[0] == "gauge" and self.keyboard else None
        draw_situation(surf, self.app.look, self.sit_layout, self.situation_rect, focus)
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
        pv = s.preview()
        for i, meter in enumerate(METERS):
            plan = pv.meter_change(i) if pv.meters_after is not None else None
            meter_widget(surf, look, t, self.meter_rects[i], meter, hist[:, i], s.scn.n_turns, plan)

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
            nr = look.blit_text(
                surf, f"{m + 1}  {member.name}", (x, r.y + px(2)), "body", INK, True
            )
            energy = float(s.state.energy[0, m])
            label = t("ui.board.energy", value=round(energy))
            lr = look.blit_text(
                surf, label, (r.right - px(10), nr.centery), "tiny", MUTED, anchor="midright"
            )
            bar(
                surf,
                pygame.Rect(
                    nr.right + px(ENERGY_BAR_GAPS[0]),
                    nr.centery - px(3),
                    lr.left - nr.right - px(sum(ENERGY_BAR_GAPS)),
                    px(6),
                ),
                energy / 100,
                colour(METER_COLOURS["public_value"]) if energy >= 45 else BAD,
            )
            skills = s.state.skills[0, m]
            best = sorted(range(s.scn.rules.n_exp), key=lambda e: -skills[e])[:3]
            strong = ", ".join(f"{exp_short(t, s.scn, e)} {t.num(skills[e])}" for e in best)
            room = pygame.Rect(x, nr.bottom, r.right - x - px(10),
                               r.bottom - 2 * self.chip_r - px(10) - nr.bottom)  # fmt: skip
            lines = max(1, room.h // look.line_height("tiny"))
            look.blit_wrapped(
                surf, t("ui.board.strong", skills=strong), room, "tiny", INK, max_lines=lines
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
        self.heading(surf, t("ui.board.daily_work"), self.exp_head_y)
        self.heading(surf, t("ui.board.development"), self.trait_head_y, legend=True)
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
            name_room = self.name_w - px(12)
            mark = self.row_marks.get(tid) if i < scn.rules.n_exp else None
            if mark is not None:  # the executive's priority: an arrow and the change of demand
                if not self.priority_numbers:  # the arrows alone (the description has the number)
                    mark = (mark[0], "")
                name_room -= self.priority_mark(surf, mark, r) + px(6)
            look.blit_text(
                surf,
                look.fit(name, role, name_room),
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
                txt = f"{t.num(got)} / {t.num(need, 0)}" if need > 0 else t.num(got)
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
                st = self.situation.stocks[i - scn.rules.n_exp]
                mark = self.row_marks.get(tid)
                if mark is not None:  # turns in a row of work on it: what embeds it
                    self.pill(surf, mark[1], (info.x, info.centery), ACCENT)
                x = info.x + (self.pill_w + px(6) if self.pill_w else 0)
                tw = look.font("tiny").size("100")[0]
                stock_bar(surf, pygame.Rect(x, info.centery - px(4), info.right - tw - px(6) - x,
                                            px(8)), st.practised, st.embedded)  # fmt: skip
                look.blit_text(
                    surf, t.num(st.practised, 0), (info.right, info.centery), "tiny", INK,
                    anchor="midright",
                )  # fmt: skip
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

    def heading(self, surf, text: str, y: int, legend: bool = False) -> None:
        """A column heading in the largest role that fits (never cut); the traits' heading
        with the legend of the two stocks when there is room beside it."""
        look, t = self.app.look, self.app.t
        px = look.px
        w = self.targets.w
        both = (t("ui.board.daily_work"), t("ui.board.development"))  # one size for the two
        role = next((r for r in ("body", "small")
                     if all(look.font(r, True).size(s)[0] <= w for s in both)), "tiny")  # fmt: skip
        hr = look.blit_text(
            surf, look.fit(text, role, w, True), (self.targets.x, y), role, INK, True
        )
        if not legend:
            return
        items = [(t("ui.board.embedded"), True), (t("ui.board.practised"), False)]
        sw, gap = px(12), px(10)
        need = sum(sw + px(4) + look.font("tiny").size(s)[0] for s, _ in items) + gap
        if hr.right + px(16) + need > self.targets.right:
            return  # no room: the rows' descriptions and the tour explain the two shades
        x = self.targets.right - need
        for label, solid in items:
            sr = pygame.Rect(x, hr.centery - px(4), sw, px(8))
            stock_bar(surf, sr, 100, 100 if solid else 0)
            x = look.blit_text(surf, label, (sr.right + px(4), hr.centery), "tiny", MUTED,
                               anchor="midleft").right + gap  # fmt: skip

    def pill(self, surf, text: str, midleft, col) -> pygame.Rect:
        """A small rounded label."""
        look = self.app.look
        px = look.px
        img = look.text(text, "tiny", col, True)
        r = img.get_rect(midleft=(midleft[0] + px(5), midleft[1]))
        box = r.inflate(px(10), 0)
        pygame.draw.rect(surf, SOFT, box, border_radius=box.h // 2)
        pygame.draw.rect(surf, col, box, 1, border_radius=box.h // 2)
        surf.blit(img, r)
        return box

    def priority_mark(self, surf, mark: tuple[int, str], r: pygame.Rect) -> int:
        """The executive's priority on an expectation row, right in its name column; its width."""
        look = self.app.look
        px = look.px
        up, text = mark
        size = look.line_height("tiny") // 2
        right = r.x + self.name_w - px(6)
        x = right
        if text:
            img = look.text(text, "tiny", INK, True)
            tr = img.get_rect(midright=(right, r.centery))
            surf.blit(img, tr)
            x = tr.x - px(4)
        cx, cy = x - size // 2, r.centery
        h = size / 2
        pts = ([(cx, cy - h), (cx + h, cy + h * 0.7), (cx - h, cy + h * 0.7)] if up > 0 else
               [(cx, cy + h), (cx + h, cy - h * 0.7), (cx - h, cy - h * 0.7)])  # fmt: skip
        pygame.draw.polygon(surf, ACCENT if up > 0 else BAD, pts)
        return right - (cx - size // 2 - px(2))

    def draw_events(self, surf, live):
        look, t = self.app.look, self.app.t
        px = look.px
        area = self.events_area
        look.blit_text(
            surf, t("ui.board.events", n=len(live)), self.right.topleft, "body", INK, True
        )
        if not self.all_events:
            look.blit_wrapped(
                surf, t("ui.board.no_events"), area.inflate(-px(8), 0), "small", MUTED
            )
            return
        entries = self.entries()
        cur = entries[min(self.cursor, len(entries) - 1)]
        clip = surf.get_clip()
        surf.set_clip(area.inflate(px(6), 0))
        for ev, r in zip(self.events, self.event_rects, strict=True):
            draw_event_card(surf, look, live[ev.uid], self.card_layouts[ev.uid], r)
            if cur == ("event", ev.uid):
                pygame.draw.rect(surf, ACCENT, r.inflate(4, 4), 3, border_radius=8)
            if cur[0] == "option" and cur[1] == ev.uid:
                b = self.option_buttons.get((cur[1], cur[2]))
                if b is not None:
                    pygame.draw.rect(surf, ACCENT, b.rect.inflate(6, 6), 3, border_radius=8)
            if cur == ("focus", ev.uid):
                tg = self.card_layouts[ev.uid].focus
                pygame.draw.rect(surf, ACCENT, tg.rect.move(r.topleft).inflate(8, 8), 3,
                                 border_radius=8)  # fmt: skip
        surf.set_clip(clip)
        if self.column_h > area.h:  # a scroll bar, and words for what is out of view
            track = pygame.Rect(area.right - px(6), area.y, px(6), area.h)
            pygame.draw.rect(surf, SOFT, track, border_radius=3)
            th = max(px(24), round(area.h * area.h / self.column_h))
            ty = area.y + round((area.h - th) * self.scroll / (self.column_h - area.h))
            pygame.draw.rect(surf, MUTED, (track.x, ty, track.w, th), border_radius=3)
            seen = [
                i for i, ev in enumerate(self.all_events)
                if any(e.uid == ev.uid for e in self.events)
            ]  # fmt: skip
            text = t(
                "ui.board.scroll", first=seen[0] + 1, last=seen[-1] + 1, n=len(self.all_events)
            )
            look.blit_text(
                surf,
                look.fit(text, "tiny", area.w),
                (area.x, area.bottom + px(2)),
                "tiny",
                INK,
                True,
            )

    def draw_calendar(self, surf):
        r = self.calendar_rect
        draw_calendar(surf, self.app.look, self.cal_layout, r)
        entries = self.entries()
        cur = entries[min(self.cursor, len(entries) - 1)]
        if cur[0] == "prepare" and cur[1] in self.cal_layout.toggles:
            tg = self.cal_layout.toggles[cur[1]]
            pygame.draw.rect(surf, ACCENT, tg.rect.move(r.topleft).inflate(8, 8), 3,
                             border_radius=8)  # fmt: skip

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
        missing = [ev for ev in self.all_events if ev.option_ids and ev.chosen is None]
        entry = self.entries()[min(self.cursor, len(self.entries()) - 1)]
        if self.keyboard and entry[0] == "target":  # the description of the focused target
            txt = f"{target_name(t, s.scn, entry[1])}: {self.row_tip(entry[1])}"
        elif self.situation.new_priorities and not any(s.plan.chips.values()):
            txt = t("ui.board.hint_priorities")  # a new executive: first thing to know
        elif missing:
            txt = t.plural("ui.board.hint_dilemma", len(missing))
        elif s.plan.free(member.id) == sum(s.plan.capacity.values()) // max(
            1, s.scn.n_members
        ) and not any(s.plan.chips.values()):
            txt = t("ui.board.hint_start", name=member.name)
        else:
            free = sum(s.plan.free(m.id) for m in s.scn.members)
            txt = t.plural("ui.board.hint_ready", free)
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

    def tooltip_for(self, pos) -> tuple[str, str] | None:
        t, s = self.app.t, self.session
        scn = s.scn
        for i, r in enumerate(self.meter_rects):
            if r.collidepoint(pos):
                return t(f"meter.{METERS[i]}").capitalize(), t(f"ui.meter_tip.{METERS[i]}")
        tid = self.target_at(pos)
        if tid is not None:
            return target_name(t, scn, tid), self.row_tip(tid)
        for ev, r in zip(self.events, self.event_rects, strict=True):
            if r.collidepoint(pos) and self.events_area.collidepoint(pos):
                return scn.templates[ev.template].title.get(t.lang), self.event_tip(ev)
        for m, r in enumerate(self.member_rects):
            if r.collidepoint(pos):
                member = scn.members[m]
                return member.name, t("ui.board.member_tip", role=member.role.get(t.lang))
        for c in self.sit_layout.cells:
            if c.rect.move(self.situation_rect.topleft).collidepoint(pos):
                return gauge_tip(t, scn, self.situation, c.key)
        if self.situation_rect.collidepoint(pos):
            return t("ui.situation.title"), t("ui.situation.tip")
        for d, rr in self.cal_layout.rows:
            if rr.move(self.calendar_rect.topleft).collidepoint(pos):
                return self.date_tip(d.id)
        if self.calendar_rect.collidepoint(pos):
            return t("ui.board.calendar", n=s.horizon()), t("ui.board.calendar_tip")
        return None

    def date_tip(self, date_id: str) -> tuple[str, str]:
        """A calendar date's title and what can be done about it now."""
        t, s = self.app.t, self.session
        d = next(d for d in self.dates if d.id == date_id)
        title = t("ui.calendar.entry", turn=d.turn, title=d.title.get(t.lang))
        if d.status == "prepare":
            return title, self.prepare_tip(date_id)
        if d.status == "out_of_sight":
            scn = s.scn
            trait = scn.rules.traits[scn.rules.foresight_trait].name.get(t.lang)
            return title, t("ui.prepare.out_tip", n=s.horizon(), trait=trait)
        return title, self.cal_layout.lines.get(date_id, "")

    def prepare_tip(self, date_id: str) -> str:
        """What preparing for a date does, and how ready it is."""
        t = self.app.t
        rate, decay = self.session.readiness_terms()
        text = t("ui.prepare.tip", rate=t.num(rate, 1), decay=t.pct(decay))
        return text + "\n" + self.cal_layout.lines.get(date_id, "")

    def triage_tip(self, ev) -> str:
        """What putting an event first does, and what it would change now."""
        t = self.app.t
        line = self.card_layouts[ev.uid].triage
        return t("ui.triage.tip") + ("\n" + line if line else "")

    def cursor_tip(self) -> tuple[pygame.Rect, str, str] | None:
        """The description of what the keyboard cursor is on, and where that is."""
        t, s = self.app.t, self.session
        scn = s.scn
        entries = self.entries()
        entry = entries[min(self.cursor, len(entries) - 1)]
        if entry[0] == "target":
            return self.rows[entry[1]], target_name(t, scn, entry[1]), self.row_tip(entry[1])
        if entry[0] == "gauge":
            cell = next(c for c in self.sit_layout.cells if c.key == entry[1])
            return (cell.rect.move(self.situation_rect.topleft),
                    *gauge_tip(t, scn, self.situation, entry[1]))  # fmt: skip
        if entry[0] == "prepare":
            tg = self.cal_layout.toggles[entry[1]]
            title, body = self.date_tip(entry[1])
            return (
                tg.rect.move(self.calendar_rect.topleft),
                f"{t('ui.prepare.title')}: {title}",
                body,
            )
        ev = next((e for e in self.all_events if e.uid == entry[1]), None)
        if ev is None:
            return None
        tmpl = scn.templates[ev.template]
        rect = next((r for e, r in zip(self.events, self.event_rects, strict=True)
                     if e.uid == ev.uid), self.events_area)  # fmt: skip
        if entry[0] == "focus":
            lay = self.card_layouts[ev.uid]
            part = lay.focus.rect.move(rect.topleft)
            return part, t("ui.triage.title"), self.triage_tip(ev)
        if entry[0] == "option":
            o = tmpl.option_ids.index(entry[2])
            b = self.option_buttons.get((ev.uid, entry[2]))
            label = tmpl.option_labels[o].get(t.lang)
            return (b.rect if b else rect), label, self.option_tip(ev, o) or label
        return rect, tmpl.title.get(t.lang), self.event_tip(ev)

    def option_tip(self, ev, o: int) -> str | None:
        """An option's description: its text, its stance, how that fits now and why."""
        t = self.app.t
        tmpl = self.session.scn.templates[ev.template]
        parts = [tmpl.option_texts[o].get(t.lang)] if tmpl.option_texts else []
        views = self.stances.get(ev.uid)
        sv = views[o] if views else None
        if sv is not None and sv.verdict:
            parts.append(t(f"ui.stance.{sv.stance}_tip"))
            parts.append(
                t(f"ui.stance.now_{sv.verdict}", fit=t.num(sv.fit, 2, sign=True),
                  effects=effect_words(t, sv.effect))
            )  # fmt: skip
            if sv.drivers:
                said = [
                    t("ui.stance.driver", factor=t(f"ui.factor.{f}.{'high' if hi > 0 else 'low'}"),
                      effect=t("ui.stance.helps" if helps > 0 else "ui.stance.hurts"))
                    for f, hi, helps in sv.drivers
                ]  # fmt: skip
                parts.append(t("ui.stance.drivers", factors="; ".join(said)))
        parts = [p for p in parts if p]
        return "\n".join(parts) if parts else None

    def row_tip(self, tid: str) -> str:
        """A target's description, with what model 2.1 adds: the executive's priority on an
        expectation, the two stocks and the streak of a trait."""
        t, s = self.app.t, self.session
        scn, sit = s.scn, self.situation
        text = target_tip(t, scn, tid)
        ids = [c.id for c in scn.rules.expectations]
        traits = [c.id for c in scn.rules.traits]
        if tid in ids:
            p = float(sit.priority[ids.index(tid)])
            if abs(p - 1.0) >= PRIORITY:
                key = "ui.board.priority_more" if p > 1 else "ui.board.priority_less"
                text += " " + t(key, change=t.pct(abs(p - 1.0)))
        elif tid in traits:
            st = sit.stocks[traits.index(tid)]
            text += " " + t(
                "ui.board.stocks", practised=t.num(st.practised, 0), embedded=t.num(st.embedded, 0)
            )
            if st.streak:
                text += " " + t.plural("ui.board.streak_tip", st.streak)
            text += " " + t("ui.board.stocks_tip")
            speeds = scn.rules.trait_hooks[:, HOOK["embedding"]]
            if speeds.max() > 0:
                name = target_name(t, scn, traits[int(speeds.argmax())])
                text += " " + t("ui.board.stocks_learning", learning=name)
        return text

    def event_tip(self, ev) -> str:
        t = self.app.t
        tmpl = self.session.scn.templates[ev.template]
        return "\n".join(
            (
                tmpl.text.get(t.lang),
                t(f"ui.kind_tip.{ev.kind}"),
                t(f"ui.polarity_tip.{ev.polarity}"),
            )
        )

    def draw_tooltip(self, surf):
        if self.keyboard and self.tutorial is None:
            hit = self.cursor_tip()
            entry = self.entries()[min(self.cursor, len(self.entries()) - 1)]
            if hit is not None and entry[0] != "target":  # a target's text is in the status bar
                rect, title, body = hit
                px = self.app.look.px
                # beside the focused thing, on the side with room
                x = rect.right + px(4) if rect.right < self.app.size[0] * 0.6 else rect.x - px(400)
                tooltip(surf, self.app.look, (x, rect.y - px(18)), title, body)
            return
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
