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
    ENERGY_BAR_GAPS,
    ENERGY_BAR_MIN,
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
    focus_ring,
    kind_card,
    tooltip,
)
from ..scene import Scene
from ..scrolling import more_below
from .calendar import draw_calendar, layout_calendar
from .input import BoardInput
from .situation import draw_situation, gauge_tip, layout_situation
from .teammates import placed_on, teammate_chip, teammates_tip
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
        self.body_scroll = 0  # large text: how far the body (both columns) is scrolled
        self.open_uid: int | None = None  # large text: the one event card shown in full
        self.tall = False
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
        self.situation = read_situation(self.session)  # the actors, stocks, priorities, stances
        self.tall = self.needs_tall(h - self.top_h - bh - px(34))
        if self.tall:  # large text: the meters on a row of their own, room for a longer hint
            self.top_h = self.tall_bar_h() + self.meter_h()
            bh = max(bh, 3 * look.line_height("small") + px(12))
        self.bottom = pygame.Rect(0, h - bh - px(18), w, bh + px(18))
        body_top = self.top_h + px(10)
        body_h = self.bottom.top - body_top - px(6)
        self.body_view = pygame.Rect(0, self.top_h + 1, w, self.bottom.top - self.top_h - 1)
        if self.tall:
            self.layout_tall(body_top, body_h)
        else:
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
            bar_h = self.tall_bar_h() - px(16) if self.tall else self.top_h - px(28)
            self.button((x, px(10), bw, bar_h), t(label), action, t(tip), focusable=False)
        title_w = look.font("title", True).size(t("ui.board.turn", turn=20, turns=20))[0]
        mx = max(round(w * 0.2), px(16) + title_w + px(24))
        mw = (x - m - mx) // 3
        self.meter_rects = [
            pygame.Rect(mx + i * mw, px(6), mw - px(12), self.top_h - px(12)) for i in range(3)
        ]
        if self.tall:  # the meters side by side on the bar's second row
            y0, mw = self.tall_bar_h(), (w - m) // 3
            self.meter_rects = [
                pygame.Rect(m + i * mw, y0, mw - m, self.meter_h() - px(6)) for i in range(3)
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
            tw = max(px(160), *(look.font("body").size(t(k))[0] + px(30)
                                for k in ("ui.tutorial.next", "ui.tutorial.skip")))  # fmt: skip
            self.tut_next = self.button(
                (0, 0, tw, bh),
                t("ui.tutorial.next"),
                self.tutorial_next,
                focusable=False,
                cls="primary",
            )
            self.tut_skip = self.button(
                (0, 0, tw, bh), t("ui.tutorial.skip"), self.tutorial_done, focusable=False
            )
            self.place_tutorial_buttons()

    # large text: one scrolling body of two columns -------------------------------------------
    def needs_tall(self, body_h: int) -> bool:
        """Whether the three columns cannot hold their text: the target rows would be lower than
        a line of text, or a team card lower than its text (large text in a small window)."""
        look, rules = self.app.look, self.session.scn.rules
        head = look.line_height("body") + look.px(8)
        unit = (body_h - 2 * head - look.px(8)) / (rules.n_exp * 1.3 + rules.n_traits + 1.3)
        if unit < look.line_height("tiny"):
            return True
        # or the team cards cannot hold a member's name, what they are strong in and the chips
        px, n = look.px, self.session.scn.n_members
        self.chip_r = max(px(7), min(px(11), round(unit * 0.36)))  # as layout_targets sets it
        card_w = round(self.app.size[0] * 0.24) - px(14)
        ch = min(px(120), (body_h - look.line_height("head") - px(6) - (n - 1) * px(8)) // n)
        return any(self.member_card_h(i, card_w) - px(8) > ch for i in range(n))

    def tall_bar_h(self) -> int:
        """The top bar's first row (the turn and the buttons) when the text is large."""
        look = self.app.look
        return max(look.line_height("head"), look.line_height("body")) + look.px(20)

    def meter_h(self) -> int:
        """A meter's height when the meters have a row of their own."""
        look = self.app.look
        return look.line_height("small") + look.line_height("tiny") + look.px(16)

    def member_card_h(self, m: int, width: int) -> int:
        """A member card's height when the text is large: name, what they are strong in, chips."""
        look, px = self.app.look, self.app.look.px
        lines = len(look.wrap(self.strong_text(m), "tiny", width - px(26)))
        chips = 2 * self.chip_r + px(10)
        return look.line_height("body") + px(2) + lines * look.line_height("tiny") + chips + px(8)

    def layout_tall(self, body_top: int, view_h: int) -> None:
        """Team and work on the left, events, situation and calendar on the right, the two
        columns as long as their content and scrolled as one (wheel, PgUp/PgDn, the cursor)."""
        look = self.app.look
        px = look.px
        w = self.app.size[0]
        m = px(14)
        rules = self.session.scn.rules
        left_w = round(w * 0.52) - m
        right_w = w - left_w - 3 * m
        self.chip_r = px(10)
        n = self.session.scn.n_members
        col_w = (left_w - px(8)) // 2
        heights = [self.member_card_h(i, col_w) for i in range(n)]
        rows = [max(heights[i : i + 2]) for i in range(0, n, 2)]
        head = look.line_height("head") + px(6)
        team_h = head + sum(rows) + px(8) * len(rows)
        thead = self.target_head_h(left_w)
        exp_h, unit = self.tall_exp_h(), self.tall_unit(left_w)
        targ_h = 2 * thead + px(8) + (rules.n_exp + 1) * exp_h + rules.n_traits * unit + 4
        self.fold_w = right_w - px(12) - px(44)  # a folded card's line (inside its text column)
        right_h = self.right_column_h(right_w)
        total = max(team_h + px(10) + targ_h, right_h)
        self.body_h = total
        self.body_scroll = max(0, min(self.body_scroll, self.body_limit()))
        top = body_top - self.body_scroll
        self.team = pygame.Rect(m, top, left_w, team_h)
        self.member_rects = []
        y = top + head
        for i in range(n):
            if i and i % 2 == 0:
                y += rows[i // 2 - 1] + px(8)
            x = m + (i % 2) * (col_w + px(8))
            self.member_rects.append(pygame.Rect(x, y, col_w, rows[i // 2]))
        self.targets = pygame.Rect(m, self.team.bottom + px(10), left_w, targ_h)
        self.right = pygame.Rect(self.team.right + 2 * m, top, right_w, right_h)

    def right_column_h(self, width: int) -> int:
        """How tall the events (every card in full), the situation and the calendar are."""
        look, t, s = self.app.look, self.app.t, self.session
        px = look.px
        stances = {ev.uid: option_stances(s, ev, self.situation) for ev in s.events()
                   if ev.option_ids}  # fmt: skip
        cards = sum(
            self.card_h(ev.uid, layout_event_card(look, t, s, ev, width - px(12),
                                                  stances.get(ev.uid))) + px(8)
            for ev in s.events()
        )  # fmt: skip
        scn = s.scn
        trait = scn.rules.traits[scn.rules.foresight_trait].name.get(t.lang)
        cal = layout_calendar(look, t, s.dates(), s.horizon(), trait, width).height
        sit = layout_situation(look, t, self.situation, width).height
        none = 2 * look.line_height("small") if not s.events() else 0
        head = look.line_height("body") + px(8)
        return head + cards + none + look.line_height("tiny") + sit + cal + px(32)

    def card_h(self, uid: int, lay) -> int:
        """How tall an event card is in the column: in full, or (large text) folded to its head
        with a line that says how to open it, unless it is the open one."""
        if not self.tall or uid == self.open_uid:
            return lay.height
        look = self.app.look
        lines = look.wrap(self.app.t("ui.board.fold_more"), "tiny", self.fold_w)
        return lay.head_h + len(lines) * look.line_height("tiny") + look.px(8)

    def open_card(self, uid: int) -> None:
        """Large text: show one event card in full (the others fold to their head)."""
        if self.tall and uid != self.open_uid:
            self.open_uid = uid
            self.rebuild()

    def reveal(self, r: pygame.Rect) -> None:
        """Scroll the large-text body so that a rectangle (on screen now) is in view."""
        view = self.body_view
        if not self.tall or view.contains(r):
            return
        look = self.app.look
        if r.h > view.h or r.top < view.top:
            dy = r.top - view.top - look.px(8)
        else:  # clear of the "more below" label too
            dy = r.bottom - view.bottom + look.line_height("tiny") + look.px(14)
        self.scroll_body(dy)

    def body_limit(self) -> int:
        """How far the large-text body scrolls: its end (and a margin) to the view's bottom."""
        return max(0, self.body_h + self.app.look.px(26) - self.body_view.h)

    def scroll_body(self, dy: int) -> None:
        """Scroll the large-text body (and lay out its buttons again)."""
        new = max(0, min(self.body_scroll + dy, self.body_limit()))
        if new != self.body_scroll:
            self.body_scroll = new
            self.rebuild()

    def layout_team(self):
        if self.tall:
            return  # laid out with the body (layout_tall)
        px = self.app.look.px
        n = self.session.scn.n_members
        head = self.app.look.line_height("head") + px(6)
        ch = min(px(120), (self.team.h - head - (n - 1) * px(8)) // n)
        self.member_rects = [
            pygame.Rect(self.team.x, self.team.y + head + i * (ch + px(8)), self.team.w, ch)
            for i in range(n)
        ]

    def tall_name_w(self, width: int) -> int:
        """Large text: the width of the rows' name column."""
        return round(width * 0.45)

    def tall_exp_h(self) -> int:
        """Large text: the height of a row of daily work (and of rest)."""
        return self.app.look.line_height("small") + self.app.look.px(8)

    def chip_zone(self, width: int) -> int:
        """How wide the chips' part of a target row is (after the name)."""
        return round(width * (0.25 if self.tall else 0.36))

    def tall_unit(self, width: int) -> int:
        """Large text: a trait row's height, as many lines as the longest name needs."""
        look, t, scn = self.app.look, self.app.t, self.session.scn
        room = self.tall_name_w(width) - look.px(12)
        names = [target_name(t, scn, c.id) for c in scn.rules.traits]
        lines = max(len(look.wrap(n, "tiny", room)) for n in names)
        return lines * look.line_height("tiny") + look.px(6)

    def target_head_h(self, width: int) -> int:
        """The height of a heading over the target rows (large text: wrapped, as it needs)."""
        look, t = self.app.look, self.app.t
        if not self.tall:
            return look.line_height("body") + look.px(8)
        both = (t("ui.board.daily_work"), t("ui.board.development"))
        lines = max(len(look.wrap(s, "small", width, True)) for s in both)
        return lines * look.line_height("small") + look.px(8)

    def layout_targets(self):
        look = self.app.look
        px = look.px
        scn = self.session.scn
        head = self.target_head_h(self.targets.w)
        n_e, n_t = scn.rules.n_exp, scn.rules.n_traits
        avail = self.targets.h - 2 * head - px(8)
        unit = avail / (n_e * 1.3 + n_t + 1.3)
        exp_h = unit * 1.3  # a row of daily work (and of rest); a trait's row is one unit
        if self.tall:
            exp_h, unit = self.tall_exp_h(), self.tall_unit(self.targets.w)
        self.rows: dict[str, pygame.Rect] = {}
        y = self.targets.y
        self.exp_head_y = y
        y += head
        for c in scn.rules.expectations:
            self.rows[c.id] = pygame.Rect(
                self.targets.x, round(y), self.targets.w, round(exp_h) - 2
            )
            y += exp_h
        self.trait_head_y = round(y + px(4))
        y += head
        for c in scn.rules.traits:
            self.rows[c.id] = pygame.Rect(self.targets.x, round(y), self.targets.w, round(unit) - 2)
            y += unit
        y += px(8)
        self.rows[REST] = pygame.Rect(self.targets.x, round(y), self.targets.w, round(exp_h) - 2)
        self.row_order = list(scn.rules.targets)
        self.name_w = round(self.targets.w * 0.34)
        if self.tall:
            self.name_w = self.tall_name_w(self.targets.w)
        else:
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
            + px(4)
            + look.line_height("tiny") // 2
            + px(2)  # text, gap, arrow
            + px(6)
            <= self.name_w - px(12)
            for e, tid in enumerate(ids)
            if tid in self.row_marks
        )
        # the streaks: in words when they fit in 30 % of the bar's room, else as "3×"; the bars
        # of all trait rows start after the widest, so they line up
        width = round((self.targets.w - self.name_w - self.chip_zone(self.targets.w) - px(8)) * 0.3)
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
        if room < 6 * look.line_height("small") and not self.tall:  # short window: events first
            self.cal_layout = layout_calendar(look, t, self.dates, s.horizon(), trait,
                                              self.right.w, compact=True)  # fmt: skip
        cal_h = self.cal_layout.height
        self.calendar_rect = pygame.Rect(
            self.right.x, self.right.bottom - cal_h, self.right.w, cal_h
        )
        self.prepare_buttons = {}
        for did, tg in self.cal_layout.toggles.items():
            if self.tall and not self.body_view.contains(
                tg.button.move(self.calendar_rect.topleft)
            ):
                continue  # scrolled out of view: no button until it is back
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
            y += self.card_h(ev.uid, lay) + px(8)
        self.column_h = max(0, y - px(8))
        self.scroll = max(0, min(getattr(self, "scroll", 0), self.column_h - area.h))
        self.event_rects = []
        self.events = []
        self.option_buttons = {}
        self.focus_buttons = {}
        for ev in self.all_events:
            lay = self.card_layouts[ev.uid]
            r = pygame.Rect(area.x, area.y + self.card_top[ev.uid] - self.scroll, card_w,
                            self.card_h(ev.uid, lay))  # fmt: skip
            seen = area.clip(self.body_view).clip(r) if self.tall else area
            if not r.colliderect(area):
                continue
            self.events.append(ev)
            self.event_rects.append(r)
            tg = lay.focus
            if tg is not None and seen.contains(tg.button.move(r.topleft)):
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
                if not seen.contains(br):
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
        """Scroll the event column (and lay out its buttons again); the whole body when the
        text is large."""
        if self.tall:
            self.scroll_body(dy)
            return
        limit = max(0, self.column_h - self.events_area.h)
        new = max(0, min(self.scroll + dy, limit))
        if new != self.scroll:
            self.scroll = new
            self.rebuild()

    def scroll_to(self, uid: int, part: pygame.Rect | None = None) -> None:
        """Scroll so that an event card (or one part of it) is in view."""
        if uid not in self.card_layouts:
            return
        self.open_card(uid)  # large text: the card the cursor goes to opens
        lay = self.card_layouts[uid]
        top = self.card_top[uid] + (part.y if part else 0)
        h = part.h if part else lay.height
        if self.tall:
            area = self.events_area
            self.reveal(pygame.Rect(area.x, area.y + top, area.w, min(h, self.body_view.h)))
            return
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
        self.refuse_member(m, "ui.board.no_chips")
        return False

    def refuse_member(self, m: int, key: str, **params) -> None:
        """Say why a member's chip did not move: a teammate places that member, or `key`."""
        member = self.session.scn.members[m]
        if self.session.plan.is_locked(member.id):
            key = "ui.board.teammates_member"
        self.flash(self.app.t(key, name=member.name, **params), bad=True)

    def take(self, target: str, member: int | None = None) -> bool:
        """Take one chip of a member back from a target."""
        m = self.member if member is None else member
        if self.session.plan.remove(self.session.scn.members[m].id, target):
            return True
        self.refuse_member(
            m, "ui.board.none_here", target=target_name(self.app.t, self.session.scn, target)
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
        mid = self.session.scn.members[m].id
        if self.session.plan.is_locked(mid):
            return []  # a teammate places this member: no chips of theirs to pick up here
        free = self.session.plan.free(mid)
        if self.drag and self.drag.member == m and self.drag.source is None:
            free -= 1
        y = r.bottom - self.chip_r - px(8)
        return [(r.x + px(22) + i * (2 * self.chip_r + px(5)), y) for i in range(max(0, free))]

    def row_chips(self, tid: str, teammates: bool = False) -> list[tuple]:
        """(member, centre) of the player's chips in a row; with `teammates`, (member, initial,
        centre) of the chips teammates placed there this turn, after the player's own."""
        r = self.rows[tid]
        px = self.app.look.px
        x = r.x + self.name_w + self.chip_r + px(4)
        out = []
        step = 2 * self.chip_r + px(2)
        zone = self.chip_zone(r.w) - 2 * self.chip_r if self.tall else round(r.w * 0.34)
        limit = r.x + self.name_w + zone
        for m, member in enumerate(self.session.scn.members):
            n = self.session.plan.on(member.id, tid)
            if self.drag and self.drag.member == m and self.drag.source == tid:
                n -= 1
            for _ in range(n):
                out.append((m, (min(x, limit), r.centery)))
                x += step if x < limit else 0
        if teammates:  # team play: not the player's to drag, so never in the list above
            out = []
            for m, _, initial in placed_on(self.session, tid):
                out.append((m, initial, (min(x, limit), r.centery)))
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
        clip = surf.get_clip()
        surf.set_clip(self.body_view)  # large text: the body scrolls under the two bars
        self.draw_team(surf)
        self.draw_targets(surf, pv.coverage, pv.demand)
        self.draw_events(surf, live)
        entries = self.entries()
        cur = entries[min(self.cursor, len(entries) - 1)]
        focus = cur[1] if cur[0] == "gauge" and self.keyboard else None
        draw_situation(surf, self.app.look, self.sit_layout, self.situation_rect, focus)
        self.draw_calendar(surf)
        surf.set_clip(clip)
        self.draw_body_scroll(surf)
        self.draw_top_bar(surf)
        self.draw_bottom(surf)

    def draw_body_scroll(self, surf) -> None:
        """Large text: a scroll bar beside the body, and words when more is below."""
        if not self.tall:
            return
        look, px = self.app.look, self.app.look.px
        view = self.body_view
        total = self.body_h + px(26)
        if total <= view.h:
            return
        track = pygame.Rect(view.right - px(7), view.y + px(4), px(6), view.h - px(8))
        pygame.draw.rect(surf, SOFT, track, border_radius=3)
        th = max(px(24), round(track.h * view.h / total))
        ty = track.y + round((track.h - th) * self.body_scroll / max(1, total - view.h))
        pygame.draw.rect(surf, MUTED, (track.x, ty, track.w, th), border_radius=3)
        if self.body_scroll < self.body_limit():  # over the view's corner, on a label
            more_below(surf, look, self.app.t, (track.left - px(10), view.bottom - px(4)), WARN_BG)

    def draw_top_bar(self, surf):
        look, t, s = self.app.look, self.app.t, self.session
        px = look.px
        w = self.app.size[0]
        pygame.draw.rect(surf, CARD, (0, 0, w, self.top_h))
        pygame.draw.line(surf, LINE, (0, self.top_h), (w, self.top_h))
        pygame.draw.rect(surf, ACCENT, (0, 0, w, px(5)))
        if self.tall:  # the turn, and the scenario's title when it fits whole beside it
            mid = (px(16), self.tall_bar_h() // 2 + px(2))
            turn = t("ui.board.turn", turn=s.turn, turns=s.scn.n_turns)
            tr = look.blit_text(surf, turn, mid, "head", INK, True, anchor="midleft")
            title = s.scn.title.get(t.lang)
            room = min(b.rect.left for b in self.elements if b.rect.top < self.top_h) - px(16)
            if tr.right + px(16) + look.font("small", True).size(title)[0] <= room:
                look.blit_text(surf, title, (tr.right + px(16), tr.centery), "small", MUTED,
                               True, anchor="midleft")  # fmt: skip
        else:
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
            meter_widget(surf, look, t, self.meter_rects[i], meter, hist[:, i], s.scn.n_turns, plan,
                         compact=self.tall)  # fmt: skip

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
            room = lr.left - nr.right - px(sum(ENERGY_BAR_GAPS))
            if room >= px(ENERGY_BAR_MIN):  # no room beside a long name: the words say it
                bar(
                    surf,
                    pygame.Rect(nr.right + px(ENERGY_BAR_GAPS[0]), nr.centery - px(3), room, px(6)),
                    energy / 100,
                    colour(METER_COLOURS["public_value"]) if energy >= 45 else BAD,
                )
            room = pygame.Rect(x, nr.bottom, r.right - x - px(10),
                               r.bottom - 2 * self.chip_r - px(10) - nr.bottom)  # fmt: skip
            lines = max(1, room.h // look.line_height("tiny"))
            look.blit_wrapped(surf, self.strong_text(m), room, "tiny", INK, max_lines=lines)
            free = s.plan.free(member.id)
            look.blit_text(
                surf,
                t("ui.board.teammates_card")
                if s.plan.is_locked(member.id)
                else t("ui.board.free", free=free, cap=s.plan.capacity[member.id]),
                (r.right - px(10), r.bottom - px(6)),
                "tiny",
                MUTED,
                anchor="bottomright",
            )
            initial = member.name[:1]
            for center in self.free_chip_centers(m):
                chip(surf, look, center, self.chip_r, m, initial)

    def strong_text(self, m: int) -> str:
        """What a member is strongest in: the three best expectations with their skill."""
        t, s = self.app.t, self.session
        skills = s.state.skills[0, m]
        best = sorted(range(s.scn.rules.n_exp), key=lambda e: -skills[e])[:3]
        strong = ", ".join(f"{exp_short(t, s.scn, e)} {t.num(skills[e])}" for e in best)
        return t("ui.board.strong", skills=strong)

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
                focus_ring(surf, r.inflate(4, 4), 7)
            role = "small" if r.h >= look.line_height("small") else "tiny"
            if self.tall and i >= scn.rules.n_exp:
                role = "tiny"  # the rows are as tall as the names wrapped in this role need
            name = target_name(t, scn, tid) if i >= scn.rules.n_exp else exp_short(t, scn, i)
            name_room = self.name_w - px(12)
            mark = self.row_marks.get(tid) if i < scn.rules.n_exp else None
            if mark is not None:  # the executive's priority: an arrow and the change of demand
                if not self.priority_numbers:  # the arrows alone (the description has the number)
                    mark = (mark[0], "")
                name_room -= self.priority_mark(surf, mark, r) + px(6)
            if self.tall and look.font(role).size(name)[0] > name_room:  # wrapped, never cut
                lines = look.wrap(name, role, name_room)
                top = r.centery - len(lines) * look.line_height(role) // 2
                look.blit_wrapped(surf, name, pygame.Rect(r.x + px(8), top, name_room, r.h),
                                  role, INK)  # fmt: skip
            else:
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
            for m, who, center in self.row_chips(tid, teammates=True):
                teammate_chip(surf, look, center, self.chip_r, m, who)
            info = pygame.Rect(
                r.x + self.name_w + self.chip_zone(r.w),
                r.y + px(4),
                r.right - (r.x + self.name_w + self.chip_zone(r.w)) - px(8),
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
                unplaced = s.plan.free_own()
                note = t("ui.board.rest_note", n=unplaced)
                if self.tall:  # right-aligned after the chips: the whole note
                    info.x = r.right - px(8) - look.font("tiny").size(note)[0]
                look.blit_text(
                    surf,
                    look.fit(note, "tiny", r.right - info.x - px(6)),
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
        if self.tall:  # wrapped in full; the rows' descriptions and the tour explain the shades
            look.blit_wrapped(surf, text, pygame.Rect(self.targets.x, y, w, self.app.size[1]),
                              "small", INK, True)  # fmt: skip
            return
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
        surf.set_clip(area.inflate(px(6), 0).clip(clip))
        for ev, r in zip(self.events, self.event_rects, strict=True):
            lay = self.card_layouts[ev.uid]
            if r.h < lay.height:  # folded (large text): its head, and how to open it
                inner = surf.get_clip()
                surf.set_clip(r.clip(inner))
                kind_card(surf, r, ev.kind, px(28))
                surf.set_clip(pygame.Rect(r.x, r.y, r.w, lay.head_h).clip(inner))
                draw_event_card(surf, look, live[ev.uid], lay, r)
                surf.set_clip(r.clip(inner))
                fold = pygame.Rect(r.x + px(36), r.y + lay.head_h, self.fold_w, r.h)
                look.blit_wrapped(surf, t("ui.board.fold_more"), fold, "tiny", ACCENT, True)
                surf.set_clip(inner)
            else:
                draw_event_card(surf, look, live[ev.uid], lay, r)
            if cur == ("event", ev.uid):
                focus_ring(surf, r.inflate(4, 4), 8)
            if cur[0] == "option" and cur[1] == ev.uid:
                b = self.option_buttons.get((cur[1], cur[2]))
                if b is not None:
                    focus_ring(surf, b.rect.inflate(6, 6), 8)
            if cur == ("focus", ev.uid):
                tg = self.card_layouts[ev.uid].focus
                focus_ring(surf, tg.rect.move(r.topleft).inflate(8, 8), 8)
        surf.set_clip(clip)
        if (
            self.column_h > area.h and self.events
        ):  # a scroll bar, and words for what is out of view
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
            focus_ring(surf, tg.rect.move(r.topleft).inflate(8, 8), 8)

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
            txt = t.plural("ui.board.hint_ready", s.plan.free_own())
        look.blit_wrapped(surf, txt, r.inflate(-px(8), -px(6)), "small", INK,
                          max_lines=3 if self.tall else 2)  # fmt: skip

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
        return text + teammates_tip(t, s, tid)

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
