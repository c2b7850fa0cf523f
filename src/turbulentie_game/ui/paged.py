"""Full-screen pages with a title, a content area and a row of buttons, and paragraphs of a turn."""

from __future__ import annotations

import pygame

from ..sim.analysis import TurnLine
from ..words.learning import change_bits, event_bits
from .look import ACCENT, INK, LINE, MUTED, card
from .scene import Scene


class PagedScene(Scene):
    """A full screen with a title, a content area and a row of buttons at the bottom."""

    back_keys = (pygame.K_ESCAPE,)

    def footer_buttons(self, specs) -> None:
        """Lay out (text, action, primary) buttons from the right edge of the bottom bar."""
        look = self.app.look
        px = look.px
        w, h = self.app.size
        bh = max(px(46), look.line_height("head") + px(14))
        self.footer = h - bh - px(18)
        x = w - px(32)
        for text, action, primary in specs:
            bw = max(px(150), look.font("body").size(text)[0] + px(36))
            x -= bw
            self.button((x, self.footer, bw, bh), text, action, cls="primary" if primary else None)
            x -= px(14)
        self.footer_left = x

    def title_bottom(self, title: str, sub: str = "") -> int:
        """Where the title bar ends: the title and its subtitle wrapped in full."""
        look = self.app.look
        px = look.px
        width = self.app.size[0] - px(64)
        y = px(18) + len(look.wrap(title, "title", width, True)) * look.line_height("title")
        if sub:
            y += px(4) + len(look.wrap(sub, "small", width)) * look.line_height("small")
        return y + px(10)

    def draw_title(self, surf, title: str, sub: str = "") -> int:
        """The title bar (title and subtitle wrapped, never cut); returns the y below it."""
        look = self.app.look
        px = look.px
        w = self.app.size[0]
        pygame.draw.rect(surf, ACCENT, (0, 0, w, px(8)))
        r = pygame.Rect(px(32), px(18), w - px(64), self.app.size[1])
        y = r.y + look.blit_wrapped(surf, title, r, "title", INK, True)
        if sub:
            y += px(4)
            y += look.blit_wrapped(surf, sub, pygame.Rect(r.x, y, r.w, r.h), "small", MUTED)
        return y + px(10)


def turn_paragraphs(
    scn, line: TurnLine, t, swing: int | None = None
) -> list[tuple[str, str, object, bool]]:
    """One turn of the timeline as (text, role, colour, bold) paragraphs; `swing` marks one of
    the biggest swings of the game (1: the biggest)."""
    meters = "   ".join(
        f"{t('meter.' + m)} {line.after[m]:.0f} ({t.num(line.after[m] - line.before[m], 1, True)})"
        for m in line.after
    )
    out = []
    if swing is not None:
        out.append((t("learn.swing", rank=swing), "small", ACCENT, False))
    out += [(f"{t('learn.col.turn')} {line.turn}   ·   {meters}", "body", INK, True)]
    out += [("  " + x, "small", INK, False) for x in change_bits(line, t)]
    out += [("  • " + x, "small", MUTED, False) for x in event_bits(scn, line, t)]
    return out


def draw_paragraphs(look, surf, rect, paras, scroll: int) -> int:
    """Wrapped paragraphs inside a card, starting `scroll` pixels down; returns the full height."""
    card(surf, rect)
    inner = rect.inflate(-look.px(24), -look.px(16))
    clip = surf.get_clip()
    surf.set_clip(inner)
    y = inner.y - scroll
    for text, role, col, bold in paras:
        lines = look.wrap(text, role, inner.w, bold)
        lh = look.line_height(role)
        for ln in lines:
            if inner.y - lh <= y <= inner.bottom:
                surf.blit(look.text(ln, role, col, bold), (inner.x, y))
            y += lh
        if bold:
            pygame.draw.line(surf, LINE, (inner.x, y + 1), (inner.right, y + 1))
        y += look.px(3)
    surf.set_clip(clip)
    return y + scroll - inner.y
