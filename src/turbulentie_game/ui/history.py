"""The history view: every turn played so far, each meter change split into its causes."""

from __future__ import annotations

import pygame

from ..sim.analysis import timeline
from ..words.learning import biggest_swings
from .look import MUTED
from .paged import PagedScene, draw_paragraphs, turn_paragraphs


class HistoryScene(PagedScene):
    """Every turn so far, newest first, with the causes of each change (key G on the board)."""

    name = "history"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session
        self.scroll = 0
        self.content_h = 0
        s = session
        self.paras = []
        lines = timeline(s.scn, s.explanations, s.inputs)
        swings = {turn: k + 1 for k, turn in enumerate(biggest_swings(lines))}
        for line in reversed(lines):
            self.paras += turn_paragraphs(s.scn, line, app.t, swings.get(line.turn))

    def build(self):
        self.footer_buttons([(self.app.t("learn.ui.back"), self.back, True)])

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_g:
            self.back()
            return True
        step = self.app.look.px(60)
        if event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-event.y * step)
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            self.scroll_by(step * (5 if event.key == pygame.K_PAGEDOWN else 1))
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_PAGEUP):
            self.scroll_by(-step * (5 if event.key == pygame.K_PAGEUP else 1))
            return True
        return super().handle_event(event)

    def scroll_by(self, dy: int) -> None:
        self.scroll = max(0, min(self.scroll + dy, max(0, self.content_h - self.app.look.px(200))))
        self.app.poke()

    def draw(self, surf):
        super().draw(surf)
        t = self.app.t
        px = self.app.look.px
        w = self.app.size[0]
        top = self.draw_title(
            surf, t("learn.ui.history"), t("learn.intro.timeline") + "  " + t("learn.ui.scroll")
        )
        rect = pygame.Rect(px(32), top, w - px(64), self.footer - top - px(14))
        paras = self.paras or [(t("learn.ui.history_empty"), "body", MUTED, False)]
        self.content_h = draw_paragraphs(self.app.look, surf, rect, paras, self.scroll)
