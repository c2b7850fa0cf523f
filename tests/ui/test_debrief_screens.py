"""The history view, the learning debrief pages and the what-if screen draw at both sizes."""

import pygame
import pytest

from turbulentie_game.play.session import Session
from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import input_from_allocation
from turbulentie_game.sim.strategy import observe
from turbulentie_game.ui.board import BoardScene
from turbulentie_game.ui.end_screen import EndScene
from turbulentie_game.ui.history import HistoryScene
from turbulentie_game.ui.learning_scene import PAGES, LearningScene
from turbulentie_game.ui.whatif import WhatIfScene

from .conftest import SIZES
from .test_screens import _buttons_apart, _draw


def _finished(scn, path):
    s = Session(scn, path, 4)
    bot = make_bot("balanced", scn)
    while not s.over:
        s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
        s.end_turn()
    return s


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_debrief_screens_draw_without_overlap(make_app, scn, size):
    app = make_app(size)
    path = default_scenario().path
    s = Session(scn, path, 4)
    app.session = s
    app.push(BoardScene(app, s))
    _draw(app)
    _buttons_apart(app.top)
    app.top.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_g, mod=0, unicode="g"))
    assert isinstance(app.top, HistoryScene)
    _draw(app)
    _buttons_apart(app.top)
    s = _finished(scn, path)
    app.reset(EndScene(app, s))
    _draw(app)
    _buttons_apart(app.top)
    app.top.learn()
    d = app.top
    assert isinstance(d, LearningScene)
    for i in range(len(PAGES)):
        d.page = i
        _draw(app)
        _buttons_apart(d)
    d.export()
    assert d.export_path().read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    d.what_if()
    w = app.top
    assert isinstance(w, WhatIfScene)
    _draw(app)
    _buttons_apart(w)
    w.next_choice()
    _draw(app)
    assert w.result.original.score == pytest.approx(d.d.score)
