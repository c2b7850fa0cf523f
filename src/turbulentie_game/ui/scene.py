"""The base of every screen: widgets laid out from the window size, input, update and drawing."""

from __future__ import annotations

import pygame
import pygame_gui

from .look import BG, focus_ring, tooltip


class Scene:
    """A screen on the stack: builds its widgets from the window size, reacts, updates and draws."""

    name = "scene"
    overlay = False  # an overlay draws the scene below it first
    tab_focus = True  # Tab and arrows move a keyboard focus over the buttons
    back_keys: tuple[int, ...] = ()  # keys that call back()

    def __init__(self, app):
        self.app = app
        self.elements: list = []
        self.actions: dict = {}
        self.focus: list = []
        self.focus_i = -1
        self.tips: dict = {}  # element -> its description (shown on hover and on focus)
        self.by_keys = False  # the focus was last moved with the keyboard

    # life cycle -------------------------------------------------------------------------------
    def enter(self) -> None:
        """Called when the scene becomes the top of the stack."""
        self.build()
        self.order_focus()

    def exit(self) -> None:
        """Called when the scene leaves the top of the stack."""
        self.clear()

    def build(self) -> None:
        """Create the widgets for the current window size."""

    def clear(self) -> None:
        """Remove the widgets."""
        for el in self.elements:
            el.kill()
        self.elements.clear()
        self.actions.clear()
        self.focus.clear()
        self.tips.clear()

    def rebuild(self) -> None:
        """Lay the scene out again (window size, language or text size changed)."""
        keep = self.focus_i
        self.clear()
        self.build()
        self.order_focus()
        if self.focus:
            self.focus_i = min(keep, len(self.focus) - 1)
            self.focus_moved()

    def order_focus(self) -> None:
        """Put the focusable widgets in reading order: a run of widgets built one after another on
        one line goes left to right (footers are laid out from the right edge); the order of
        lines and of columns stays the order the scene built them in."""
        if not self.focus:
            return
        current = self.focus[self.focus_i] if 0 <= self.focus_i < len(self.focus) else None
        tol = self.app.look.px(8)
        runs: list[list] = []
        for el in self.focus:
            if runs and abs(runs[-1][-1].rect.top - el.rect.top) <= tol:
                runs[-1].append(el)
            else:
                runs.append([el])
        self.focus = [el for run in runs for el in sorted(run, key=lambda e: e.rect.left)]
        if current is not None:
            self.focus_i = self.focus.index(current)
        for i, el in enumerate(self.focus):  # a text field that already has the keyboard
            if isinstance(el, pygame_gui.elements.UITextEntryLine) and el.is_focused:
                self.focus_i = i

    # widgets ---------------------------------------------------------------------------------
    def button(
        self,
        rect,
        text: str,
        action,
        tip: str | None = None,
        cls: str | None = None,
        focusable: bool = True,
        enabled: bool = True,
    ):
        """A themed button that calls `action` when pressed (by mouse or keyboard)."""
        obj = pygame_gui.core.ObjectID(class_id=f"@{cls}") if cls else None
        b = pygame_gui.elements.UIButton(
            pygame.Rect(rect), text, self.app.manager, tool_tip_text=tip or None, object_id=obj
        )
        if not enabled:
            b.disable()
        self.elements.append(b)
        self.actions[b] = action
        if tip:
            self.tips[b] = tip
        if focusable and enabled:
            self.focus.append(b)
        return b

    def add(self, element, focusable: bool = True, tip: str | None = None):
        """Keep a pygame_gui element to be removed with the scene; a text field joins the
        keyboard's focus order (Tab reaches it, typing goes into it)."""
        self.elements.append(element)
        if focusable and isinstance(element, pygame_gui.elements.UITextEntryLine):
            self.focus.append(element)
            if tip:
                self.tips[element] = tip
        return element

    # input -----------------------------------------------------------------------------------
    def typing(self) -> bool:
        """Whether a text field has the keyboard."""
        return any(
            isinstance(e, pygame_gui.elements.UITextEntryLine) and e.is_focused
            for e in self.elements
        )

    def handle_event(self, event) -> bool:
        """React to one event; True when it was used."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.actions:
            self.actions[event.ui_element]()
            return True
        if event.type == pygame.KEYDOWN and event.key in self.back_keys and not self.typing():
            self.back()
            return True
        if event.type == pygame.KEYDOWN and self.tab_focus:
            if self.typing():  # in a text field only Tab leaves it; every other key types
                return event.key == pygame.K_TAB and self.focus_key(event)
            return self.focus_key(event)
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED or (
            event.type == pygame.MOUSEBUTTONDOWN and self.focus
        ):
            self.by_keys = False
            for i, el in enumerate(self.focus):  # a click into a text field moves the focus too
                if isinstance(el, pygame_gui.elements.UITextEntryLine) and el.is_focused:
                    self.focus_i = i
        return False

    def focus_key(self, event) -> bool:
        """Tab and Shift-Tab (reading order), arrows, Enter and Space over the scene's widgets."""
        if not self.focus:
            return False
        back = event.key in (pygame.K_UP, pygame.K_LEFT) or (
            event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT
        )
        if event.key in (pygame.K_TAB, pygame.K_DOWN, pygame.K_UP) or (
            event.key in (pygame.K_LEFT, pygame.K_RIGHT) and self.arrows_across
        ):
            step = -1 if back else 1
            self.focus_i = (self.focus_i + step) % len(self.focus) if self.focus_i >= 0 else 0
            self.by_keys = True
            self.focus_moved()
            self.app.poke()
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.focus_i >= 0:
            el = self.focus[self.focus_i]
            if el in self.actions:
                self.actions[el]()
                return True
        return False

    arrows_across = True  # Left and Right move the focus too (scenes that use them set False)

    def focus_moved(self) -> None:
        """Give the keyboard to a focused text field, and take it from one that lost the focus."""
        for i, el in enumerate(self.focus):
            if not isinstance(el, pygame_gui.elements.UITextEntryLine):
                continue
            if i == self.focus_i and not el.is_focused:
                el.focus()
                self.app.manager.set_focus_set(el)
            elif i != self.focus_i and el.is_focused:
                el.unfocus()
                if self.focus_i >= 0 and self.focus_i < len(self.focus):
                    self.app.manager.set_focus_set(self.focus[self.focus_i])

    def back(self) -> None:
        """Leave the scene (Esc)."""
        self.app.pop()

    def update(self, dt: float) -> bool:
        """Advance animations; True while something moves (so the window keeps redrawing)."""
        return False

    # drawing (never changes game state) -------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        """Draw the scene below the widgets."""
        surf.fill(BG)

    def draw_top(self, surf: pygame.Surface) -> None:
        """Draw above the widgets: keyboard focus, tooltips, dragged things."""
        if 0 <= self.focus_i < len(self.focus):
            el = self.focus[self.focus_i]
            r = el.get_abs_rect().inflate(8, 8)
            focus_ring(surf, r, 8)
            pygame.draw.rect(surf, "white", r.inflate(-6, -6), 1, border_radius=6)
            tip = self.tips.get(el)
            if tip and self.by_keys:  # the description a mouse gets on hover, for the keyboard
                look = self.app.look
                tooltip(surf, look, (r.x, r.bottom), el.text if hasattr(el, "text") else "", tip)
