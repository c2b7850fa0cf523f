"""Opening the window from the command line: settings, the saved game, autoplay."""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

import pygame

from ..files import atomic_write_text
from ..i18n import DEFAULT_LANGUAGE, Translator
from ..play.storage import SIZES, Settings, data_dir
from ..scenario.registry import default_scenario
from .app import App
from .autoplay import Autoplay


def run_window(
    scenario: Path | None = None,
    seed: int | None = None,
    lang: str | None = None,
    fullscreen: bool | None = None,
    size: tuple[int, int] | None = None,
    autoplay: str | None = None,
    screenshots: Path | None = None,
    max_frames: int | None = None,
    results: Path | None = None,
    player: str | None = None,
    code: str | None = None,
    seat: str | None = None,
) -> int:
    """Open the game window; returns an exit code.

    `code` starts a competition game (`scenario` is then an extra file to look for its scenario
    in); `results` and `player` replace the settings' results folder and name for this run."""
    tmp = None
    if autoplay:  # a bot game never touches the player's settings or save
        clean_autoplay_leftovers()
        tmp = tempfile.TemporaryDirectory(prefix=AUTOPLAY_PREFIX)
        folder = Path(tmp.name)
    else:
        folder = data_dir()
    settings = Settings.load(folder)
    # options given on the command line hold for this run; the stored settings stay as they are
    if lang:
        settings.for_this_run("lang", lang)
    if size:
        settings.for_this_run("size", tuple(size))
    if fullscreen is not None:
        settings.for_this_run("fullscreen", fullscreen)
    if player is not None:
        settings.for_this_run("player", player)
    if seat is not None:  # for this run, like the name it belongs to
        settings.for_this_run("seat", seat)
    if autoplay:
        settings.fullscreen = False
        settings.animations = "fast"
        settings.player = settings.player or f"bot {autoplay}"
    driver = None
    if autoplay:
        driver = Autoplay(
            autoplay,
            scenario or default_scenario().path,
            1 if seed is None else seed,
            screenshots,
            code=code,
        )
    t = Translator(settings.lang or DEFAULT_LANGUAGE)
    try:
        try:
            app = App(settings, folder, driver)
        except pygame.error as exc:
            print(t("cli.no_display") + f" ({exc})", file=sys.stderr)
            return 1
        app.results_override = results
        if not autoplay:
            app.game.load_saved()
        else:
            app.session = None
        app.push("menu")
        if code and not autoplay:
            app.start_competition(code, [scenario] if scenario else [])
        elif scenario is not None and not autoplay:
            app.start_game(scenario, seed)
        try:
            app.run(max_frames)
        except Exception:  # never a traceback at the player: log it, the autosave is intact
            # an autoplay's folder is removed below: its log goes where it is kept
            log = (
                (screenshots or data_dir()) / "autoplay-crash.log"
                if autoplay
                else folder / "crash.log"
            )
            with contextlib.suppress(OSError):
                atomic_write_text(log, traceback.format_exc())
            print(t("ui.crash", log=str(log)), file=sys.stderr)
            return 1
        if driver is not None and not driver.finished:
            return 1
        return 0
    finally:
        pygame.quit()
        if tmp is not None:
            tmp.cleanup()


AUTOPLAY_PREFIX = "turbulentie-autoplay-"
LEFTOVER_AGE = 3600.0  # seconds; an autoplay folder older than this belongs to a killed run


def clean_autoplay_leftovers(now: float | None = None) -> None:
    """Remove autoplay folders that killed runs left in the temporary folder."""
    now = time.time() if now is None else now
    with contextlib.suppress(OSError):
        for p in Path(tempfile.gettempdir()).glob(AUTOPLAY_PREFIX + "*"):
            with contextlib.suppress(OSError):
                if p.is_dir() and not p.is_symlink() and now - p.stat().st_mtime > LEFTOVER_AGE:
                    shutil.rmtree(p, ignore_errors=True)


def parse_size(text: str) -> tuple[int, int]:
    """A window size like 1600x900."""
    w, _, h = text.lower().partition("x")
    size = (int(w), int(h))
    if not (640 <= size[0] <= 7680 and 480 <= size[1] <= 4320):
        raise ValueError(text)
    return size


__all__ = ["SIZES", "parse_size", "run_window"]
