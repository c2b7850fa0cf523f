"""The first learning debrief of a scenario version waits for the adaptive bot's study: the window
shows a progress bar while it studies, and never again once the study is kept."""

from dataclasses import replace
from itertools import pairwise

import pygame

from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.sim import bots
from turbulentie_game.ui.end_screen import EndScene
from turbulentie_game.ui.learning_scene import LearningScene
from turbulentie_game.ui.look import ACCENT

from .test_debrief_screens import _finished
from .test_screens import _draw


def _accent_pixels(surf: pygame.Surface) -> int:
    return int((pygame.surfarray.pixels3d(surf) == ACCENT[:3]).all(axis=2).sum())


def test_the_first_learning_debrief_shows_a_filling_bar_while_the_bot_studies(
    make_app, scn, tmp_path, monkeypatch
):
    monkeypatch.setenv("TURBULENTIE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(bots, "_STUDIES", {})
    short = replace(scn, n_turns=3)  # a game cut short is another study, and a quick one
    app = make_app((1280, 720), lang="en")
    session = _finished(short, default_scenario().path)
    app.reset(EndScene(app, session))
    _draw(app)
    frames = []
    shown = app.busy

    def busy(text, done=None, total=None):
        shown(text, done, total)
        frames.append((text, done, total, _accent_pixels(app.screen)))

    app.busy = busy
    app.top.learn()
    assert isinstance(app.top, LearningScene)
    total = bots.study_steps(short)
    studying = [f for f in frames if f[1] is not None]
    assert [f[1] for f in studying] == list(range(1, total + 1))
    assert all(f[2] == total for f in studying)
    assert f"step 1 of {total}" in studying[0][0] and f"step {total} of {total}" in studying[-1][0]
    # the bar fills: every step paints more of it in the accent colour
    painted = [f[3] for f in studying]
    assert all(b >= a for a, b in pairwise(painted))
    assert painted[-1] - painted[0] > 18 * 400  # most of a bar 18 px high and 560 px wide
    assert frames[-1][1] is None  # then the notice that the debrief itself is being made
    # the study is kept: the next debrief of this version shows no bar
    frames.clear()
    app.reset(EndScene(app, session))
    app.top.learn()
    assert isinstance(app.top, LearningScene)
    assert [f[1] for f in frames] == [None]
