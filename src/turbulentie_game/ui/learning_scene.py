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
    EMPTY,
    GOOD,
    GREEN,
    INK,
    LINE,
    MUTED,
    PURPLE,
    SOFT,
    bar,
    card,
    dashed_line,
    line_chart,
)
from .paged import PagedScene, draw_paragraphs, turn_paragraphs
from .scrolling import Scrolling, more_below

PAGES = ("overview", "time", "questions", "timeline")
UP, OUT = PURPLE, GREEN  # managing up, managing out (the palette's colours)


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


class LearningScene(Scrolling, PagedScene):
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
            top = self.title_bottom(*self.page_title())
            area = pygame.Rect(px(32), top, w - px(64), self.info_top() - top - px(10))
            self.lay_out_questions(area, eh)
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
        self.first_scrolled = len(self.elements)  # no widget scrolls with a long page

    def card_texts(self, r) -> list[tuple[str, str, object, bool]]:
        """A question card's paragraphs: the concept, what it means, the evidence, the question."""
        concept, explain, evidence, question = reflection_texts(self.session.scn, r, self.app.t)
        return [
            (concept, "body", ACCENT, True), (explain, "tiny", MUTED, False),
            (evidence, "small", INK, False), (question, "small", INK, True),
        ]  # fmt: skip

    def card_height(self, r, width: int) -> int:
        """How tall a question card must be to show all of its text at `width`."""
        look, px = self.app.look, self.app.look.px
        inner_w = width - px(30)
        return px(16) + sum(
            len(look.wrap(text, role, inner_w, bold)) * look.line_height(role) + px(4)
            for text, role, _, bold in self.card_texts(r)
        )

    def lay_out_questions(self, area: pygame.Rect, eh: int) -> None:
        """The question cards in one column (up to three) or two, every card as tall as its text
        needs (rows share the height left over). The Monday note takes the grid's free place;
        when the cards do not all fit, it goes below them and the cards scroll."""
        look, px = self.app.look, self.app.look.px
        items = self.d.reflections
        cols = 2 if len(items) > 3 and not self.one_column() else 1  # large text: one column
        gap = px(14)
        cw = (area.w - gap * (cols - 1)) // cols
        lh = look.line_height("body")
        note_h = lh + px(10) + eh
        spare = len(items) % cols != 0  # a free place in the last row of the grid
        needs = [self.card_height(r, cw) for r in items]
        rows = [needs[i : i + cols] for i in range(0, len(needs), cols)]
        row_h = [max(row) for row in rows]
        if spare:
            row_h[-1] = max(row_h[-1], note_h)
        total = sum(row_h) + gap * (len(rows) - 1)
        self.q_scrolls = total > area.h
        if self.q_scrolls:  # the note below, the cards above it scroll
            self.note_rect = pygame.Rect(area.x, area.bottom - eh, area.w, eh)
            self.q_area = pygame.Rect(
                area.x, area.y, area.w, self.note_rect.y - lh - px(12) - area.y
            )
            if spare:
                row_h[-1] = max(rows[-1])
                total = sum(row_h) + gap * (len(rows) - 1)
        else:
            self.q_area = area
            extra = (area.h - total) // max(1, len(rows))  # fill the page
            row_h = [h + extra for h in row_h]
        self.q_boxes = []
        y = 0
        for k in range(len(items)):
            row = k // cols
            if k % cols == 0 and k:
                y += row_h[row - 1] + gap
            self.q_boxes.append(pygame.Rect(area.x + (k % cols) * (cw + gap), y, cw, row_h[row]))
        self.q_content_h = y + row_h[-1]
        self.scroll = max(0, min(self.scroll, self.q_content_h - self.q_area.h))
        if not self.q_scrolls:
            if spare:
                x = area.x + (len(items) % cols) * (cw + gap)
                self.note_rect = pygame.Rect(x, area.y + y + lh + px(10), cw, eh)
            else:
                self.note_rect = pygame.Rect(area.x, area.bottom - eh, area.w, eh)

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
        if self.page_scrolls():
            if self.scroll_event(event):
                return True
            if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP):
                step = 2 * self.app.look.line_height("small")
                self.scroll_by(step if event.key == pygame.K_DOWN else -step)
                return True
        if PAGES[self.page] == "timeline":
            step = self.app.look.px(60)
            if event.type == pygame.MOUSEWHEEL:
                self.scroll = max(0, min(self.scroll - event.y * step, self.content_h))
                return True
            if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP):
                self.scroll = max(0, self.scroll + (step if event.key == pygame.K_DOWN else -step))
                return True
        if PAGES[self.page] == "questions" and self.q_scrolls:
            step = self.app.look.px(60)
            limit = max(0, self.q_content_h - self.q_area.h)
            page = self.q_area.h * 3 // 4
            keys = {pygame.K_DOWN: step, pygame.K_UP: -step, pygame.K_PAGEDOWN: page,
                    pygame.K_PAGEUP: -page}  # fmt: skip
            dy = None
            if event.type == pygame.MOUSEWHEEL:
                dy = -event.y * step
            elif event.type == pygame.KEYDOWN and event.key in keys:
                dy = keys[event.key]
            if dy is not None:
                self.scroll = max(0, min(self.scroll + dy, limit))
                self.app.poke()
                return True
        return super().handle_event(event)

    # drawing ---------------------------------------------------------------------------------
    def draw(self, surf):
        super().draw(surf)
        look = self.app.look
        px = look.px
        w = self.app.size[0]
        key = PAGES[self.page]
        top = self.draw_title(surf, *self.page_title())
        info = self.info_top()
        area = pygame.Rect(px(32), top, w - px(64), info - top - px(10))
        if self.page_scrolls():  # every text in full; large text: one column
            self.view = pygame.Rect(0, top, w, area.h)
            clip = self.clip_to_view(surf)
            full = pygame.Rect(area.x, top - self.scroll, area.w - px(16), 100_000)
            end = getattr(self, f"draw_{key}")(surf, full, self.one_column(), area.h)
            self.content_h = end + self.scroll - top + px(12)
            surf.set_clip(clip)
            self.draw_scroll_hint(surf)
        else:
            getattr(self, f"draw_{key}")(surf, area)
        # the page and where the web page goes (or what became of saving it), across the window
        # above the buttons, so the path is read in full
        lh = look.line_height("small")
        lines = self.info_lines(self.message or self.page_text())
        for i, line in enumerate(lines[: self.info_n]):
            if i == self.info_n - 1 and len(lines) > self.info_n:
                line = look.fit(line + " " + " ".join(lines[self.info_n :]), "small", w - px(64))
            look.blit_text(surf, look.fit(line, "small", w - px(64)), (px(32), info + i * lh),
                           "small", MUTED)  # fmt: skip

    def page_title(self) -> tuple[str, str]:
        """The page's title and its subtitle (the final score and why the game ended)."""
        t = self.app.t
        titles = {
            "overview": t("learn.sec.summary"),
            "time": t("learn.sec.heat"),
            "questions": t("learn.sec.questions"),
            "timeline": t("learn.sec.timeline"),
        }
        title = f"{t('learn.ui.debrief')}: {titles[PAGES[self.page]]}"
        return title, summary_lines(self.session.scn, self.d, self.app.t)[0]

    def page_scrolls(self) -> bool:
        """Whether this page is drawn as a scrolling page: the overview always (its texts in full
        at any size), the time page when the text is large."""
        key = PAGES[self.page]
        return key == "overview" or (key == "time" and self.one_column())

    def one_column(self) -> bool:
        """Whether the text is too large for two columns (a heading wider than its half)."""
        look, t = self.app.look, self.app.t
        half = (self.app.size[0] - look.px(64) - look.px(24)) // 2
        keys = ("learn.sec.compare", "learn.sec.mattered", "learn.sec.balance", "learn.sec.traits")
        return any(look.font("head", True).size(t(k))[0] > half for k in keys)

    def page_text(self) -> str:
        """The footer's line: which page this is and where 'save as web page' writes."""
        t = self.app.t
        return (
            t("learn.ui.page", page=self.page + 1, pages=len(PAGES))
            + " · "
            + t("learn.ui.export_to", path=str(self.export_path()))
        )

    def info_lines(self, text: str) -> list[str]:
        look, px = self.app.look, self.app.look.px
        return look.wrap(text, "small", self.app.size[0] - px(64))

    def info_top(self) -> int:
        """Where the footer's line starts: one or two lines above the buttons."""
        px = self.app.look.px
        self.info_n = max(1, len(self.info_lines(self.page_text())))  # in full, never cut
        return self.footer - px(8) - self.info_n * self.app.look.line_height("small")

    def heading(self, surf, text, pos, width) -> int:
        """A heading, wrapped in full; its height."""
        r = pygame.Rect(pos[0], pos[1], width, 10_000)
        return self.app.look.blit_wrapped(surf, text, r, "head", ACCENT, True)

    def draw_overview(self, surf, area, full: bool = False, view_h: int = 0) -> int:
        """The meters, the comparison with the bots and the turns that mattered, every text in
        full (the page scrolls when it is longer than the `view_h` it is seen in); `full`: in one
        column (large text). Returns the y below."""
        look, t, s, d = self.app.look, self.app.t, self.session, self.d
        px = look.px
        half = area.w if full else (area.w - px(24)) // 2
        left = pygame.Rect(area.x, area.y, half, area.h)
        right = pygame.Rect(left.right + px(24), area.y, area.w - half - px(24), area.h)
        y = left.y + self.heading(surf, t("learn.sec.meters"), left.topleft, left.w)
        chart_h = 8 * look.line_height("small") if full else round((view_h or left.h) * 0.55)
        chart = pygame.Rect(left.x, y, left.w, chart_h)
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
            pygame.Rect(left.x, y, left.w, left.bottom - y),
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
        left_end = y
        if full:  # the turns that mattered below
            right = pygame.Rect(area.x, y + px(16), area.w, area.h)
        y = right.y + self.heading(surf, t("learn.sec.mattered"), right.topleft, right.w)
        if not d.mattered:
            look.blit_text(surf, t("learn.mattered_none"), (right.x, y), "small", MUTED)
        for impact in d.mattered:
            first, *rest = mattered_lines(s.scn, d, impact, t)
            box = pygame.Rect(right.x, y, right.w, right.bottom - y)
            y += look.blit_wrapped(surf, first, box, "small", INK, True)
            y += look.blit_wrapped(
                surf, " ".join(rest), pygame.Rect(right.x + px(12), y, right.w - px(12), right.bottom - y),
                "tiny", MUTED,
            ) + px(8)  # fmt: skip
        return max(left_end, y)

    def draw_time(self, surf, area, full: bool = False, view_h: int = 0) -> int:
        """The heat map of time, managing up or out, the traits; `full`: in one column (large
        text). Returns the y below."""
        look, t, s, d = self.app.look, self.app.t, self.session, self.d
        px = look.px
        left = pygame.Rect(area.x, area.y, area.w if full else round(area.w * 0.56), area.h)
        right = pygame.Rect(left.right + px(24), area.y, area.right - left.right - px(24), area.h)
        # heat map of time per expectation per turn
        names, values = heat_rows(s.scn, d, t)
        hi = max(1, max(max(r) for r in values))
        label_w = round(left.w * 0.3)
        y0 = left.y
        n = len(d.lines)
        cell_h = min(px(34), (left.h - px(20) - look.line_height("tiny")) // len(names))
        if full:
            cell_h = look.line_height("small") + px(2)
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
                fill = ACCENT.lerp(SOFT, 1 - share) if v else EMPTY
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
        if full:  # below the heat map
            right = pygame.Rect(area.x, y + look.line_height("tiny") + px(16), area.w, area.h)
        y = right.y + self.heading(surf, t("learn.sec.balance"), right.topleft, right.w)
        sh = share_series(d)
        chart_h = 8 * look.line_height("small") if full else round(right.h * 0.42)
        chart = pygame.Rect(right.x, y, right.w, chart_h)
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
        if full:
            lh = look.line_height("tiny") + px(6)
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
        return y

    def draw_questions(self, surf, area):
        look, t = self.app.look, self.app.t
        px = look.px
        lh = look.line_height("body")
        if self.note_entry is None:  # the page was turned without building it: lay it out
            self.lay_out_questions(area, max(px(40), lh + px(14)))
        else:  # the Monday note's label, above its field
            look.blit_text(
                surf, t("learn.ui.monday"), (self.note_rect.x, self.note_rect.y - lh - px(4)),
                "body", ACCENT, True,
            )  # fmt: skip
        view = self.q_area
        clip = surf.get_clip()
        surf.set_clip(view.inflate(px(4), 0))
        for r, rel in zip(self.d.reflections, self.q_boxes, strict=True):
            box = rel.move(0, view.y - self.scroll)
            if not box.colliderect(view):
                continue
            card(surf, box)
            pygame.draw.rect(surf, ACCENT, (box.x, box.y, px(6), box.h))
            inner = box.inflate(-px(30), -px(16)).move(px(4), 0)
            y = inner.y
            for text, role, col, bold in self.card_texts(r):
                y += look.blit_wrapped(
                    surf, text, pygame.Rect(inner.x, y, inner.w, box.bottom - y), role, col, bold
                ) + px(4)
        surf.set_clip(clip)
        if self.q_scrolls:  # a scroll bar beside the cards, and how to scroll
            track = pygame.Rect(view.right + px(8), view.y, px(6), view.h)
            pygame.draw.rect(surf, SOFT, track, border_radius=3)
            th = max(px(24), round(view.h * view.h / self.q_content_h))
            span = max(1, self.q_content_h - view.h)
            ty = view.y + round((view.h - th) * self.scroll / span)
            pygame.draw.rect(surf, MUTED, (track.x, ty, track.w, th), border_radius=3)
            if self.scroll < span:  # and in words
                more_below(surf, look, t, (view.right - px(4), view.bottom - px(4)))

    def draw_timeline(self, surf, area):
        s, t = self.session, self.app.t
        swings = {turn: k + 1 for k, turn in enumerate(biggest_swings(self.d.lines))}
        paras = [
            p
            for line in self.d.lines
            for p in turn_paragraphs(s.scn, line, t, swings.get(line.turn))
        ]
        self.content_h = draw_paragraphs(self.app.look, surf, area, paras, self.scroll)
