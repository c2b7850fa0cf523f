"""The resolution of a turn: animated meter changes, the central task, every event and every cause."""

from __future__ import annotations

import pygame

from ..core.explain import TurnExplanation
from ..core.model import METERS
from ..play.session import Session
from ..words.labels import exp_short
from ..words.narrate import cause_text, option_label
from ..words.outcome import event_status, limit_text
from .look import (
    ACCENT,
    BAD,
    CARD,
    GOOD,
    INK,
    LINE,
    METER_COLOURS,
    MUTED,
    bar,
    card,
    colour,
    kind_card,
    polarity_mark,
)
from .scene import Scene

DURATIONS = {"normal": 1.4, "fast": 0.45, "off": 0.0}
STATUS_GOOD = {"handled", "seized"}
STATUS_NEUTRAL = {"open", "partly_handled", "partly_seized"}


SECTIONS = ("ui.resolution.meters", "ui.resolution.why", "ui.resolution.events")
COLUMNS_UP_TO = 1.3  # the largest text size the three columns hold in full


class ResolutionScene(Scene):
    """What the last turn did and why."""

    name = "resolution"

    def __init__(self, app, session: Session, ex: TurnExplanation):
        super().__init__(app)
        self.session = session
        self.ex = ex
        self.duration = DURATIONS[app.settings.animations]
        self.elapsed = 0.0 if self.duration else 1.0
        self.page = 0  # large text: one of the three parts at a time, at full width
        self.paged = False

    @property
    def progress(self) -> float:
        if not self.duration:
            return 1.0
        p = min(1.0, self.elapsed / self.duration)
        return 1 - (1 - p) ** 3

    @property
    def done(self) -> bool:
        return self.progress >= 1.0

    def build(self):
        look, t = self.app.look, self.app.t
        w, h = self.app.size
        px = look.px
        bh = max(px(46), look.line_height("head") + px(14))
        label = (
            t("ui.resolution.to_end")
            if self.session.over
            else t("ui.resolution.next", turn=self.session.turn)
        )
        bw = max(px(320), look.font("head", True).size(label)[0] + px(40))
        self.footer = h - bh - px(18)
        self.button(
            (w - px(32) - bw, self.footer, bw, bh),
            label,
            self.next,
            t("ui.resolution.next_tip"),
            cls="primary",
        )
        self.focus_i = 0
        # large text: the three parts as tabs when a part's heading is wider than its column
        col_w = (w - 2 * px(32) - 2 * px(20)) // 3
        font = look.font("head", True)
        self.paged = any(font.size(t(k))[0] > col_w for k in SECTIONS)
        self.paged |= self.app.settings.text_scale > COLUMNS_UP_TO  # columns would cut lines
        if self.paged:
            x, y = px(32), px(24) + look.line_height("title")
            th = look.line_height("body") + px(14)
            for i, key in enumerate(SECTIONS):
                tw = look.font("body").size(t(key))[0] + px(30)
                self.button((x, y, tw, th), t(key), lambda i=i: self.show_page(i),
                            cls="selected" if i == self.page else None)  # fmt: skip
                x += tw + px(10)
            self.tabs_bottom = y + th + px(10)
            self.focus_i = 0  # the way on keeps the focus: Enter goes on

    def show_page(self, i: int) -> None:
        """Large text: show one of the three parts."""
        self.page = i % len(SECTIONS)
        self.rebuild()
        self.app.poke()

    def next(self):
        if not self.done:
            self.elapsed = self.duration
            return
        if self.session.over:
            self.app.go("end", session=self.session)
        else:
            self.app.go("board", session=self.session)

    def handle_event(self, event):
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.elapsed = self.duration
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_F1, pygame.K_h):
            self.app.push("help")
            return True
        if (
            self.paged
            and event.type == pygame.KEYDOWN
            and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP)
        ):
            self.show_page(self.page + (1 if event.key == pygame.K_PAGEDOWN else -1))
            return True
        return super().handle_event(event)

    def update(self, dt):
        if self.done:
            return False
        self.elapsed += dt
        return True

    def draw(self, surf):
        super().draw(surf)
        look, t, s, ex = self.app.look, self.app.t, self.session, self.ex
        px = look.px
        w, _h = self.app.size
        pygame.draw.rect(surf, ACCENT, (0, 0, w, px(8)))
        look.blit_text(
            surf,
            t("ui.resolution.title", turn=ex.turn, turns=s.scn.n_turns),
            (px(32), px(20)),
            "title",
            INK,
            True,
        )
        top = px(28) + look.line_height("title")
        gap = px(20)
        col_w = (w - 2 * px(32) - 2 * gap) // 3
        left = pygame.Rect(px(32), top, col_w, self.footer - top - px(12))
        mid = pygame.Rect(left.right + gap, top, col_w, left.h)
        right = pygame.Rect(mid.right + gap, top, col_w, left.h)
        if self.paged:  # one part at full width below the tabs
            page = pygame.Rect(px(32), self.tabs_bottom, w - 2 * px(32),
                               self.footer - self.tabs_bottom - px(12))  # fmt: skip
            (self.draw_meters, self.draw_causes, self.draw_events)[self.page](surf, page)
            if self.done:  # below, where the hint to skip the animation was
                hint = t("ui.resolution.pages", n=self.page + 1, total=len(SECTIONS))
                look.blit_text(surf, hint, (px(32), self.footer + px(12)), "small", MUTED)
        else:
            self.draw_meters(surf, left)
            self.draw_causes(surf, mid)
            self.draw_events(surf, right)
        if not self.done:
            look.blit_text(
                surf, t("ui.resolution.skip"), (px(32), self.footer + px(12)), "small", MUTED
            )

    def draw_meters(self, surf, r):
        look, t, ex = self.app.look, self.app.t, self.ex
        px = look.px
        p = self.progress
        whole = r
        if self.paged:  # full width: the meters and the task left, the team right
            r = pygame.Rect(r.x, r.y, r.w // 2 - px(10), r.h)
        y = r.y
        look.blit_text(surf, t("ui.resolution.meters"), (r.x, y), "head", ACCENT, True)
        y += look.line_height("head") + px(4)
        box_h = look.line_height("body") + px(26)
        for meter in METERS:
            before, after = ex.meters_before[meter], ex.meters_after[meter]
            now = before + (after - before) * p
            box = pygame.Rect(r.x, y, r.w, box_h)
            card(surf, box, CARD, LINE)
            look.blit_text(
                surf,
                t(f"meter.{meter}").capitalize(),
                (box.x + px(10), box.y + px(4)),
                "body",
                INK,
                True,
            )
            d = (after - before) * p
            col = BAD if d < -0.05 else (GOOD if d > 0.05 else MUTED)
            look.blit_text(
                surf,
                f"{t.num(now)}  ({t.num(d, 1, sign=True)})",
                (box.right - px(10), box.y + px(4)),
                "body",
                col,
                True,
                "topright",
            )
            track = pygame.Rect(box.x + px(10), box.bottom - px(14), box.w - px(20), px(8))
            bar(surf, track, now / 100, colour(METER_COLOURS[meter]))
            x0 = track.x + track.w * before / 100
            pygame.draw.line(surf, INK, (x0, track.y - px(3)), (x0, track.bottom + px(3)), 2)
            y += box_h + px(8)
        # the central task
        y += px(6)
        y += look.blit_wrapped(
            surf,
            t("ui.resolution.task", task=self.session.scn.task_title.get(t.lang)),
            pygame.Rect(r.x, y, r.w, 2 * look.line_height("body")),
            "body",
            INK,
            True,
            max_lines=2,
        )
        bar(surf, pygame.Rect(r.x, y + px(4), r.w - px(70), px(12)), ex.task_fulfilment * p, ACCENT)
        look.blit_text(
            surf,
            t.pct(ex.task_fulfilment * p),
            (r.right, y),
            "body",
            INK,
            True,
            "topright",
        )
        y += look.line_height("body") + px(8)
        # energy and traits
        if self.paged:
            r = pygame.Rect(r.right + px(20), whole.y, whole.right - r.right - px(20), whole.h)
            y = r.y + look.line_height("head") + px(4)
        look.blit_text(surf, t("ui.resolution.team"), (r.x, y), "body", INK, True)
        y += look.line_height("body")
        scn = self.session.scn
        parts = [f"{m.name} {t.num(ex.energy_delta[m.id], 0, sign=True)}" for m in scn.members]
        y += look.blit_wrapped(
            surf,
            t("ui.resolution.energy", parts=", ".join(parts)),
            pygame.Rect(r.x, y, r.w, r.bottom - y),
            "small",
            INK,
        ) + px(4)
        changed = sorted(((v, k) for k, v in ex.trait_delta.items() if abs(v) >= 0.5), reverse=True)
        if changed:
            names = {c.id: c.name.get(t.lang) for c in scn.rules.traits}
            parts = [f"{names[k]} {t.num(v, 0, sign=True)}" for v, k in changed[:5]]
            look.blit_wrapped(
                surf,
                t("ui.resolution.traits", parts=", ".join(parts)),
                pygame.Rect(r.x, y, r.w, r.bottom - y),
                "small",
                INK,
            )

    def preparing_lines(self) -> list[str]:
        """'Voorbereid op Begroting (beurt 7): klaar 12 van 22 (+6)', per date prepared for."""
        t, s = self.app.t, self.session
        notes = s.notes.get(self.ex.turn)
        if notes is None:
            return []
        out = []
        for c in s.scn.calendar:
            if c.id in notes.prepare:
                before, after, demand = notes.prepare[c.id]
                out.append(t("ui.resolution.preparing", title=c.title.get(t.lang), turn=c.turn,
                             after=t.num(after, 0), demand=t.num(demand, 0),
                             change=t.num(after - before, 0, sign=True)))  # fmt: skip
        return out

    def triage_lines(self, uid: int) -> list[tuple[str, bool]]:
        """What putting an event first and preparing for it did this turn, in words, each with
        whether it made a difference."""
        t, s, ex = self.app.t, self.session, self.ex
        out = []
        played = s.inputs[ex.turn - 1] if 0 < ex.turn <= len(s.inputs) else None
        if played is not None and uid in played.focus:
            notes = s.notes.get(ex.turn)
            hit = notes.focus.get(uid) if notes is not None else None
            if hit is None:
                out.append((t("ui.resolution.focused_plain"), True))
            elif hit[1] is None or t.pct(hit[0]) == t.pct(hit[1]):
                out.append((t("ui.resolution.focused_same"), False))
            else:
                text = t("ui.resolution.focused", done=t.pct(hit[0]), without=t.pct(hit[1]))
                out.append((text, True))
        done, total, arrived = s.prepared.get(uid, (0.0, 0.0, 0))
        if done > 0 and arrived == ex.turn:
            out.append((t("ui.resolution.prepared_event", done=t.num(done, 0),
                          total=t.num(total, 0)), True))  # fmt: skip
        return out

    def draw_causes(self, surf, r):
        look, t, ex = self.app.look, self.app.t, self.ex
        px = look.px
        y = r.y
        look.blit_text(surf, t("ui.resolution.why"), (r.x, y), "head", ACCENT, True)
        y += look.line_height("head") + px(4)
        changes = [
            c
            for c in sorted(ex.changes, key=lambda c: -abs(c.amount))
            if abs(c.amount) >= 0.05 and c.cause != "limit"
        ]
        # clamping is the meter's state, not a cause: said once per meter below the causes
        limits = [
            limit_text(t, c.meter, c.amount, ex.meters_before[c.meter])
            for c in ex.changes
            if c.cause == "limit" and abs(c.amount) >= 0.05
        ]
        lh = look.line_height("small")
        lab_w = px(22) + max(look.font("tiny").size(t(f"meter.{m}"))[0] for m in METERS)
        shown = 0
        wrapped = [look.wrap(text, "small", r.w, True) for text in limits]  # in full, never cut
        r = pygame.Rect(r.x, r.y, r.w, r.h - lh * sum(len(w) for w in wrapped))
        yy = r.bottom
        for lines in wrapped:
            for line in lines:
                look.blit_text(surf, line, (r.x, yy), "small", MUTED, True)
                yy += lh
        for ch in changes:
            text = cause_text(self.session.scn, ex, ch, t)
            lines = look.wrap(text, "small", r.w - lab_w - px(4))
            need = max(lh + look.line_height("tiny"), lh * len(lines)) + px(6)  # in full
            if y + need > r.bottom - lh:
                break
            col = colour(METER_COLOURS[ch.meter])
            pygame.draw.rect(surf, col, (r.x, y + px(3), px(6), need - px(10)))
            amt_col = BAD if ch.amount < 0 else GOOD
            look.blit_text(
                surf, t.num(ch.amount, 1, sign=True), (r.x + px(12), y), "small", amt_col, True
            )
            look.blit_text(
                surf,
                t(f"meter.{ch.meter}"),
                (r.x + px(12), y + lh),
                "tiny",
                MUTED,
            )
            look.blit_wrapped(
                surf,
                text,
                pygame.Rect(r.x + lab_w, y, r.w - lab_w - px(4), lh * len(lines)),
                "small",
                INK,
            )
            y += need
            shown += 1
        if shown < len(changes):
            look.blit_text(
                surf,
                t.plural("ui.resolution.more", len(changes) - shown),
                (r.x, r.bottom - lh),
                "tiny",
                MUTED,
            )

    def draw_events(self, surf, r):
        look, t, ex, scn = self.app.look, self.app.t, self.ex, self.session.scn
        px = look.px
        y = r.y
        look.blit_text(surf, t("ui.resolution.events"), (r.x, y), "head", ACCENT, True)
        y += look.line_height("head") + px(4)
        lh = look.line_height("small")
        if not ex.events:
            look.blit_text(surf, t("ui.resolution.no_events"), (r.x, y), "small", MUTED)
        lt = look.line_height("tiny")
        for ev in ex.events:
            x_in = px(34)
            width = r.w - x_in - px(8)
            status_id = event_status(scn, ex, ev)
            status = t(f"status.{status_id}")
            if ev.escalated:
                status += " · " + t("ui.resolution.escalated")
            line = t(
                "ui.resolution.event_line" if ev.quality is None else "ui.resolution.ended",
                status=status,
                handled=t.pct(ev.handled if ev.quality is None else ev.quality),
            )
            status_lines = look.wrap(line, "small", width, True)[:2]
            parts = [
                f"{exp_short(t, scn, [c.id for c in scn.rules.expectations].index(e))} "
                f"{t.num(ev.got.get(e, 0))}/{t.num(d)}"
                for e, d in ev.demand.items()
            ]
            got_lines = look.wrap(t("ui.resolution.got", parts=", ".join(parts)), "tiny", width)
            got_lines = got_lines[:3]
            chosen_lines = []
            if ev.chosen_now and ev.option:
                label = option_label(scn, ev.event, ev.option, t.lang)
                chosen_lines = look.wrap(t("ui.event.chosen", option=label), "small", width)[:2]
            triage_lines = [
                (line, mattered) for text, mattered in self.triage_lines(ev.uid)
                for line in look.wrap(text, "tiny", width, mattered)
            ]  # fmt: skip
            h = (lh * (1 + len(status_lines) + len(chosen_lines))
                 + lt * (len(got_lines) + len(triage_lines)) + px(12))  # fmt: skip
            if y + h > r.bottom:
                look.blit_text(
                    surf, t("ui.resolution.more_events"), (r.x, r.bottom - lh), "tiny", MUTED
                )
                break
            box = pygame.Rect(r.x, y, r.w, h)
            kind_card(surf, box, ev.kind, px(26))
            x = box.x + x_in
            title = scn.templates[scn.template_index(ev.event)].title.get(t.lang)
            ok = status_id in STATUS_GOOD
            polarity_mark(surf, ev.polarity, (x + px(7), box.y + px(4) + lh // 2), px(14))
            look.blit_text(
                surf,
                look.fit(title, "small", box.right - x - px(30), True),
                (x + px(18), box.y + px(4)),
                "small",
                INK,
                True,
            )
            yy = box.y + px(4) + lh
            st_col = GOOD if ok else (MUTED if status_id in STATUS_NEUTRAL else BAD)
            for text in status_lines:
                look.blit_text(surf, text, (x, yy), "small", st_col, True)
                yy += lh
            for text in got_lines:
                look.blit_text(surf, text, (x, yy), "tiny", MUTED)
                yy += lt
            for text, mattered in triage_lines:  # put first, prepared: bold where it mattered
                look.blit_text(surf, text, (x, yy), "tiny", ACCENT if mattered else MUTED, mattered)
                yy += lt
            for text in chosen_lines:
                look.blit_text(surf, text, (x, yy), "small", INK)
                yy += lh
            y += h + px(8)
        # preparing for a date ahead: how much is ready now
        for text in self.preparing_lines():
            lines = look.wrap(text, "small", r.w, True)
            if y + lh * len(lines) > r.bottom:
                break
            for line in lines:
                look.blit_text(surf, line, (r.x, y), "small", GOOD, True)
                y += lh
            y += px(6)
        # what arrives next turn
        if not self.session.over:
            new = [s for s in range(self.session.new_events.shape[0]) if self.session.new_events[s]]
            if new and y + 2 * lh < r.bottom:
                look.blit_text(
                    surf, t("ui.resolution.arriving", n=len(new)), (r.x, y), "small", INK, True
                )
                y += lh
                for slot in new:
                    st = self.session.state
                    tm = scn.templates[int(st.ev_template[0, slot])]
                    if y + lh > r.bottom:
                        break
                    title = tm.title.get(t.lang)
                    done = self.session.prepared.get(int(st.ev_uid[0, slot]), (0.0, 0.0, 0))[0]
                    if done > 0:  # a date prepared for: part of it is already done
                        title = t("ui.resolution.arriving_prepared", title=title,
                                  done=t.num(done, 0))  # fmt: skip
                    for line in look.wrap("• " + title, "small", r.w)[:2]:
                        if y + lh > r.bottom:
                            break
                        look.blit_text(surf, line, (r.x, y), "small", GOOD if done > 0 else INK)
                        y += lh
