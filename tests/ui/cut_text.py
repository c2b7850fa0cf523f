"""What a frame cuts off: texts shortened with an ellipsis, wrapped texts that lose lines, texts
outside the window (or outside an overlay's box) and button labels wider than their button (the
checks of the largest text)."""

from __future__ import annotations

import pygame
import pygame_gui


def cuts_of_a_frame(app) -> list[str]:
    """Draw one frame and say every text it cuts off silently (empty: everything is read)."""
    look = app.look
    found: list[str] = []
    fit, wrapped, blit = look.fit, look.blit_wrapped, look.blit_text
    window = pygame.Rect((0, 0), app.size)

    def record_fit(s, role, width, bold=False):
        out = fit(s, role, width, bold)
        if out != s:
            found.append(f"shortened: {s!r} -> {out!r}")
        return out

    def record_wrapped(surf, s, rect, role="body", col=None, bold=False, max_lines=None):
        kw = {} if col is None else {"col": col}
        if not surf.get_clip().colliderect(rect):
            return wrapped(surf, s, rect, role, bold=bold, max_lines=max_lines, **kw)
        used = wrapped(surf, s, rect, role, bold=bold, max_lines=max_lines, **kw)
        need = len(look.wrap(s, role, rect.width, bold))
        shown = used // max(1, look.line_height(role))
        if (max_lines is not None and need > max_lines) or shown < need:
            found.append(f"lines lost: {s[:60]!r} ({shown} of {need})")
        return used

    def record_text(surf, s, pos, role="body", col=None, bold=False, anchor="topleft"):
        r = blit(surf, s, pos, role, col if col is not None else "#000000", bold, anchor)
        if not surf.get_clip().colliderect(r):
            return r  # scrolled out of a clipped view (the scene says there is more)
        if s.strip() and not window.contains(r):
            found.append(f"outside the window: {s!r} at {tuple(r)}")
        return r

    top = app.top
    box = getattr(top, "box", None) if top.overlay else None
    inside = []  # what the top scene draws (an overlay's texts stay inside its box)
    draw = top.draw

    def draw_top(surf):
        inside.append(True)
        try:
            draw(surf)
        finally:
            inside.clear()

    def boxed(surf, s, r):
        if not surf.get_clip().colliderect(r):
            return  # scrolled out of a clipped view
        if box is not None and inside and s.strip() and not box.contains(r):
            found.append(f"outside its box: {s[:60]!r} at {tuple(r)}")

    def record_boxed_text(surf, s, pos, role="body", col=None, bold=False, anchor="topleft"):
        r = record_text(surf, s, pos, role, col, bold, anchor)
        boxed(surf, s, r)
        return r

    def record_boxed_wrapped(surf, s, rect, role="body", col=None, bold=False, max_lines=None):
        used = record_wrapped(surf, s, rect, role, col, bold, max_lines)
        lines = look.wrap(s, role, rect.width, bold)
        width = max((look.font(role, bold).size(x)[0] for x in lines), default=0)
        boxed(surf, s, pygame.Rect(rect.x, rect.y, width, used))
        return used

    look.fit, look.blit_wrapped, look.blit_text = (
        record_fit,
        record_boxed_wrapped,
        record_boxed_text,
    )
    top.draw = draw_top
    try:
        app.frame(0.016)
    finally:
        del look.fit, look.blit_wrapped, look.blit_text, top.draw
    for el in app.top.elements:
        if isinstance(el, pygame_gui.elements.UIButton) and el.visible and el.text:
            width = el.font.size(el.text)[0]
            if width > el.rect.w - 4:
                found.append(f"button label cut: {el.text!r} ({width} px in {el.rect.w})")
            if not window.contains(el.rect):
                found.append(f"button outside the window: {el.text!r}")
    return found
