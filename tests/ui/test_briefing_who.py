"""The briefing names the player and the game's code on the header's line, whole, at 1280x720
with the largest text, in Dutch and English (issue 13)."""

import pygame
import pytest

from turbulentie_game.play.storage import TEXT_SCALES
from turbulentie_game.scenario.codes import make_code
from turbulentie_game.scenario.registry import default_scenario

from .test_xl_text import drawn_texts

XL = max(TEXT_SCALES)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("player", ["Marieke", "Marieke Anna Geertruida van den Berg-Hoogendoorn"])
def test_the_briefing_shows_the_players_name_and_the_code(make_app, lang, player):
    app = make_app((1280, 720), lang, text_scale=XL)
    app.settings.player = player
    session = app.start_game(default_scenario().path, 5)
    assert app.top.name == "briefing"
    code = make_code(session.scn.id, session.scn.content_hash, 5)
    texts = drawn_texts(app)
    label = app.t("ui.briefing.who", name="", code="").split(":")[0]  # "Speler" / "Player"
    who = [(s, r) for s, r in texts if s.startswith(label + ":")]
    assert len(who) == 1
    s, r = who[0]
    assert code in s  # the code whole, never shortened
    assert f"{label}: {player} ·" in s or (f"{label}: Marieke" in s and "…" in s)  # or shortened
    assert pygame.Rect((0, 0), app.size).contains(r)
    for other, o in texts:  # on its own: it overlaps no other text (the title, the header)
        if other != s:
            assert not r.colliderect(o), other


def test_a_competition_game_shows_its_own_code(make_app):
    app = make_app((1280, 720), "nl", text_scale=XL)
    app.settings.player = "Jan"
    session = app.start_game(default_scenario().path, 5)
    session.code = make_code(session.scn.id, session.scn.content_hash, 77)
    line = " ".join(s for s, _ in drawn_texts(app))
    assert "Speler: Jan" in line and session.code in line
