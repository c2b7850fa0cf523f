"""What if: pick a turn and another choice, re-simulate with the same seed, see both games."""

from __future__ import annotations

import time

import pygame

from ..core.model import METERS
from ..sim.analysis import ALT_ADVISOR, ALT_REST, Variant, turn_alternatives, what_if
from ..words.learning import alt_text, plan_text
from ..words.narrate import signed
from .look import ACCENT, BAD, GOOD, INK, MUTED, line_chart
from .paged import PagedScene
from .scrolling import Scrolling


class WhatIfScene(Scrolling, PagedScene):
    """Both runs side by side; arrows change the turn, Tab (or the button) the other choice."""

    name = "whatif"

    def __init__(self, app, session, debrief):
        super().__init__(app)
        self.session = session
        self.d = debrief
        self.alternatives = turn_alternatives(session.scn, debrief.run)
        first = debrief.mattered[0].turn if debrief.mattered else 1
        self.turn = first
        self.choice = 0
        self.result = None
        self.seconds = 0.0
        self.simulate()

    def options(self) -> list[Variant]:
        """The other choices of the chosen turn."""
        return [v for v in self.alternatives if v.turn == self.turn]

    def simulate(self) -> None:
        """Re-play the game with the chosen alternative (timed, for the benchmark figure)."""
        v = self.options()[self.choice]
        new = v.kind if v.kind in (ALT_ADVISOR, ALT_REST) else v.input
        start = time.perf_counter()
        self.result = what_if(
            self.session.scn, self.session.seed, self.session.inputs, self.turn, new
        )
        self.seconds = time.perf_counter() - start
        self.app.poke()

    def build(self):
        t = self.app.t
        self.footer_buttons(
            [
                (t("learn.ui.back"), self.back, False),
                (t("learn.whatif.other"), self.next_choice, True),
                (t("learn.ui.next"), lambda: self.move(1), False),
                (t("learn.ui.prev"), lambda: self.move(-1), False),
            ]
        )
        self.first_scrolled = len(self.elements)  # the buttons stay; a long page scrolls
        top = self.title_bottom(t("learn.whatif.title"), t("learn.whatif.pick"))
        px, w = self.app.look.px, self.app.size[0]
        self.view = pygame.Rect(0, top, w, self.footer - px(10) - top)
        self.column = self.legend_w() > (w - px(64) - px(24)) // 2

    column = False  # large text: the two games one below the other, the page scrolls

    def legend_w(self) -> int:
        """How wide a chart's legend is (a chart narrower than this loses a name)."""
        look, t = self.app.look, self.app.t
        names = sum(look.font("small").size(t(f"meter.{m}"))[0] + look.px(54) for m in METERS)
        return names + look.px(40)

    def move(self, step: int) -> None:
        self.turn = (self.turn - 1 + step) % self.d.run.turns + 1
        self.choice = 0
        self.simulate()

    def next_choice(self) -> None:
        self.choice = (self.choice + 1) % len(self.options())
        self.simulate()

    def handle_event(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RIGHT, pygame.K_LEFT):
            self.move(1 if event.key == pygame.K_RIGHT else -1)
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_a:
            self.next_choice()
            return True
        if self.column and self.scroll_event(event):
            return True
        return super().handle_event(event)

    def draw(self, surf):
        super().draw(surf)
        look, t, s = self.app.look, self.app.t, self.session
        px = look.px
        w = self.app.size[0]
        top = self.draw_title(surf, t("learn.whatif.title"), t("learn.whatif.pick"))
        if self.column:
            clip = self.clip_to_view(surf)
            top -= self.scroll
        v = self.options()[self.choice]
        head = f"{t('learn.whatif.turn', turn=self.turn)}:  {alt_text(s.scn, v, t)}"
        top += look.blit_wrapped(surf, head, pygame.Rect(px(32), top, w - px(64), 10_000), "head",
                                 ACCENT, True) + px(8)  # fmt: skip
        r = self.result
        half = (w - px(64) - px(24)) // 2
        bottom = self.footer - px(14) - 8 * look.line_height("small")
        chart_h = bottom - top - 2 * look.line_height("body")
        if self.column:  # one below the other at full width
            half, chart_h = w - px(64) - px(16), 8 * look.line_height("small")
        for i, (title, run) in enumerate(
            ((t("learn.whatif.yours"), r.original), (t("learn.whatif.other"), r.variant))
        ):
            x = px(32) + i * (half + px(24))
            if self.column:
                x = px(32)
            look.blit_text(surf, title, (x, top), "body", INK, True)
            chart = pygame.Rect(x, top + look.line_height("body"), half, chart_h)
            line_chart(
                surf, look, chart, {m: list(run.history[:, j]) for j, m in enumerate(METERS)},
                {m: t(f"meter.{m}") for m in METERS}, s.scn.n_turns,
            )  # fmt: skip
            x_turn = chart.left + look.px(40) + (chart.w - look.px(56)) * self.turn / s.scn.n_turns
            pygame.draw.line(
                surf, ACCENT, (x_turn, chart.top + px(30)), (x_turn, chart.bottom - px(24)), 2
            )
            text = t(
                "learn.whatif.score",
                score=t.num(run.score),
                turn=run.turns,
                reason=t(f"end.{run.ended_because}"),
            )
            y = chart.bottom + px(4)
            y += look.blit_wrapped(surf, text, pygame.Rect(x, y, half, 10_000), "small", INK)
            if self.column:
                top = y + px(12)
        y = top if self.column else bottom + px(2)
        first = r.first_difference()
        if first is None:
            lines = [(t("learn.whatif.same"), MUTED)]
        else:
            lines = [
                (t("learn.whatif.delta", delta=signed(r.delta, t)), GOOD if r.delta > 0 else BAD),
                (t("learn.whatif.diverge", turn=first), INK),
            ]
        # the one thing that changed: the plans of that turn, the adviser's chips in full
        k = self.turn - 1
        if k < len(r.original.inputs) and k < len(r.variant.inputs):
            lines[:0] = [
                (t("learn.whatif.plan_yours", turn=self.turn,
                   plan=plan_text(s.scn, r.original.inputs[k], t)), INK),
                (t("learn.whatif.plan_other", plan=plan_text(s.scn, r.variant.inputs[k], t)), INK),
            ]  # fmt: skip
        if v.kind == ALT_ADVISOR:
            lines.insert(2, (t("learn.whatif.one_thing"), MUTED))
        fallbacks = [x for x in r.variant.fallbacks if x > self.turn]
        if fallbacks:
            lines.append(
                (t("learn.whatif.fallback", turns=", ".join(map(str, fallbacks[:8]))), MUTED)
            )
        if self.column:  # every line in full
            for text, col in lines:
                y += look.blit_wrapped(surf, text, pygame.Rect(px(32), y, w - px(80), 10_000),
                                       "small", col, True)  # fmt: skip
            self.content_h = y + self.scroll - self.view.top + px(12)
            surf.set_clip(clip)
            self.draw_scroll_hint(surf)
            return
        for text, col in lines[:6]:
            for line in look.wrap(text, "small", w - px(64), True)[:3]:
                look.blit_text(surf, line, (px(32), y), "small", col, True)
                y += look.line_height("small")
