"""The base of every screen: widgets laid out from the window size, input, update and drawing."""

from __future__ import annotations

import pygame
import pygame_gui

from .look import ACCENT, BG


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

    # life cycle -------------------------------------------------------------------------------
    def enter(self) -> None:
        """Called when the scene becomes the top of the stack."""
        self.build()

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

    def rebuild(self) -> None:
        """Lay the scene out again (window size, language or text size changed)."""
        keep = self.focus_i
        self.clear()
        self.build()
        if self.focus:
            self.focus_i = min(keep, len(self.focus) - 1)

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
            pygame.Rect(rect), text, self.app.manager, tool_tip_text=tip, object_id=obj
        )
        if not enabled:
            b.disable()
        self.elements.append(b)
        self.actions[b] = action
        if focusable and enabled:
            self.focus.append(b)
        return b

    def add(self, element):
        """Keep a pygame_gui element to be removed with the scene."""
        self.elements.append(element)
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
        if event.type == pygame.KEYDOWN and self.tab_focus and not self.typing():
            return self.focus_key(event)
        return False

    def focus_key(self, event) -> bool:
        """Tab, arrows and Enter over the scene's buttons."""
        if not self.focus:
            return False
        back = event.key == pygame.K_UP or (
            event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT
        )
        if event.key in (pygame.K_TAB, pygame.K_DOWN, pygame.K_UP):
            step = -1 if back else 1
            self.focus_i = (self.focus_i + step) % len(self.focus) if self.focus_i >= 0 else 0
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.focus_i >= 0:
            self.actions[self.focus[self.focus_i]]()
            return True
        return False

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
            r = self.focus[self.focus_i].get_abs_rect().inflate(8, 8)
            pygame.draw.rect(surf, ACCENT, r, 3, border_radius=8)
