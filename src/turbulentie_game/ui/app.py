"""The window: one App owning the display, the clock, one UIManager and a stack of scenes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pygame
import pygame_gui

from ..i18n import Translator
from ..paths import assets_dir
from ..play.controller import AskName, Briefing, CodeProblem, Controller, Problems, Reloaded
from ..play.storage import Settings
from ..words.narrate import sentence
from .look import ACCENT, CARD, LINE, SOFT, Look, apply_palette, theme_overrides
from .scene import Scene
from .scenes import SCENES

ACTIVE_SECONDS = 2.0  # keep drawing this long after the last input (hover, tooltips)
IDLE_WAIT_MS = 40  # when idle, sleep this long between looks at the event queue; no redraw


def theme_dict(scale: float, palette: str = "okabe_ito") -> dict:
    """The theme JSON from assets/ui with the shipped font and sizes scaled to the window, and
    the palette's colours for buttons and fields."""
    theme = json.loads((assets_dir() / "ui" / "theme.json").read_text(encoding="utf-8"))
    for block, colours in theme_overrides(palette).items():
        theme.setdefault(block, {}).setdefault("colours", {}).update(colours)
    fonts = assets_dir() / "fonts"
    for block in theme.values():
        font = block.get("font")
        if font:
            font["size"] = str(round(int(font["size"]) * scale))
            font["regular_path"] = str(fonts / "NotoSans-Regular.ttf")
            font["bold_path"] = str(fonts / "NotoSans-Bold.ttf")
    return theme


class _Live:
    """The window's current translator (it changes with the language setting), as a function."""

    def __init__(self, app: App):
        self.app = app

    @property
    def lang(self) -> str:
        return self.app.t.lang

    def __call__(self, key: str, /, **params) -> str:
        return self.app.t(key, **params)


class App:
    """The game window and its loop; scenes are reached by name (`go`, `push`, `reset`)."""

    def __init__(self, settings: Settings, data_folder: Path, autoplay=None, scenes=None):
        pygame.init()
        pygame.key.set_repeat(350, 40)
        self.t = Translator(settings.lang)
        self.game = Controller(settings, data_folder, _Live(self))
        self.scenes: dict[str, type[Scene]] = dict(SCENES if scenes is None else scenes)
        self.stack: list[Scene] = []
        self.running = True
        self.autoplay = autoplay
        self.clock = pygame.time.Clock()
        self.last_input = 0.0
        self.frame_times: list[float] = []
        self.background: list = []  # callables run every frame (a room's news, see room_join)
        self._open_window()

    # the game being played lives in the controller (play/) ------------------------------------
    settings = property(
        lambda self: self.game.settings, lambda self, v: setattr(self.game, "settings", v)
    )
    session = property(
        lambda self: self.game.session, lambda self, v: setattr(self.game, "session", v)
    )
    notice = property(
        lambda self: self.game.notice, lambda self, v: setattr(self.game, "notice", v)
    )
    results_override = property(
        lambda self: self.game.results_override,
        lambda self, v: setattr(self.game, "results_override", v),
    )

    @property
    def data_folder(self) -> Path:
        """The player's data folder (settings, saves, exports)."""
        return self.game.data_folder

    # window, manager, look ---------------------------------------------------------------------
    def _open_window(self) -> None:
        flags = pygame.FULLSCREEN if self.settings.fullscreen else pygame.RESIZABLE
        size = (0, 0) if self.settings.fullscreen else self.settings.size
        self.screen = pygame.display.set_mode(size, flags)
        pygame.display.set_caption(self.t("ui.window_title"))
        self._restyle()

    def _restyle(self) -> None:
        self.size = self.screen.get_size()
        apply_palette(self.settings.palette)  # every colour of the window, in place
        self.look = Look(self.size, self.settings.text_scale)
        self.manager = pygame_gui.UIManager(
            self.size,
            theme_dict(self.look.scale, self.settings.palette),
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
            self.stack[-1].order_focus()

    def resized(self, size) -> None:
        """The window was resized by the player."""
        if tuple(size) == tuple(self.size):
            return
        self.stack[-1].clear()
        self.screen = pygame.display.get_surface()
        self._restyle()
        self.stack[-1].build()
        self.stack[-1].order_focus()

    def toggle_fullscreen(self) -> None:
        """Switch between a window and the full screen."""
        s = self.settings.copy()
        s.fullscreen = not s.fullscreen
        self.apply_settings(s)

    # the scene stack, by name ---------------------------------------------------------------
    def scene(self, name: str | Scene, **kwargs) -> Scene:
        """The scene registered under `name`, made with `kwargs` (a made scene passes through)."""
        return name if isinstance(name, Scene) else self.scenes[name](self, **kwargs)

    def push(self, name: str | Scene, **kwargs) -> Scene:
        """Put a scene on top."""
        scene = self.scene(name, **kwargs)
        if self.stack:
            self.stack[-1].exit()
        self.stack.append(scene)
        scene.enter()
        self.poke()
        return scene

    def pop(self) -> Scene:
        """Remove the top scene and go back to the one below."""
        top = self.stack.pop()
        top.exit()
        if self.stack:
            self.stack[-1].enter()
        self.poke()
        return top

    def go(self, name: str | Scene, **kwargs) -> Scene:
        """Swap the top scene for another."""
        scene = self.scene(name, **kwargs)
        top = self.stack.pop()
        top.exit()
        self.stack.append(scene)
        scene.enter()
        self.poke()
        return scene

    replace = go

    def reset(self, name: str | Scene = "menu", **kwargs) -> Scene:
        """Empty the stack and start again with one scene (the menu unless told)."""
        while self.stack:
            self.stack.pop().exit()
        return self.push(name, **kwargs)

    # outcomes of the controller, shown as scenes ------------------------------------------------
    def show(self, outcome, problem=None):
        """Show what the controller returned; returns the session when a game is on its way.

        A competition code that starts nothing goes to `problem(sentence, reason)` when given
        (the menu shows it under its code field), else into a message."""
        if isinstance(outcome, Briefing):
            self.push("briefing", session=outcome.session)
            return outcome.session
        if isinstance(outcome, AskName):
            then = lambda: self.show(self.game.begin(outcome.session))  # noqa: E731
            self.push("player_name", then=then, confirm=outcome.confirm)
            return outcome.session
        if isinstance(outcome, Reloaded):
            self.go("board", session=outcome.session)
            self.top.flash(self.t(outcome.message))
            return outcome.session
        if isinstance(outcome, CodeProblem):
            why = sentence(self.t(outcome.key, **outcome.params))
            if problem is not None:
                problem(why, outcome.reason)
            else:
                self.push("message", title=self.t("ui.competition.title"), lines=[why])
            return None
        if isinstance(outcome, Problems):
            self.push("message", title=self.t(outcome.title), lines=list(outcome.lines))
            return None
        raise TypeError(f"not an outcome: {outcome!r}")

    def start_game(self, path: Path, seed: int | None = None):
        """Start a game on a scenario file and open its briefing (problems are shown)."""
        return self.show(self.game.start(path, seed))

    def start_competition(self, code: str, extra=(), problem=None, confirm: bool = False):
        """Start a competition code's game (asking the player's name if still unknown, or at
        every join with `confirm`, with the seat token)."""
        return self.show(self.game.start_competition(code, extra, confirm), problem)

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
        for task in list(self.background):
            task()
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

    def busy(self, text: str, done: int | None = None, total: int | None = None) -> None:
        """Show a short 'working on it' notice over the current screen before a slow step; with
        `done` of `total` steps, a progress bar under it (call again as the work goes on)."""
        self.draw()
        shade = pygame.Surface(self.size, pygame.SRCALPHA)
        shade.fill((255, 255, 255, 170))
        self.screen.blit(shade, (0, 0))
        look = self.look
        w, h = self.size
        pad = look.px(24)
        lines = look.wrap(text, "title", w - look.px(96) - 2 * pad, True)
        line_h = look.line_height("title")
        with_bar = done is not None and bool(total)
        bar_h = look.px(18)
        inner_h = line_h * len(lines) + (look.px(16) + bar_h if with_bar else 0)
        inner_w = max(look.font("title", True).size(line)[0] for line in lines)
        panel = pygame.Rect(0, 0, min(w - look.px(48), inner_w + 2 * pad), inner_h + 2 * pad)
        panel.center = (w // 2, h // 2)
        pygame.draw.rect(self.screen, CARD, panel, border_radius=look.px(8))
        pygame.draw.rect(self.screen, LINE, panel, max(1, look.px(2)), border_radius=look.px(8))
        y = panel.y + pad
        for line in lines:
            look.blit_text(self.screen, line, (w // 2, y), "title", ACCENT, True, anchor="midtop")
            y += line_h
        if with_bar:
            bar = pygame.Rect(0, 0, min(panel.w - 2 * pad, look.px(560)), bar_h)
            bar.midtop = (w // 2, y + look.px(16))
            pygame.draw.rect(self.screen, SOFT, bar)
            filled = bar.copy()
            filled.w = round(bar.w * min(done, total) / total)
            pygame.draw.rect(self.screen, ACCENT, filled)
            pygame.draw.rect(self.screen, LINE, bar, max(1, look.px(2)))
        pygame.display.flip()
        pygame.event.pump()  # the window stays responsive to the system while it works

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
