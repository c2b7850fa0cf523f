"""The end screen: why the game ended, the score, and a first debrief."""

from __future__ import annotations

import pygame
import pygame_gui

from ..core.model import METERS, REST
from ..core.scoring import score, score_parts
from ..play.controller import end_reason
from ..play.session import Session
from ..sim.study_cache import ensure as ensure_study
from ..sim.study_cache import ready as study_ready
from ..words.labels import exp_short
from ..words.narrate import event_title, option_label
from ..words.outcome import event_status
from .look import ACCENT, BAD, GOOD, INK, MUTED, SOFT, bar, line_chart
from .scene import Scene
from .scrolling import Scrolling


def dilemma_story(session: Session) -> list[tuple[int, str, str, str]]:
    """Each dilemma choice: (turn, event id, option id, final status)."""
    chosen: dict[int, tuple[int, str, str]] = {}
    final: dict[int, str] = {}
    for ex in session.explanations:
        for ev in ex.events:
            if ev.chosen_now and ev.option:
                chosen[ev.uid] = (ex.turn, ev.event, ev.option)
            final[ev.uid] = event_status(session.scn, ex, ev)
    return [
        (turn, event, option, final.get(uid, "open"))
        for uid, (turn, event, option) in chosen.items()
    ]


TWO_COLUMNS_UP_TO = 1.3  # the largest text size the two-column end screen holds in full


def status_colour(status: str):
    """The colour of an outcome line (the words say it too)."""
    if status in ("handled", "seized"):
        return GOOD
    return INK if status.startswith("partly") else BAD


class EndScene(Scrolling, Scene):
    """The debrief (at large text one scrolling column)."""

    name = "end"
    back_keys = (pygame.K_ESCAPE,)

    def __init__(self, app, session: Session):
        super().__init__(app)
        self.session = session

    @property
    def asking(self) -> bool:
        """Whether the player is still asked how it went (before the score is shown)."""
        return self.session.self_rating is None and not getattr(self, "skipped", False)

    def build(self):
        look, t = self.app.look, self.app.t
        w, h = self.app.size
        px = look.px
        bh = max(px(46), look.line_height("head") + px(14))
        self.footer = h - bh - px(18)
        if self.asking:
            self.build_question(bh)
            return
        specs = (  # from the right: the way on, the menu, the debrief; saving on the left
            (t("ui.end.again"), self.again, None, "primary", px(300)),
            (t("ui.end.menu"), self.menu, None, None, px(240)),
            (t("learn.ui.debrief"), self.learn, t("learn.ui.debrief_tip"), None, px(280)),
            (t("ui.end.save_result"), self.save_result, t("ui.end.save_result_tip"), None,
             px(260)),
        )  # fmt: skip
        widths = [max(least, look.font("body").size(text)[0] + px(36))
                  for text, _, _, _, least in specs]  # fmt: skip
        gap = px(16)
        two_rows = sum(widths) + 3 * gap > w - px(64)
        if two_rows:  # large text: two rows of two
            self.footer = h - 2 * bh - px(28)
        x, y = w - px(32), self.footer + (bh + px(10) if two_rows else 0)
        made = []
        for i, ((text, action, tip, cls, _), bw) in enumerate(zip(specs, widths, strict=True)):
            if i == 3 and not two_rows:
                x = px(32) + bw  # saving the result: at the left end
            if two_rows and i == 2:
                x, y = w - px(32), self.footer
            x -= bw
            made.append(self.button((x, y, bw, bh), text, action, tip, cls=cls))
            x -= gap
        self.debrief_button = made[2]
        self.column = self.one_column()
        if self.column:
            head = px(16) + look.line_height("huge")
            self.view = pygame.Rect(0, head, w, self.footer - px(8) - head)
            self.first_scrolled = len(self.elements)
        self.focus_i = 0

    column = False

    def one_column(self) -> bool:
        """Whether the text is too large for two columns: a heading wider than its half, or a
        text size above 130 % (the two columns then cut the dilemma choices)."""
        look, t = self.app.look, self.app.t
        half = (self.app.size[0] - look.px(64) - look.px(24)) // 2
        font = look.font("head", True)
        wide = any(font.size(t(k))[0] > half for k in ("ui.end.time", "ui.end.meters"))
        return wide or self.app.settings.text_scale > TWO_COLUMNS_UP_TO

    def build_question(self, bh: int) -> None:
        """Five answers to 'how well did it go?', and a way on without answering."""
        look, t = self.app.look, self.app.t
        w, h = self.app.size
        px = look.px
        labels = [f"{k}  {t(f'ui.self.rating.{k}')}" for k in range(1, 6)]
        bw = max(look.font("body").size(x)[0] for x in labels) + px(36)
        gap = px(12)
        bw = min(bw, (w - px(64) - 4 * gap) // 5)
        x = (w - 5 * bw - 4 * gap) // 2
        self.question_y = round(h * 0.42)
        for k in range(1, 6):
            self.button(
                (x, self.question_y, bw, bh),
                look.fit(labels[k - 1], "body", bw - px(16)),
                lambda k=k: self.rate(k),
                t("ui.self.rating_tip", rating=k),
            )
            x += bw + gap
        self.button(
            (w - px(32) - px(260), self.footer, px(260), bh),
            t("ui.self.skip"),
            self.skip_rating,
        )
        self.focus_i = 2

    def rate(self, k: int) -> None:
        self.session.self_rating = k
        self.after_question()

    def skip_rating(self) -> None:
        self.skipped = True
        self.after_question()

    def after_question(self) -> None:
        """Show the score; the focus goes to the debrief, the next step of the debriefing."""
        self.rebuild()
        self.focus_i = self.focus.index(self.debrief_button)
        self.app.poke()

    def again(self):
        self.app.reset("menu")
        self.app.show(self.app.game.again(self.session))

    def save_result(self):
        """Write the result file again; when its folder cannot be used, let the player pick one."""
        self.app.game.save_result(self.session, again=True)
        if self.session.result_file.problem is None:
            return
        w, h = self.app.size
        px = self.app.look.px
        rect = pygame.Rect(0, 0, min(w - 40, px(720)), min(h - 40, px(520)))
        rect.center = (w // 2, h // 2)
        self.add(
            pygame_gui.windows.UIFileDialog(
                rect,
                self.app.manager,
                window_title=self.app.t("ui.end.pick_folder"),
                allow_picking_directories=True,
            )
        )

    def handle_event(self, event):
        if self.asking and event.type == pygame.KEYDOWN and pygame.K_1 <= event.key <= pygame.K_5:
            self.rate(event.key - pygame.K_0)
            return True
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            self.app.game.save_result(self.session, event.text, again=True)
            return True
        if self.column and not self.asking and self.scroll_event(event):
            return True
        return super().handle_event(event)

    def result_lines(self) -> list[tuple[str, tuple, bool]]:
        """The competition code, and where the result file went or why not: (text, colour, bold)."""
        t, s = self.app.t, self.session
        lines = [(t("ui.end.competition", code=s.code), ACCENT, True)] if s.code else []
        if s.self_rating is not None:  # the estimate made before the score was shown
            own = t(
                "ui.self.yours", rating=s.self_rating, label=t(f"ui.self.rating.{s.self_rating}")
            )
            lines.insert(0, (own, INK, True))
        r = s.result_file
        if r is not None and r.problem:
            text = t("ui.end.result_failed", folder=str(r.folder), reason=r.problem)
            lines.append((text, BAD, False))
        elif r is not None:
            text = t("ui.end.result_again" if r.again else "ui.end.result", path=str(r.path))
            lines.append((text, MUTED, False))
        return lines

    def menu(self):
        self.app.reset("menu")

    back = menu

    def learn(self):
        scn, t = self.session.scn, self.app.t
        if not study_ready(scn):  # the first time on this scenario version: a bar while it studies
            ensure_study(scn, progress=lambda done, total: self.app.busy(
                t("learn.ui.studying", done=done, total=total), done, total
            ))  # fmt: skip
        self.app.busy(t("learn.ui.busy"))  # the analysis re-plays the game many times
        self.app.push("learning", session=self.session, player=self.app.settings.player)

    def draw_question(self, surf):
        look, t = self.app.look, self.app.t
        px = look.px
        w = self.app.size[0]
        pygame.draw.rect(surf, ACCENT, (0, 0, w, px(8)))
        look.blit_text(surf, t("ui.self.title"), (px(32), px(18)), "title", INK, True)
        box = pygame.Rect(px(32), px(40) + look.line_height("title"), w - px(64), 0)
        box.h = self.question_y - box.y - px(16)
        y = box.y + look.blit_wrapped(surf, t("ui.self.why"), box, "body", MUTED)
        look.blit_wrapped(
            surf, t("ui.self.question"), pygame.Rect(box.x, y + px(12), box.w, box.bottom - y),
            "head", INK, True,
        )  # fmt: skip

    def draw(self, surf):
        super().draw(surf)
        if self.asking:
            self.draw_question(surf)
            return
        if self.column:
            self.draw_column(surf)
            return
        look, t, s = self.app.look, self.app.t, self.session
        scn = s.scn
        px = look.px
        w, _ = self.app.size
        pygame.draw.rect(surf, ACCENT, (0, 0, w, px(8)))
        reason = end_reason(s)
        look.blit_text(surf, t("ui.end.title"), (px(32), px(18)), "title", INK, True)
        y = px(22) + look.line_height("title")
        look.blit_text(
            surf,
            t("ui.end.reason", turn=int(s.state.ended_turn[0]), reason=t(f"end.{reason}")),
            (px(32), y),
            "body",
            BAD if reason != "completed" else INK,
            True,
        )
        total = float(score(scn, s.state)[0])
        sr = look.blit_text(
            surf,
            t("ui.end.score", score=t.num(total)),
            (w - px(32), px(16)),
            "huge",
            ACCENT,
            True,
            "topright",
        )
        txt = self.score_parts_text()
        look.blit_text(
            surf,
            look.fit(txt, "small", round(w * 0.55)),
            (w - px(32), sr.bottom),
            "small",
            MUTED,
            anchor="topright",
        )
        top = y + look.line_height("body") + px(8)
        for text, colour, bold in self.result_lines():
            for line in look.wrap(text, "small", w - px(64), bold)[:2]:
                look.blit_text(surf, line, (px(32), top), "small", colour, bold)
                top += look.line_height("small")
        top += px(8)
        half = (w - px(64) - px(24)) // 2
        left = pygame.Rect(px(32), top, half, self.footer - top - px(12))
        right = pygame.Rect(left.right + px(24), top, half, left.h)
        # meters over time; the chart gives up height so that every lesson below it is read in
        # full (down to a chart of six lines of small text)
        head_h = look.line_height("head")
        lessons = [look.wrap("• " + line, "small", left.w - px(14)) for line in self.lessons()]
        lessons_h = sum(len(w) * look.line_height("small") + px(2) for w in lessons)
        room = left.h - 2 * head_h - px(16) - lessons_h
        chart_h = max(min(round(left.h * 0.55), room), 6 * look.line_height("small"))
        look.blit_text(surf, t("ui.end.meters"), left.topleft, "head", ACCENT, True)
        chart = pygame.Rect(left.x, left.y + head_h + px(4), left.w, chart_h)
        last = int(s.state.ended_turn[0]) if s.state.ended_turn[0] >= 0 else s.state.turn
        hist = s.state.history[0, : last + 1]
        line_chart(
            surf,
            look,
            chart,
            {m: list(hist[:, i]) for i, m in enumerate(METERS)},
            {m: t(f"meter.{m}") for m in METERS},
            scn.n_turns,
        )
        y = chart.bottom + px(12)
        look.blit_text(surf, t("ui.end.lessons"), (left.x, y), "head", ACCENT, True)
        y += head_h
        lh_s = look.line_height("small")
        for i, rows in enumerate(lessons):
            rest = len(lessons) - i
            if y + len(rows) * lh_s > left.bottom - (lh_s if rest > 1 else 0):
                more = t.plural("ui.end.more_lessons", rest)  # what did not fit, counted
                look.blit_text(surf, more, (left.x, y), "small", MUTED)
                break
            for k, row in enumerate(rows):
                look.blit_text(surf, row, (left.x + (px(14) if k else 0), y), "small", INK)
                y += lh_s
            y += px(2)
        # where the time went
        y = right.y
        look.blit_text(surf, t("ui.end.time"), (right.x, y), "head", ACCENT, True)
        y += look.line_height("head") + px(2)
        y = self.draw_time(surf, right, y)
        lh = look.line_height("small")
        y += px(10)
        look.blit_text(surf, t("ui.end.dilemmas"), (right.x, y), "head", ACCENT, True)
        y += look.line_height("head")
        story = dilemma_story(s)
        if not story:
            look.blit_text(surf, t("ui.end.no_dilemmas"), (right.x, y), "small", MUTED)
        # every choice: two lines each when there is room, else one (the outcome first, so a
        # cut line loses the title, not the result); what does not fit is counted
        texts = self.dilemma_texts()
        inner = right.w - px(16)

        def two_lines(text):
            rows = look.wrap(text, "small", inner)
            if len(rows) <= 2:
                return rows
            return [rows[0], look.fit(" ".join(rows[1:]), "small", inner)]

        wrapped = [two_lines(text) for text, _ in texts]
        room = max(0, (right.bottom - y) // lh)
        if sum(len(w) for w in wrapped) > room:
            wrapped = [[look.fit(text, "small", right.w)] for text, _ in texts]
        shown = wrapped if len(wrapped) <= room else wrapped[: max(0, room - 1)]
        for lines, (_, status) in zip(shown, texts, strict=False):
            col = status_colour(status)
            for k, line in enumerate(lines):
                look.blit_text(surf, line, (right.x + (px(16) if k else 0), y), "small", col)
                y += lh
        if len(shown) < len(story):
            more = t.plural("ui.end.more_dilemmas", len(story) - len(shown))
            look.blit_text(surf, more, (right.x, y), "small", MUTED)
        pygame.draw.line(
            surf, SOFT, (px(32), self.footer - px(6)), (w - px(32), self.footer - px(6))
        )

    def score_parts_text(self) -> str:
        """The parts of the score in one line ("waarde +14,3  vertrouwen 0,0 …")."""
        t, s = self.app.t, self.session
        parts = {
            k: float(v[0])
            for k, v in score_parts(s.scn, s.state).items()
            if abs(float(v[0])) > 1e-9
        }
        return "  ".join(
            t(f"ui.end.part.{k}", value=t.num(v, 1, sign=True)) for k, v in parts.items()
        )

    def dilemma_texts(self) -> list[tuple[str, str]]:
        """Each dilemma choice as a line, with its final status."""
        t, s = self.app.t, self.session
        return [
            (
                t(
                    "ui.end.dilemma_line",
                    turn=turn,
                    event=event_title(s.scn, event, t.lang),
                    option=option_label(s.scn, event, option, t.lang),
                    status=t(f"status.{status}"),
                ),
                status,
            )
            for turn, event, option, status in dilemma_story(s)
        ]

    def draw_time(self, surf, area: pygame.Rect, y: int) -> int:
        """Where the team's time went: a bar per expectation, development and rest."""
        look, t, s = self.app.look, self.app.t, self.session
        scn, px = s.scn, look.px
        spent = s.time_spent()
        total_chips = max(1, sum(spent.values()))
        rows = [(exp_short(t, scn, i), spent[c.id]) for i, c in enumerate(scn.rules.expectations)]
        rows.append((t("ui.end.development"), sum(spent[c.id] for c in scn.rules.traits)))
        rows.append((t("ui.rest"), spent[REST]))
        lh = look.line_height("small")
        widest = max(look.font("small").size(label)[0] for label, _ in rows) + px(8)
        label_w = max(round(area.w * 0.32), min(widest, round(area.w * 0.5)))
        for label, n in rows:
            look.blit_text(surf, look.fit(label, "small", label_w - px(6)), (area.x, y), "small")
            bar(
                surf,
                pygame.Rect(area.x + label_w, y + lh // 4, area.w - label_w - px(70), lh // 2),
                n / total_chips * 3,
                ACCENT,
            )
            look.blit_text(
                surf,
                f"{100 * n / total_chips:.0f}%",
                (area.right, y),
                "small",
                INK,
                anchor="topright",
            )
            y += lh
        return y

    def draw_column(self, surf) -> None:
        """Large text: the title and score stay, the rest in one column that scrolls."""
        look, t, s = self.app.look, self.app.t, self.session
        scn, px = s.scn, look.px
        w = self.app.size[0]
        pygame.draw.rect(surf, ACCENT, (0, 0, w, px(8)))
        look.blit_text(surf, t("ui.end.title"), (px(32), px(18)), "title", INK, True)
        total = float(score(scn, s.state)[0])
        look.blit_text(surf, t("ui.end.score", score=t.num(total)), (w - px(32), px(8)), "huge",
                       ACCENT, True, "topright")  # fmt: skip
        v = self.view
        col = pygame.Rect(px(32), 0, w - px(64) - px(16), 100_000)
        clip = self.clip_to_view(surf)
        y = v.top + px(4) - self.scroll

        def para(text, role="small", colour=INK, bold=False, indent=0) -> None:
            nonlocal y
            r = pygame.Rect(col.x + indent, y, col.w - indent, col.h)
            y += look.blit_wrapped(surf, text, r, role, colour, bold)

        reason = end_reason(s)
        para(t("ui.end.reason", turn=int(s.state.ended_turn[0]), reason=t(f"end.{reason}")),
             "body", BAD if reason != "completed" else INK, True)  # fmt: skip
        para(self.score_parts_text(), "small", MUTED)
        for text, colour, bold in self.result_lines():
            para(text, "small", colour, bold)
        y += px(10)
        para(t("ui.end.meters"), "head", ACCENT, True)
        chart = pygame.Rect(col.x, y + px(4), col.w, 8 * look.line_height("small"))
        last = int(s.state.ended_turn[0]) if s.state.ended_turn[0] >= 0 else s.state.turn
        hist = s.state.history[0, : last + 1]
        line_chart(surf, look, chart, {m: list(hist[:, i]) for i, m in enumerate(METERS)},
                   {m: t(f"meter.{m}") for m in METERS}, scn.n_turns)  # fmt: skip
        y = chart.bottom + px(12)
        para(t("ui.end.lessons"), "head", ACCENT, True)
        for line in self.lessons():
            para("• " + line)
            y += px(2)
        y += px(10)
        para(t("ui.end.time"), "head", ACCENT, True)
        y = self.draw_time(surf, col, y) + px(10)
        para(t("ui.end.dilemmas"), "head", ACCENT, True)
        texts = self.dilemma_texts()
        if not texts:
            para(t("ui.end.no_dilemmas"), "small", MUTED)
        for text, status in texts:  # every choice in full, wrapped
            para(text, "small", status_colour(status))
        self.content_h = y + self.scroll - v.top + px(12)  # how far it scrolls (drawn layout)
        surf.set_clip(clip)
        self.draw_scroll_hint(surf)
        pygame.draw.line(
            surf, SOFT, (px(32), self.footer - px(6)), (w - px(32), self.footer - px(6))
        )

    def lessons(self) -> list[str]:
        """A few sentences that link the outcome to the team's choices and the concepts."""
        t, s = self.app.t, self.session
        scn = s.scn
        spent = s.time_spent()
        total = max(1, sum(spent.values()))
        up = sum(
            spent[c.id]
            for c, o in zip(scn.rules.expectations, scn.rules.orientation, strict=True)
            if o == "up"
        )
        out = sum(
            spent[c.id]
            for c, o in zip(scn.rules.expectations, scn.rules.orientation, strict=True)
            if o == "out"
        )
        dev = sum(spent[c.id] for c in scn.rules.traits)
        lines = [t("ui.end.lesson_split", up=round(100 * up / total), out=round(100 * out / total))]
        if up > 1.5 * out:
            lines.append(t("ui.end.lesson_up"))
        elif out > 1.5 * up:
            lines.append(t("ui.end.lesson_out"))
        else:
            lines.append(t("ui.end.lesson_balanced"))
        lines.append(t("ui.end.lesson_dev", dev=round(100 * dev / total)))
        hist = s.state.history[0]
        last = int(s.state.ended_turn[0]) if s.state.ended_turn[0] >= 0 else s.state.turn
        # the biggest single-turn fall of any meter (not only cover): the crash, not a dip
        falls = [
            (float(hist[i, m] - hist[i - 1, m]), i, m) for i in range(1, last + 1) for m in range(3)
        ]
        drop, worst, meter = min(falls, default=(0.0, None, 0))
        if worst is not None and drop < -3:
            lines.append(
                t(
                    "ui.end.lesson_worst",
                    turn=worst,
                    meter=t(f"meter.{METERS[meter]}"),
                    drop=t.num(-drop, 0),
                )
            )
        return lines
