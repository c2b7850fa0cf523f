"""Fixtures for the window: an App on a temporary data folder, at the two sizes we lay out for."""

import pytest

from turbulentie_game.play.storage import Settings
from turbulentie_game.ui.app import App

SIZES = [(1280, 720), (1920, 1080)]


@pytest.fixture
def make_app(tmp_path):
    """A factory of Apps (dummy video) whose settings and saves live in a temporary folder."""
    apps = []

    def make(size=(1280, 720), lang="nl", intro_done=True, text_scale=1.0):
        settings = Settings(
            lang=lang, size=size, intro_done=intro_done, animations="off", text_scale=text_scale
        )
        app = App(settings, tmp_path, None)
        apps.append(app)
        return app

    yield make
    import pygame

    pygame.quit()
