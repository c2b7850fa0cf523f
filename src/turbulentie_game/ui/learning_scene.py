"""The learning debrief screen: meters and events, time, up versus out, traits, the turns that
mattered, the simulated strategies and questions for the group, page by page."""

from __future__ import annotations

import time
from pathlib import Path

import pygame
import pygame_gui

from ..core.model import METERS
from ..files import atomic_write_text
from ..sim.analysis import analyse
from ..words.learning import (
    biggest_swings,
    bot_label,
    heat_rows,
    mattered_lines,
    reflection_texts,
    share_series,
    summary_lines,
)
from ..words.learning_page import render_html
from .look import (
    ACCENT,
    BAD,
    GOOD,
    INK,
    LINE,
    MUTED,
    SOFT,
    bar,
    card,
    colour,
    dashed_line,
    line_chart,
)
from .paged import PagedScene, draw_paragraphs, turn_paragraphs

PAGES = ("overview", "time", "questions", "timeline")
UP, OUT = colour("#CC79A7"), colour("#009E73")


def series_chart(surf, look, rect, series, first: int, y_max: float = 100.0) -> None:
    """Lines (label, values, colour, dashed) over turns first.., with a legend on top."""
    card(surf, rect)
    px = look.px
    x = rect.x + px(12)
    y = rect.y + px(8) + look.line_height("tiny") // 2
    for label, _, col, dashed in series:
        if x + px(40) + look.font("tiny").size(label)[0] > rect.right:  # next legend row
            x, y = rect.x + px(12), y + look.line_height("tiny")
        dashed_line(surf, col, [(x, y), (x + px(24), y)], px(3), px(6) if dashed else 0)
        r = look.blit_text(surf, label, (x + px(28), y), "tiny", INK, anchor="midleft")
        x = r.right + px(12)
    inner = pygame.Rect(rect.x + px(36), y + px(8) + look.line_height("tiny") // 2, 0, 0)
    inner.w = rect.right - px(12) - inner.x
    inner.h = rect.bottom - px(8) - look.line_height("tiny") - inner.y
    n = max(len(v) for _, v, _, _ in series)
    for v in (0, 50, 100):
        yy = inner.bottom - inner.h * v / y_max
        pygame.draw.line(surf, LINE, (inner.x, yy), (inner.right, yy))
        look.blit_text(surf, str(v), (inner.x - px(4), yy), "tiny", MUTED, anchor="midright")
    for i in range(0, n, 5 if n > 12 else 1):
        xx = inner.x + inner.w * i / max(1, n - 1)
        look.blit_text(
            surf, str(first + i), (xx, inner.bottom + px(2)), "tiny", MUTED, anchor="midtop"
        )
    for _, vals, col, dashed in series:
        pts = [
            (inner.x + inner.w * i / max(1, n - 1), inner.bottom - inner.h * min(v, y_max) / y_max)
            for i, v in enumerate(vals)
        ]
        dashed_line(surf, col, pts, px(3), px(8) if dashed else 0)


def event_marks(surf, look, rect, d, n_turns: int) -> None:
    """Small marks under the meters chart for turns with new events (triangle threat, dot chance)."""
    px = look.px
    pad = px(10)
    left = rect.left + px(40)
    w = rect.w - px(56)
    y = rect.bottom - pad * 2 - look.line_height("tiny") - px(6)
    for line in d.lines:
        x = left + w * line.turn / max(1, n_turns)
        kinds = {ev.polarity for ev in line.arrived}
        if "threat" in kinds:
            pygame.draw.polygon(surf, BAD, [(x - px(5), y), (x + px(5), y), (x, y - px(9))])
        if "opportunity" in kinds:
            pygame.draw.circle(surf, GOOD, (x, y - px(14)), px(4))


class LearningScene(PagedScene):
    """The learning debrief of a finished game, page by page (from the end screen)."""

    name = "learning"

    def __init__(self, app, session, player: str = ""):
        super().__init__(app)
        self.session = session
        start = time.perf_counter()
        self.d = analyse(session.scn, session.seed, session.inputs, player)
        self.seconds = time.perf_counter() - start
        self.page = 0
        self.scroll = 0
        self.content_h = 0
        self.message = ""

    def build(self):
        t = self.app.t
        self.footer_buttons(
            [
                (t("learn.ui.back"), self.back, False),
                (t("learn.ui.export"), self.export, False),
                (t("learn.ui.whatif"), self.what_if, False),
                (t("learn.ui.next"), lambda: self.turn_page(1), True),
                (t("learn.ui.prev"), lambda: self.turn_page(-1), False),
            ]
        )
        self.note_entry = None
        if PAGES[self.page] == "questions":  # what next: the Monday note, into the export
            look, px = self.app.look, self.app.look.px
            w = self.app.size[0]
            eh = max(px(40), look.line_height("body") + px(14))
            # the content area as draw() lays it out (below the title and its subtitle)
            top = px(32) + look.line_height("title") + look.line_height("small")
            area = pygame.Rect(px(32), top, w - px(64), self.footer - top - px(14))
            self.question_slots = self.slots(area, len(self.d.reflections) + 1)
            spare = self.question_slots[-1]
            if len(self.question_slots) == len(self.d.reflections) + 1 and spare.w < area.w:
                # an empty place in the grid of questions: the note goes there
                lh = look.line_height("body")
                self.note_rect = pygame.Rect(spare.x, spare.y + lh + px(10), spare.w, eh)
            else:
                self.note_rect = pygame.Rect(px(32), self.footer - px(14) - eh, w - px(64), eh)
            self.note_entry = self.add(
                pygame_gui.elements.UITextEntryLine(
                    self.note_rect,
                    self.app.manager,
                    placeholder_text=t("learn.ui.monday"),
                ),
                tip=t("learn.ui.monday_tip"),
            )
            self.note_entry.set_text_length_limit(300)
            self.note_entry.set_text(self.session.monday_note)

    def turn_page(self, step: int) -> None:
        self.page = (self.page + step) % len(PAGES)
        self.scroll = 0
        keep = self.focus_i
        self.rebuild()  # the questions page has its own text field
        self.focus_i = min(keep, len(self.focus) - 1)
        self.app.poke()

    def what_if(self) -> None:
        self.app.push("whatif", session=self.session, debrief=self.d)

    def export_path(self) -> Path:
        """Where the web page is written: the data folder, one file per scenario and seed."""
        s = self.session
        return self.app.data_folder / "debrief" / f"{s.scn.id}_{s.seed}_{self.app.t.lang}.html"

    def export(self) -> None:
        path = self.export_path()
        try:
            s = self.session
            page = render_html(s.scn, self.d, self.app.t, s.self_rating, s.monday_note)
            atomic_write_text(path, page)
            self.message = self.app.t("learn.ui.exported", path=str(path))
        except OSError as exc:
            self.message = self.app.t("learn.ui.export_failed", reason=str(exc))
        self.app.poke()

    def handle_event(self, event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.note_entry:
            self.session.monday_note = event.text
            return True
        if self.typing():
            return super().handle_event(event)
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RIGHT, pygame.K_LEFT):
            self.turn_page(1 if event.key == pygame.K_RIGHT else -1)
            return True
        if PAGES[self.page] == "timeline":
            step = self.app.look.px(60)
            if event.type == pygame.MOUSEWHEEL:
                self.scroll = max(0, min(self.scroll - event.y * step, self.content_h))
                return True
            if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP):
                self.scroll = max(0, self.scroll + (step if event.key == pygame.K_DOWN else -step))
                return True
        return super().handle_event(event)

    # drawing ---------------------------------------------------------------------------------
    def draw(self, surf):
        super().draw(surf)
        look, t = self.app.look, self.app.t
        px = look.px
        w = self.app.size[0]
        key = PAGES[self.page]
        titles = {
            "overview": t("learn.sec.summary"),
            "time": t("learn.sec.heat"),
            "questions": t("learn.sec.questions"),
            "timeline": t("learn.sec.timeline"),
        }
        top = self.draw_title(
            surf,
            f"{t('learn.ui.debrief')}: {titles[key]}",
            summary_lines(self.session.scn, self.d, t)[0],
        )
        area = pygame.Rect(px(32), top, w - px(64), self.footer - top - px(14))
        getattr(self, f"draw_{key}")(surf, area)
        footer_text = self.message or (
            t("learn.ui.page", page=self.page + 1, pages=len(PAGES))
            + " · "
            + t("learn.ui.export_to", path=str(self.export_path()))
        )
        look.blit_wrapped(
            surf,
            footer_text,
            pygame.Rect(px(32), self.footer, self.footer_left - px(40), look.px(60)),
            "small",
            MUTED,
            max_lines=2,
        )

    def heading(self, surf, text, pos, width) -> int:
        look = self.app.look
        look.blit_text(surf, look.fit(text, "head", width, True), pos, "head", ACCENT, True)
        return look.line_height("head")

    def draw_overview(self, surf, area):
        look, t, s, d = self.app.look, self.app.t, self.session, self.d
        px = look.px
        half = (area.w - px(24)) // 2
        left = pygame.Rect(area.x, area.y, half, area.h)
        right = pygame.Rect(left.right + px(24), area.y, area.w - half - px(24), area.h)
        y = left.y + self.heading(surf, t("learn.sec.meters"), left.topleft, left.w)
        chart = pygame.Rect(left.x, y, left.w, round(left.h * 0.55))
        hist = d.run.history
        line_chart(
            surf, look, chart, {m: list(hist[:, i]) for i, m in enumerate(METERS)},
            {m: t(f"meter.{m}") for m in METERS}, s.scn.n_turns,
        )  # fmt: skip
        event_marks(surf, look, chart, d, s.scn.n_turns)
        y = chart.bottom + px(10)
        y += self.heading(surf, t("learn.sec.compare"), (left.x, y), left.w)
        c = d.comparison
        y += look.blit_wrapped(
            surf,
            summary_lines(s.scn, d, t)[1],
            pygame.Rect(left.x, y, left.w, px(60)),
            "body",
            INK,
            True,
        )
        rows = sorted([*c.named, ("__you__", c.player)], key=lambda x: -x[1])
        rows = [r for i, r in enumerate(rows) if i < 5 or r[0] == "__you__"][:6]
        lh = look.line_height("small")
        hi = max(1.0, max(v for _, v in rows))
        for name, v in rows:
            if y + lh > left.bottom:
                break
            you = name == "__you__"
            label = t("learn.you") if you else bot_label(s.scn, name, t)
            look.blit_text(
                surf, look.fit(label, "small", round(left.w * 0.45)), (left.x, y), "small", INK, you
            )
            bar(
                surf, pygame.Rect(left.x + round(left.w * 0.47), y + lh // 4, round(left.w * 0.4), lh // 2),
                max(0.0, v) / hi, ACCENT if you else MUTED,
            )  # fmt: skip
            look.blit_text(surf, t.num(v), (left.right, y), "small", INK, you, "topright")
            y += lh
        y = right.y + self.heading(surf, t("learn.sec.mattered"), right.topleft, right.w)
        if not d.mattered:
            look.blit_text(surf, t("learn.mattered_none"), (right.x, y), "small", MUTED)
        for impact in d.mattered:
            first, *rest = mattered_lines(s.scn, d, impact, t)
            box = pygame.Rect(right.x, y, right.w, right.bottom - y)
            y += look.blit_wrapped(surf, first, box, "small", INK, True, max_lines=3)
            y += look.blit_wrapped(
                surf, " ".join(rest), pygame.Rect(right.x + px(12), y, right.w - px(12), right.bottom - y),
                "tiny", MUTED, max_lines=4,
            ) + px(8)  # fmt: skip

    def draw_time(self, surf, area):
        look, t, s, d = self.app.look, self.app.t, self.session, self.d
        px = look.px
        left = pygame.Rect(area.x, area.y, round(area.w * 0.56), area.h)
        right = pygame.Rect(left.right + px(24), area.y, area.right - left.right - px(24), area.h)
        # heat map of time per expectation per turn
        names, values = heat_rows(s.scn, d, t)
        hi = max(1, max(max(r) for r in values))
        label_w = round(left.w * 0.3)
        y0 = left.y
        n = len(d.lines)
        cell_h = min(px(34), (left.h - px(20) - look.line_height("tiny")) // len(names))
        cell_w = (left.w - label_w) / max(1, n)
        for i, name in enumerate(names):
            y = y0 + i * cell_h
            look.blit_text(
                surf,
                look.fit(name, "small", label_w - px(8)),
                (left.x, y + cell_h // 2),
                "small",
                INK,
                anchor="midleft",
            )
            for j, v in enumerate(values[i]):
                r = pygame.Rect(
                    round(left.x + label_w + j * cell_w), y, max(1, round(cell_w) - 2), cell_h - 2
                )
                share = v / hi
                fill = ACCENT.lerp(SOFT, 1 - share) if v else pygame.Color("#f6f7f9")
                pygame.draw.rect(surf, fill, r)
                if v and cell_w > look.font("tiny").size("10")[0] + 2:
                    look.blit_text(
                        surf,
                        str(v),
                        r.center,
                        "tiny",
                        INK if share < 0.55 else pygame.Color("white"),
                        anchor="center",
                    )
        y = y0 + len(names) * cell_h + px(2)
        for j in range(0, n, 5 if n > 12 else 1):
            look.blit_text(surf, str(j + 1), (left.x + label_w + (j + 0.5) * cell_w, y), "tiny", MUTED,
                           anchor="midtop")  # fmt: skip
        # up versus out
        y = right.y + self.heading(surf, t("learn.sec.balance"), right.topleft, right.w)
        sh = share_series(d)
        chart = pygame.Rect(right.x, y, right.w, round(right.h * 0.42))
        series_chart(
            surf, look, chart,
            [(t("learn.series.up_time"), sh["up_time"], UP, False),
             (t("learn.series.out_time"), sh["out_time"], OUT, False),
             (t("learn.series.up_cover"), sh["up_cover"], UP, True),
             (t("learn.series.out_cover"), sh["out_cover"], OUT, True)],
            1,
        )  # fmt: skip
        # traits at the start and at the end
        y = chart.bottom + px(10)
        y += self.heading(surf, t("learn.sec.traits"), (right.x, y), right.w)
        traits = s.scn.rules.traits
        lh = max(look.line_height("tiny"), (right.bottom - y) // len(traits))
        for i, c in enumerate(traits):
            if y + lh > right.bottom + 1:
                break
            name = look.fit(c.name.get(t.lang), "tiny", round(right.w * 0.38))
            look.blit_text(surf, name, (right.x, y + lh // 2), "tiny", INK, anchor="midleft")
            bx = right.x + round(right.w * 0.4)
            bw = right.w - round(right.w * 0.4) - px(40)
            bar(
                surf,
                pygame.Rect(bx, y + lh // 2 - px(6), bw, px(5)),
                d.run.traits[0, i] / 100,
                MUTED,
            )
            bar(
                surf,
                pygame.Rect(bx, y + lh // 2 + px(1), bw, px(5)),
                d.run.traits[-1, i] / 100,
                ACCENT,
            )
            look.blit_text(surf, f"{d.run.traits[-1, i]:.0f}", (right.right, y + lh // 2), "tiny", INK,
                           anchor="midright")  # fmt: skip
            y += lh

    def slots(self, area: pygame.Rect, n: int) -> list[pygame.Rect]:
        """The grid of question cards: one column up to three, else two."""
        px = self.app.look.px
        n_q = len(self.d.reflections)
        cols = 2 if n_q > 3 else 1
        rows = -(-n_q // cols)
        gap = px(14)
        cw = (area.w - gap * (cols - 1)) // cols
        ch = (area.h - gap * (rows - 1)) // rows
        return [
            pygame.Rect(area.x + (k % cols) * (cw + gap), area.y + (k // cols) * (ch + gap), cw, ch)
            for k in range(min(n, rows * cols))
        ]

    def draw_questions(self, surf, area):
        look, t, s = self.app.look, self.app.t, self.session
        px = look.px
        if self.note_entry is not None:  # the Monday note: in a free place of the grid or below
            lh = look.line_height("body")
            if self.note_rect.w == area.w:
                area = pygame.Rect(area.x, area.y, area.w, self.note_rect.y - lh - px(12) - area.y)
            look.blit_text(
                surf, t("learn.ui.monday"), (self.note_rect.x, self.note_rect.y - lh - px(4)),
                "body", ACCENT, True,
            )  # fmt: skip
        items = self.d.reflections
        for r, box in zip(items, self.slots(area, len(items)), strict=False):
            card(surf, box)
            pygame.draw.rect(surf, ACCENT, (box.x, box.y, px(6), box.h))
            inner = box.inflate(-px(30), -px(16)).move(px(4), 0)
            concept, explain, evidence, question = reflection_texts(s.scn, r, t)
            y = inner.y
            for text, role, col, bold in (
                (concept, "body", ACCENT, True), (explain, "tiny", MUTED, False),
                (evidence, "small", INK, False), (question, "small", INK, True),
            ):  # fmt: skip
                y += look.blit_wrapped(
                    surf, text, pygame.Rect(inner.x, y, inner.w, inner.bottom - y), role, col, bold
                ) + px(4)

    def draw_timeline(self, surf, area):
        s, t = self.session, self.app.t
        swings = {turn: k + 1 for k, turn in enumerate(biggest_swings(self.d.lines))}
        paras = [
            p
            for line in self.d.lines
            for p in turn_paragraphs(s.scn, line, t, swings.get(line.turn))
        ]
        self.content_h = draw_paragraphs(self.app.look, surf, area, paras, self.scroll)
