"""The window: one App owning the display, the clock, one UIManager and a stack of scenes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pygame
import pygame_gui

from ..i18n import Translator
from ..paths import assets_dir
from .look import ACCENT, BG, Look
from .storage import Settings

ACTIVE_SECONDS = 2.0  # keep drawing this long after the last input (hover, tooltips)
IDLE_WAIT_MS = 40  # when idle, sleep this long between looks at the event queue; no redraw


def theme_dict(scale: float) -> dict:
    """The theme JSON from assets/ui with the shipped font and sizes scaled to the window."""
    theme = json.loads((assets_dir() / "ui" / "theme.json").read_text(encoding="utf-8"))
    fonts = assets_dir() / "fonts"
    for block in theme.values():
        font = block.get("font")
        if font:
            font["size"] = str(round(int(font["size"]) * scale))
            font["regular_path"] = str(fonts / "NotoSans-Regular.ttf")
            font["bold_path"] = str(fonts / "NotoSans-Bold.ttf")
    return theme


class Scene:
    """A screen on the stack: builds its widgets from the window size, reacts, updates and draws."""

    name = "scene"
    overlay = False  # an overlay draws the scene below it first
    tab_focus = True  # Tab and arrows move a keyboard focus over the buttons
    back_keys: tuple[int, ...] = ()  # keys that call back()

    def __init__(self, app: App):
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


class App:
    """The game window and its loop."""

    def __init__(self, settings: Settings, data_folder: Path, autoplay=None):
        pygame.init()
        pygame.key.set_repeat(350, 40)
        self.settings = settings
        self.data_folder = Path(data_folder)
        self.t = Translator(settings.lang)
        self.stack: list[Scene] = []
        self.running = True
        self.autoplay = autoplay
        self.clock = pygame.time.Clock()
        self.last_input = 0.0
        self.frame_times: list[float] = []
        self.notice: str | None = None  # a message shown once by the menu
        self.session = None  # the game in progress, if any
        self.results_override: Path | None = None  # `--results DIR` for this run
        self._open_window()

    # window, manager, look ---------------------------------------------------------------------
    def _open_window(self) -> None:
        flags = pygame.FULLSCREEN if self.settings.fullscreen else pygame.RESIZABLE
        size = (0, 0) if self.settings.fullscreen else self.settings.size
        self.screen = pygame.display.set_mode(size, flags)
        pygame.display.set_caption(self.t("ui.window_title"))
        self._restyle()

    def _restyle(self) -> None:
        self.size = self.screen.get_size()
        self.look = Look(self.size, self.settings.text_scale)
        self.manager = pygame_gui.UIManager(
            self.size,
            theme_dict(self.look.scale),
            enable_live_theme_updates=False,
            starting_language=self.settings.lang,
            translation_directory_paths=[str(assets_dir() / "ui" / "translations")],
        )

    def apply_settings(self, new: Settings) -> None:
        """Use changed settings: reopen the window if needed, re-lay out every scene."""
        old = self.settings
        self.settings = new
        new.save(self.data_folder)
        for scene in self.stack[-1:]:
            scene.clear()
        if self.t.lang != new.lang:
            self.t = Translator(new.lang)
            pygame.display.set_caption(self.t("ui.window_title"))
        if (old.size, old.fullscreen) != (new.size, new.fullscreen):
            self._open_window()
        else:
            self._restyle()
        if self.stack:
            self.stack[-1].build()

    def resized(self, size) -> None:
        """The window was resized by the player."""
        if tuple(size) == tuple(self.size):
            return
        self.stack[-1].clear()
        self.screen = pygame.display.get_surface()
        self._restyle()
        self.stack[-1].build()

    def toggle_fullscreen(self) -> None:
        """Switch between a window and the full screen."""
        s = self.settings.copy()
        s.fullscreen = not s.fullscreen
        self.apply_settings(s)

    # the scene stack -------------------------------------------------------------------------
    def push(self, scene: Scene) -> None:
        """Put a scene on top."""
        if self.stack:
            self.stack[-1].exit()
        self.stack.append(scene)
        scene.enter()
        self.poke()

    def pop(self) -> Scene:
        """Remove the top scene and go back to the one below."""
        top = self.stack.pop()
        top.exit()
        if self.stack:
            self.stack[-1].enter()
        self.poke()
        return top

    def replace(self, scene: Scene) -> None:
        """Swap the top scene for another."""
        top = self.stack.pop()
        top.exit()
        self.stack.append(scene)
        scene.enter()
        self.poke()

    def reset(self, *scenes: Scene) -> None:
        """Empty the stack and start again with the given scenes."""
        while self.stack:
            self.stack.pop().exit()
        for s in scenes:
            self.push(s)

    @property
    def top(self) -> Scene:
        """The scene on top."""
        return self.stack[-1]

    def poke(self) -> None:
        """Something changed: draw again for a while."""
        self.last_input = time.monotonic()

    # the loop ---------------------------------------------------------------------------------
    def handle(self, event) -> None:
        """Route one event: window events here, the rest to the UI and the top scene."""
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self.resized(pygame.display.get_surface().get_size())
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        used = self.manager.process_events(event)
        if event.type == pygame.KEYDOWN or not used:
            self.top.handle_event(event)

    def frame(self, dt: float, draw: bool = True) -> None:
        """Update, and draw when asked to."""
        moving = self.top.update(dt)
        self.manager.update(dt)
        if moving:
            self.poke()
        if draw:
            self.draw()

    def draw(self) -> None:
        """Draw the stack's top (and what an overlay covers) and the widgets."""
        start = time.perf_counter()
        first = len(self.stack) - 1
        while first > 0 and self.stack[first].overlay:
            first -= 1
        for scene in self.stack[first:-1]:
            scene.draw(self.screen)
        self.top.draw(self.screen)
        self.manager.draw_ui(self.screen)
        self.top.draw_top(self.screen)
        pygame.display.flip()
        self.frame_times.append(time.perf_counter() - start)
        del self.frame_times[:-600]

    def busy(self, text: str) -> None:
        """Show a short 'working on it' notice over the current screen before a slow step."""
        self.draw()
        shade = pygame.Surface(self.size, pygame.SRCALPHA)
        shade.fill((255, 255, 255, 170))
        self.screen.blit(shade, (0, 0))
        centre = (self.size[0] // 2, self.size[1] // 2)
        self.look.blit_text(self.screen, text, centre, "title", ACCENT, True, anchor="center")
        pygame.display.flip()

    def run(self, max_frames: int | None = None) -> None:
        """Run until the window closes (or for a number of frames, for tests and benchmarks)."""
        frames = 0
        while self.running and self.stack:
            busy = self.autoplay is not None or time.monotonic() - self.last_input < ACTIVE_SECONDS
            if busy:
                events = pygame.event.get()
                dt = self.clock.tick(0 if self.autoplay else 60) / 1000
            else:  # sleep instead of waiting in SDL, which polls on some video drivers
                pygame.time.wait(IDLE_WAIT_MS)
                events = pygame.event.get()
                dt = self.clock.tick() / 1000
            if events:
                self.poke()
            for event in events:
                self.handle(event)
                if not self.running or not self.stack:
                    return
            if busy or events:  # idle and untouched: nothing to update or draw
                self.frame(min(dt, 0.1))
            if self.autoplay is not None:
                self.autoplay.step(self)
            frames += 1
            if max_frames is not None and frames >= max_frames:
                return

    def screenshot(self, path: Path) -> None:
        """Save what the window shows as a PNG."""
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.screen, str(path))

    def quit(self) -> None:
        """Close the window at the end of this frame."""
        self.running = False
