"""A screen whose content scrolls under a fixed header when the text is too large for the window:
widgets are laid out at `y - scroll`, those out of view are hidden until scrolled back, and the
keyboard's focus scrolls its widget into view."""

from __future__ import annotations

import pygame

from .look import CARD, INK, MUTED, SOFT, card


class Scrolling:
    """Mixin for a Scene: set `view` (where the content scrolls), `content_h` (how tall the
    content is) and `first_scrolled` (the first of `elements` that scrolls) while building."""

    scroll = 0
    content_h = 0
    first_scrolled = 0
    view = pygame.Rect(0, 0, 0, 0)

    def scroll_limit(self) -> int:
        """How far the content scrolls."""
        return max(0, self.content_h - self.view.h)

    def finish_scrolling(self) -> None:
        """Hide the scrolled widgets that are (partly) out of view: drawn again when back (and
        lay out again when the content got shorter than the scroll, after a change of size)."""
        if self.scroll > self.scroll_limit():
            self.scroll = self.scroll_limit()
            self.clear()
            self.build()
            return
        for el in self.elements[self.first_scrolled :]:
            if not self.view.contains(el.rect):
                el.hide()

    def scroll_by(self, dy: int) -> None:
        """Scroll the content (and lay its widgets out again)."""
        new = max(0, min(self.scroll + dy, self.scroll_limit()))
        if new != self.scroll:
            self.scroll = new
            self.rebuild()
            self.app.poke()

    def focus_moved(self) -> None:
        """The keyboard's focus moved: scroll a widget out of view into it."""
        super().focus_moved()
        if not 0 <= self.focus_i < len(self.focus):
            return
        r = self.focus[self.focus_i].rect
        if self.focus[self.focus_i] not in self.elements[self.first_scrolled :]:
            return
        pad = self.app.look.px(12)
        if r.top < self.view.top:
            self.scroll_by(r.top - self.view.top - pad)
        elif r.bottom > self.view.bottom:
            self.scroll_by(r.bottom - self.view.bottom + pad)

    def scroll_event(self, event) -> bool:
        """The wheel, PgUp/PgDn: scroll; True when used."""
        step = max(1, self.view.h * 3 // 4)
        if event.type == pygame.MOUSEWHEEL and self.scroll_limit():
            self.scroll_by(-event.y * 3 * self.app.look.line_height("small"))
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.scroll_by(step if event.key == pygame.K_PAGEDOWN else -step)
            return True
        return False

    def clip_to_view(self, surf) -> pygame.Rect:
        """Clip drawing to the view; returns the clip to restore."""
        old = surf.get_clip()
        surf.set_clip(self.view.clip(old))
        return old

    def draw_scroll_hint(self, surf) -> None:
        """A scroll bar beside the view and words when more is below (nothing when it all fits)."""
        if not self.scroll_limit():
            return
        look, t = self.app.look, self.app.t
        px = look.px
        v = self.view
        track = pygame.Rect(v.right - px(8), v.y, px(6), v.h)
        pygame.draw.rect(surf, SOFT, track, border_radius=3)
        th = max(px(24), round(track.h * v.h / max(1, self.content_h)))
        ty = track.y + round((track.h - th) * self.scroll / self.scroll_limit())
        pygame.draw.rect(surf, MUTED, (track.x, ty, track.w, th), border_radius=3)
        if self.scroll < self.scroll_limit():
            more_below(surf, look, t, (track.left - px(10), v.bottom - px(4)))


def more_below(surf, look, t, bottomright, fill=CARD) -> None:
    """The words "more below: scroll or PgDn" on a label, its corner at `bottomright`."""
    px = look.px
    text = t("ui.briefing.more_below")
    r = look.text(text, "tiny", INK, True).get_rect(bottomright=bottomright)
    card(surf, r.inflate(px(14), px(4)), fill, MUTED, 8)
    look.blit_text(surf, text, r.topleft, "tiny", INK, True)
