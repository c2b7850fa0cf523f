"""Team play: the chips teammates placed this turn are drawn on the board, marked as theirs."""

import os
import types
from pathlib import Path

import pygame
import pytest

from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.ui.look import CARD, MEMBER_COLOURS, colour

SHOTS = os.environ.get("ROOM_SHOTS")  # a folder: also photograph the board there


def _team_board(make_app, size=(1280, 720), lang="nl", scale=1.0, turn=0):
    app = make_app(size, lang, text_scale=scale)
    from turbulentie_game.ui.menu import MenuScene

    app.push(MenuScene(app))
    app.start_game(default_scenario().path, 11)
    app.top.start()
    board = app.top
    s = board.session
    m1, m2 = s.scn.members[1].id, s.scn.members[2].id
    first, second = s.scn.rules.expectations[0].id, s.scn.rules.expectations[1].id
    s.remote = types.SimpleNamespace(  # what the room's view says (room.client.RemoteSeat)
        team=True,
        view={
            "turn": turn,
            "you": "Anouk",
            "placed": [
                {"person": "bram", "input": {"chips": {m1: {first: 2, "rest": 1}}}},
                {"person": "Chris", "input": {"chips": {m2: {second: 1}}}},
                {"person": "Anouk", "input": {"chips": {s.scn.members[0].id: {first: 3}}}},
            ],
        },
    )
    app.frame(0.016)
    app.draw()
    return app, board, (first, second)


def test_teammates_chips_are_open_rings_with_the_teammates_initial_where_they_placed_them(
    make_app, tmp_path
):
    app, board, (first, second) = _team_board(make_app)
    here = board.row_chips(first, teammates=True)
    assert [(m, who) for m, who, _ in here] == [(1, "B"), (1, "B")]  # Bram's 2 chips of member 1
    assert [(m, who) for m, who, _ in board.row_chips(second, teammates=True)] == [(2, "C")]
    assert [(m, w) for m, w, _ in board.row_chips("rest", teammates=True)] == [(1, "B")]
    assert board.row_chips(first) == []  # the player's own part is not drawn as a teammate's
    surf = app.screen
    r = board.chip_r
    for m, _, (cx, cy) in here:
        ring = surf.get_at((cx + r - 2, cy))[:3]
        inside = surf.get_at((cx + round(r * 0.55), cy))[:3]
        assert ring == tuple(colour(MEMBER_COLOURS[m]))[:3]  # the member's colour, as a ring
        assert inside == tuple(CARD)[:3]  # open: not the player's own filled chip
        assert board.placed_chip_at((cx, cy)) is None  # not the player's to drag away
    folder = Path(SHOTS) if SHOTS else tmp_path
    pygame.image.save(surf, str(folder / "board_teammates.png"))


def test_a_teammates_part_of_another_turn_or_solo_play_draws_nothing(make_app):
    _, board, (first, _) = _team_board(make_app, turn=3)  # the view is of a later turn
    assert board.row_chips(first, teammates=True) == []
    board.session.remote.team = False
    board.session.remote.view["turn"] = 0
    assert board.row_chips(first, teammates=True) == []
    del board.session.remote
    assert board.row_chips(first, teammates=True) == []


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("lang,scale", [("nl", 1.0), ("en", 1.3)])
def test_teammates_chips_stay_inside_their_row(make_app, size, lang, scale, tmp_path):
    app, board, (first, second) = _team_board(make_app, size, lang, scale)
    for tid in (first, second):
        row = board.rows[tid]
        for _, _, (cx, cy) in board.row_chips(tid, teammates=True):
            assert row.collidepoint(cx - board.chip_r, cy) and row.collidepoint(
                cx + board.chip_r, cy
            )
    folder = Path(SHOTS) if SHOTS else tmp_path
    pygame.image.save(app.screen, str(folder / f"board_teammates_{size[0]}_{lang}_{scale}.png"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_rows_description_names_who_placed_which_members_chips(make_app, lang):
    from turbulentie_game.i18n import Translator

    _, board, (first, _) = _team_board(make_app, lang=lang)
    t = Translator(lang)
    names = [m.name for m in board.session.scn.members]
    part = t("room.board.teammate_part", person="bram", n=2, member=names[1])
    assert board.row_tip(first).endswith(t("room.board.teammates_here", parts=part))
    assert "Anouk" not in board.row_tip(first)  # the player's own part is theirs, not a teammate's
    del board.session.remote
    assert t("room.board.teammates_here", parts="").split(":")[0] not in board.row_tip(first)


def test_a_teammates_members_cannot_be_placed_here_and_the_board_says_whose_they_are(make_app):
    app, board, (first, _) = _team_board(make_app)
    s = board.session
    mine, theirs = s.scn.members[0], s.scn.members[1]
    s.remote.members = (mine.id,)  # this trainee places member 0; teammates the others
    before = s.plan.as_input()
    assert not board.place(first, 1)  # a teammate's member: nothing changes
    assert s.plan.as_input() == before
    assert board.message == app.t("ui.board.teammates_member", name=theirs.name)
    assert board.free_chip_centers(1) == []  # no loose chips on a teammate's card to pick up
    assert board.place(first, 0) and s.plan.on(mine.id, first) == 1  # one's own member: placed
    texts = []
    blit = app.look.blit_text

    def record(surf, text, *a, **k):
        texts.append(text)
        return blit(surf, text, *a, **k)

    app.look.blit_text = record
    try:
        app.frame(0.016)
        app.draw()
    finally:
        app.look.blit_text = blit
    assert app.t("ui.board.teammates_card") in texts  # the card says a teammate places it


def test_the_preview_counts_the_chips_teammates_placed_and_the_rest_count_only_ones_own(make_app):
    _, board, (first, second) = _team_board(make_app)
    s = board.session
    mine = s.scn.members[0]
    others = [m.id for m in s.scn.members[1:]]
    solo = s.preview().coverage.copy()
    s.remote.members = (mine.id,)
    with_team = s.preview()
    # Bram's two chips of member 1 on the first expectation and Chris's one of member 2 on the
    # second now count in the preview, as the room will combine them
    exp = list(s.scn.rules.targets)
    assert with_team.coverage[exp.index(first)] > solo[exp.index(first)]
    assert with_team.coverage[exp.index(second)] > solo[exp.index(second)]
    assert s.plan.free_own() == s.plan.free(mine.id)  # the teammates' members are not "free"
    assert s.plan.free_own() < sum(s.plan.free(m) for m in (mine.id, *others))
    s.remote.view["placed"][0]["input"]["chips"][s.scn.members[1].id] = {"nonsense": 3, first: -1}
    s.preview()  # a teammate's malformed part is left out, never a crash
