"""Every screen renders at both sizes, its main regions and buttons do not overlap."""

import itertools

import pygame
import pytest

from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.ui.board import BoardScene
from turbulentie_game.ui.briefing import BriefingScene
from turbulentie_game.ui.end_screen import EndScene
from turbulentie_game.ui.menu import HelpOverlay, MenuScene, SettingsScene
from turbulentie_game.ui.resolution import ResolutionScene

from .conftest import SIZES


def _buttons_apart(scene):
    rects = [e.rect for e in scene.elements if hasattr(e, "rect") and e.visible]
    for a, b in itertools.combinations(rects, 2):
        assert not a.colliderect(b), f"{scene.name}: {a} overlaps {b}"
    window = pygame.Rect((0, 0), scene.app.size)
    for r in rects:
        assert window.contains(r), f"{scene.name}: {r} leaves the window"


def _draw(app):
    app.frame(0.016)
    surf = app.screen
    assert surf.get_size() == app.size
    return surf


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_renders_without_overlap(make_app, size):
    app = make_app(size)
    app.push(MenuScene(app))
    _draw(app)
    _buttons_apart(app.top)
    app.push(SettingsScene(app))
    _draw(app)
    _buttons_apart(app.top)
    app.pop()
    session = app.start_game(default_scenario().path, 5)
    assert isinstance(app.top, BriefingScene)
    _draw(app)
    _buttons_apart(app.top)
    app.top.start()
    board = app.top
    assert isinstance(board, BoardScene)
    _draw(app)
    regions = [board.team, board.targets, board.right, board.bottom]
    for a, b in itertools.combinations(regions, 2):
        assert not a.colliderect(b), f"board regions {a} and {b} overlap"
    rows = list(board.rows.values())
    for a, b in itertools.combinations(rows, 2):
        assert not a.colliderect(b)
    for r in board.event_rects:
        assert not r.colliderect(board.calendar_rect) or board.compact
    _buttons_apart(board)
    app.push(HelpOverlay(app))
    _draw(app)
    app.pop()
    for ev in session.events():
        if ev.option_ids and not ev.fixed:
            session.plan.choose(ev.uid, ev.option_ids[0])
    ex = session.end_turn()
    app.replace(ResolutionScene(app, session, ex))
    _draw(app)
    _buttons_apart(app.top)
    app.replace(EndScene(app, session))
    _draw(app)
    _buttons_apart(app.top)
