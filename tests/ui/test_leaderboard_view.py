"""The full-screen leaderboard draws the ranking and the frontier at any size."""

import pygame
import pytest

from turbulentie_game.ui.leaderboard_view import draw_leaderboard, show_leaderboard

LABELS = {
    "title": "Wijk in beweging",
    "ranking": "Ranglijst",
    "frontier": "Publieke waarde tegenover politieke rugdekking",
    "x": "politieke rugdekking",
    "y": "publieke waarde",
    "hint": "Escape sluit",
    "nobody": "Nog niemand",
}
ROWS = [
    (i + 1, f"Trainee {i + 1:02d} met een lange naam", 90.0 - 2 * i, 70 - i, 30 + i * 1.5, c)
    for i, c in enumerate(["#1f5fa8"] * 10 + ["#8a8a8a"] * 20 + ["#d4661c"] * 10)
]


@pytest.fixture
def pg():
    pygame.init()
    yield
    pygame.quit()


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 768), (640, 360)])
def test_draws_ranking_and_frontier_at_any_size(pg, size, tmp_path):
    surface = pygame.Surface(size)
    draw_leaderboard(surface, ROWS, LABELS)
    pygame.image.save(surface, tmp_path / "board.png")
    # the frontier's points are drawn in the players' colours
    colours = {
        surface.get_at((x, y))[:3] for x in range(0, size[0], 3) for y in range(0, size[1], 3)
    }
    assert (31, 95, 168) in colours and (212, 102, 28) in colours


def test_an_empty_board_says_so(pg):
    surface = pygame.Surface((800, 600))
    draw_leaderboard(surface, [], LABELS)


def test_the_window_opens_and_closes_on_escape():
    pygame.init()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE))
    show_leaderboard(ROWS, LABELS, max_frames=30)
