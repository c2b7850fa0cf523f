"""The briefing: situation, central task, team, calendar and how the score works."""

from __future__ import annotations

import pygame

from ..play.session import Session
from ..scenario.codes import MAX_SEED, make_code
from ..words.labels import archetype, exp_short, optional, score_rule
from .look import ACCENT, CARD, INK, LINE, MEMBER_COLOURS, MUTED, SOFT, bar, card, colour
from .scene import Scene


class BriefingScene(Scene):
    """What the player needs to know before the first turn."""

    name = "briefing"
    back_keys = (pygame.K_ESCAPE,)

    def __init__(self, app, session: Session):
        super().__init__(app)
        self.session = session
        self.scroll = 0  # the left column scrolls when it is longer than the screen
        self.left_h = 0
        self.left = pygame.Rect(0, 0, 0, 0)

    def build(self):
        app, look, t = self.app, self.app.look, self.app.t
        w, h = app.size
        px = look.px
        bh = max(px(46), look.line_height("head") + px(14))
        self.footer = h - bh - px(20)
        self.button(
            (w - px(48) - px(320), self.footer, px(320), bh),
            t("ui.briefing.start"),
            self.start,
            t("ui.briefing.start_tip"),
            cls="primary",
        )
        self.button((px(48), self.footer, px(220), bh), t("ui.back"), self.app.pop)
        self.focus_i = 0

    def start(self):
        self.app.go("board", session=self.session)

    def handle_event(self, event) -> bool:
        step = 3 * self.app.look.line_height("small")
        if event.type == pygame.MOUSEWHEEL and self.left.collidepoint(pygame.mouse.get_pos()):
            self.scroll_by(-event.y * step)
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.scroll_by((1 if event.key == pygame.K_PAGEDOWN else -1) * self.left.h * 3 // 4)
            return True
        return super().handle_event(event)

    def scroll_by(self, dy: int) -> None:
        """Scroll the left column (situation, task, dates, score)."""
        self.scroll = max(0, min(self.scroll + dy, max(0, self.left_h - self.left.h)))
        self.app.poke()

    def draw(self, surf):
        super().draw(surf)
        look, t, scn = self.app.look, self.app.t, self.session.scn
        lang = t.lang
        px = look.px
        w, _h = self.app.size
        pygame.draw.rect(surf, ACCENT, (0, 0, w, px(8)))
        head = look.blit_text(surf, t("ui.briefing.header"), (px(48), px(22)), "small", MUTED, True)
        # who plays which game, top right on the header's line (a facilitator checks it at a glance)
        who_room = w - px(48) - (head.right + px(24))
        below = look.font("small", True).size(self.who_line())[0] > who_room
        if below:  # large text: on a line of its own under the header, the name in full
            who_room, who_at = w - px(96), (w - px(48), px(22) + look.line_height("small"))
        else:
            who_at = (w - px(48), px(22))
        look.blit_text(
            surf, self.who_line(who_room), who_at, "small", ACCENT, True, anchor="topright",
        )  # fmt: skip
        extra = look.line_height("small") if below else 0
        look.blit_text(
            surf,
            scn.title.get(lang),
            (px(48), px(22) + look.line_height("small") + extra),
            "title",
            INK,
            True,
        )
        top = px(30) + look.line_height("small") + look.line_height("title") + extra
        gap = px(24)
        hint_h = look.line_height("tiny") + px(4)  # room for "more below" under the column
        left = pygame.Rect(px(48), top, round(w * 0.44), self.footer - top - px(14) - hint_h)
        right = pygame.Rect(left.right + gap, top, w - left.right - gap - px(48), left.h + hint_h)
        team_top = right.top + look.line_height("head") + px(2) + self.team_note_h(right.w)
        ch = self.card_grid(right.w, right.bottom - team_top)[3]
        one = ch < self.card_need()  # large text: one column, the team below the rest
        if one:
            left.w = w - px(96)
        # left: situation, task, calendar, score (scrolling when it does not fit)
        self.left = left
        self.scroll = max(0, min(self.scroll, self.left_h - left.h))
        clip = surf.get_clip()
        surf.set_clip(left.inflate(0, px(4)))
        y = left.top - self.scroll
        sw = left.w
        tall = px(4000)
        if scn.briefing is not None:
            y += self.heading(surf, t("ui.briefing.situation"), left.left, y)
            y += look.blit_wrapped(
                surf,
                scn.briefing.get(lang),
                pygame.Rect(left.left, y, sw, tall),
                "small",
                INK,
            ) + px(12)
        y += self.heading(surf, t("ui.briefing.task", task=scn.task_title.get(lang)), left.left, y)
        lh = look.line_height("small")
        top_demand = float(scn.task_demand.max()) or 1.0
        label_w = round(sw * 0.38)
        for e in [i for i in range(scn.rules.n_exp) if scn.task_demand[i] > 0]:
            look.blit_text(
                surf,
                look.fit(exp_short(t, scn, e), "small", label_w - px(6)),
                (left.left, y),
                "small",
            )
            bar(
                surf,
                pygame.Rect(
                    left.left + label_w,
                    y + lh // 4,
                    round((sw - label_w - px(50)) * scn.task_demand[e] / top_demand),
                    lh // 2,
                ),
                1.0,
                ACCENT,
            )
            y += lh
        note = pygame.Rect(left.left, y, sw, tall)
        y += look.blit_wrapped(surf, t("ui.briefing.task_note"), note, "tiny", MUTED) + px(12)
        y += self.heading(surf, t("ui.briefing.calendar"), left.left, y)
        for c in scn.calendar:
            entry = t("ui.calendar.entry", turn=c.turn, title=c.title.get(lang))
            y += look.blit_wrapped(surf, entry, pygame.Rect(left.left, y, sw, tall), "small")
        y += px(12)
        y += self.heading(surf, t("ui.briefing.score"), left.left, y)
        for line in score_rule(t, scn):
            y += look.blit_wrapped(surf, "• " + line, pygame.Rect(left.left, y, sw, tall), "small")
        if one:  # the team below, in the same scrolling column
            y += px(12)
            y = self.draw_team(surf, pygame.Rect(left.left, y, sw, tall))
        surf.set_clip(clip)
        self.left_h = y + self.scroll - left.top
        if self.left_h > left.h:
            more = (
                "ui.briefing.more_below"
                if self.scroll < self.left_h - left.h
                else "ui.briefing.more_above"
            )
            look.blit_text(
                surf, look.fit(t(more), "tiny", sw, True), (left.left, left.bottom + px(2)), "tiny",
                ACCENT, True,
            )  # fmt: skip
        if not one:  # right: the team
            self.draw_team(surf, right)

    def team_note_h(self, width: int) -> int:
        """How tall the note over the team's cards is (wrapped in full)."""
        look = self.app.look
        lines = look.wrap(self.app.t("ui.briefing.team_note"), "small", width)
        return len(lines) * look.line_height("small") + look.px(6)

    def card_grid(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The team's cards in a grid: columns, rows, card width and height."""
        look = self.app.look
        px = look.px
        cols = 2 if width < px(760) else 3
        least = self.session.scn.rules.n_exp * (look.font("tiny").size("Acc")[0] + px(12))
        cols = max(1, min(cols, (width + px(12)) // (least + px(40))))  # its labels side by side
        rows = -(-self.session.scn.n_members // cols)
        cw = (width - (cols - 1) * px(12)) // cols
        return cols, rows, cw, min(px(190), (height - (rows - 1) * px(12)) // rows)

    def card_need(self) -> int:
        """The least height of a member card: name, role, the skill bars and their labels."""
        look = self.app.look
        return look.line_height("body") + 3 * look.line_height("tiny") + look.px(70)

    def draw_team(self, surf, area: pygame.Rect) -> int:
        """The team: heading, note and a card per member; returns the y below."""
        look, t, scn = self.app.look, self.app.t, self.session.scn
        px = look.px
        y = area.top
        y += self.heading(surf, t("ui.briefing.team", n=scn.n_members), area.left, y)
        note = pygame.Rect(area.left, y, area.w, area.h)
        y += look.blit_wrapped(surf, t("ui.briefing.team_note"), note, "small", MUTED) + px(6)
        cols, rows, cw, ch = self.card_grid(area.w, area.bottom - y)
        if ch < self.card_need():  # one column: cards as tall as they need
            ch = self.card_need() + look.line_height("tiny")
        for m, _member in enumerate(scn.members):
            r = pygame.Rect(
                area.left + (m % cols) * (cw + px(12)), y + (m // cols) * (ch + px(12)), cw, ch
            )
            self.member_card(surf, r, m)
        return y + rows * (ch + px(12))

    def game_code(self) -> str | None:
        """The code of this game: the competition's, else the scenario and seed as a code (None
        for a seed too large to type, as a fresh game's random seed may be)."""
        s = self.session
        if s.code:
            return s.code
        if 0 <= s.seed < MAX_SEED:
            return make_code(s.scn.id, s.scn.content_hash, s.seed)
        return None

    def who_line(self, width: int | None = None) -> str:
        """The player's name and the game's code ("Speler: … · Code: …"), the name shortened when
        the line is wider than `width` (never the code: it is what the player types or reads out)."""
        t, look = self.app.t, self.app.look
        name = self.app.settings.player.strip() or t("ui.briefing.no_name")
        code = self.game_code()

        def line(n: str) -> str:
            if code is None:
                return t("ui.briefing.who_seed", name=n, seed=self.session.seed)
            return t("ui.briefing.who", name=n, code=code)

        text = line(name)
        if width is None or look.font("small", True).size(text)[0] <= width:
            return text
        rest = look.font("small", True).size(line(""))[0]
        return line(look.fit(name, "small", max(0, width - rest), True))

    def heading(self, surf, text, x, y) -> int:
        look = self.app.look
        look.blit_text(surf, text, (x, y), "head", ACCENT, True)
        return look.line_height("head") + look.px(2)

    def member_card(self, surf, r, m):
        look, t, scn = self.app.look, self.app.t, self.session.scn
        px = look.px
        member = scn.members[m]
        card(surf, r, CARD, LINE)
        pygame.draw.rect(
            surf,
            colour(MEMBER_COLOURS[m % len(MEMBER_COLOURS)]),
            (r.x, r.y, px(8), r.h),
            border_top_left_radius=8,
            border_bottom_left_radius=8,
        )
        x = r.x + px(16)
        y = r.y + px(6)
        look.blit_text(surf, member.name, (x, y), "body", INK, True)
        role = f"{member.role.get(t.lang)} · {archetype(t, member.archetype)}"
        role_r = pygame.Rect(x, y + look.line_height("body"), r.w - px(24), r.h)
        role_h = look.blit_wrapped(surf, role, role_r, "tiny", MUTED)
        top = role_r.y + role_h + px(4)
        skill_bars(
            surf, look, t, scn, self.session.state.skills[0, m],
            pygame.Rect(x, top, r.w - px(28), r.bottom - top - px(6)),
        )  # fmt: skip


def abbreviate(look, text: str, short: str, width: int) -> str:
    """The text, or its catalogue abbreviation when it does not fit (for chart labels; the
    abbreviations are distinct, so two bars never share a label)."""
    for candidate in (text, short):
        if look.font("tiny").size(candidate)[0] <= width:
            return candidate
    return short[:3]


def skill_bars(surf, look, t, scn, skills, rect) -> None:
    """A member's skills on the eight expectations as a small bar chart with labels."""
    n = scn.rules.n_exp
    lab_h = look.line_height("tiny")
    chart_h = rect.h - lab_h
    bw = rect.w / n
    for e in range(n):
        x = rect.x + e * bw
        full = pygame.Rect(round(x + bw * 0.2), rect.y, max(3, round(bw * 0.6)), chart_h)
        pygame.draw.rect(surf, SOFT, full, border_radius=2)
        hgt = round(chart_h * min(5.0, float(skills[e])) / 5.0)
        if hgt:
            pygame.draw.rect(
                surf, ACCENT, (full.x, full.bottom - hgt, full.w, hgt), border_radius=2
            )
        eid = scn.rules.expectations[e].id
        short = optional(t, f"ui.exp_abbr.{eid}", exp_short(t, scn, e)[:4])
        label = abbreviate(look, exp_short(t, scn, e), short, round(bw) - 2)
        look.blit_text(
            surf, label, (round(x + bw / 2), rect.bottom), "tiny", MUTED, anchor="midbottom"
        )
