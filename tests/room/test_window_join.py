"""The window joins a live room: address, name confirmed, the board sends each turn to the room."""

import os
from pathlib import Path

import pytest

from turbulentie_game.core.scoring import score
from turbulentie_game.play.storage import Settings
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import input_from_allocation
from turbulentie_game.sim.strategy import observe

SHOTS = os.environ.get("ROOM_SHOTS")


@pytest.fixture
def make_app(tmp_path):
    from turbulentie_game.ui.app import App

    def make(size=(1280, 720), lang="nl", scale=1.0):
        settings = Settings(
            lang=lang,
            size=size,
            intro_done=True,
            animations="off",
            text_scale=scale,
            player="Anouk",
        )
        return App(settings, tmp_path / "data", None)

    yield make
    import pygame

    pygame.quit()


def _open_join(app, address):
    app.push("menu")
    app.push("room_join", address=address)
    app.frame(0.016)
    return app.top


def _bot_plan(session):
    bot = make_bot("balanced", session.scn)
    alloc = bot.decide(observe(session.scn, session.state))
    session.apply_input(input_from_allocation(session.scn, session.state, alloc))


def _frames(app, n=40):
    import time

    for _ in range(n):
        app.frame(0.016)
        time.sleep(0.02)


def test_the_window_joins_a_room_and_each_turn_is_verified_by_it(live, make_app, h):
    live.act("start")
    app = make_app()
    join = _open_join(app, f"127.0.0.1:{live.port}")
    assert join.entries["name"].get_text() == "Anouk"  # asked again, filled in
    join.entries["name"].set_text("Anouk de Vries")
    join.close()
    assert join.confirming  # the name is confirmed before joining
    join.close()
    assert app.top.name == "briefing"
    app.top.start()
    board = app.top
    session = board.session
    assert session.code == live.code
    _bot_plan(session)
    board.end_turn()
    assert app.top.name == "resolution"
    rows = {r["name"]: r for r in live.console()["rows"]}
    assert rows["Anouk de Vries"]["turn"] == 1
    assert rows["Anouk de Vries"]["score"] == pytest.approx(
        float(score(session.scn, session.state)[0]), abs=1e-3
    )
    app.top.next()
    board = app.top
    _bot_plan(board.session)
    board.end_turn()  # round 2 is not open yet: the board stays, saying why
    assert app.top is board and "ronde" in board.message.lower()
    live.act("message", text="Nog vijf minuten")
    live.act("next")
    _frames(app)
    assert "Nog vijf minuten" in board.message
    board.end_turn()
    assert app.top.name == "resolution"
    assert live.console()["rows"][0]["turn"] == 2


def test_a_wrong_address_and_a_taken_name_are_explained(live, make_app, h):
    h.post(live.base + "/api/join", {"name": "Anouk"})
    app = make_app(lang="en")
    join = _open_join(app, f"127.0.0.1:{h.free_port()}")
    join.close()
    join.close()
    assert "does not answer" in join.problem and app.top is join
    join.entries["address"].set_text(f"127.0.0.1:{live.port}")
    join.close()
    join.close()
    assert "already taken" in join.problem


def test_a_team_in_the_window_waits_for_its_teammate_and_plays_the_combined_move(live, make_app, h):
    live.act("start")
    app = make_app()
    join = _open_join(app, f"127.0.0.1:{live.port}")
    join.entries["team"].set_text("De Wijkploeg")
    join.close()
    join.close()
    app.top.start()
    board = app.top
    reply = h.post(live.base + "/api/join", {"name": "Bram", "team": "De Wijkploeg"})[1]
    session = board.session
    mine = tuple(m.id for i, m in enumerate(session.scn.members) if i % 2 == 0)
    _bot_plan(session)
    full = session.plan.as_input()
    board.end_turn()
    assert app.top is board and "Bram" in board.message  # waiting for Bram
    assert session.remote.members == mine  # Bram joined: Anouk controls every other member
    view = h.get(live.base + "/api/seat", {"Authorization": f"Bearer {reply['token']}"})[1]
    assert [p["person"] for p in view["view"]["placed"]] == ["Anouk"]  # Bram sees her part
    theirs = {m: t for m, t in full.chips.items() if m not in mine}
    status, r = h.post(
        live.base + "/api/turn",
        {"turn": 0, "input": {"chips": theirs}},
        {"Authorization": f"Bearer {reply['token']}"},
    )
    assert status == 200 and r["complete"], r
    board.end_turn()  # now the team's move is complete: the window plays it
    assert app.top.name == "resolution"
    row = live.console()["rows"][0]
    assert row["name"] == "De Wijkploeg" and row["turn"] == 1
    assert row["score"] == pytest.approx(float(score(session.scn, session.state)[0]), abs=1e-3)
    # turn 2: Bram places first, and the window shows what he placed
    live.act("next")
    app.top.next()
    board = app.top
    _bot_plan(session)
    full = session.plan.as_input()
    theirs = {m: t for m, t in full.chips.items() if m not in mine}
    status, r = h.post(
        live.base + "/api/turn",
        {"turn": 1, "input": {"chips": theirs}},
        {"Authorization": f"Bearer {reply['token']}"},
    )
    assert status == 200 and r["complete"] is False, r
    _frames(app)
    name = session.scn.members[1].name  # a member Bram controls
    assert "Bram (" in board.message and name in board.message
    board.end_turn()  # Anouk's part completes the team's turn
    assert app.top.name == "resolution"
    assert live.console()["rows"][0]["turn"] == 2


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("lang,scale", [("nl", 1.0), ("en", 1.3)])
def test_the_join_screen_fits(make_app, size, lang, scale, tmp_path):
    app = make_app(size, lang, scale)
    join = _open_join(app, "192.168.1.20:8765")
    join.entries["team"].set_text("De Wijkploeg")
    app.draw()
    folder = Path(SHOTS) if SHOTS else tmp_path
    app.screenshot(folder / f"room_form_{size[0]}_{lang}_{scale}.png")
    for element in join.elements:  # fields and buttons (search, back, join) inside the box
        assert join.box.contains(element.get_abs_rect()), element
    join.close()
    app.frame(0.016)
    app.draw()
    for entry in join.entries.values():
        r = entry.get_abs_rect()
        assert join.box.contains(r), (r, join.box)
    app.screenshot(folder / f"room_join_{size[0]}_{lang}_{scale}.png")
    app.pop()
    app.frame(0.016)
    app.draw()
    app.screenshot(folder / f"menu_{size[0]}_{lang}_{scale}.png")


def test_the_join_screen_finds_a_room_on_the_network(tmp_path, scn, make_app, h):
    udp = h.free_port()
    room = h.LiveRoom(h.code_of(scn), tmp_path / "r.sqlite3", args=("--discovery-port", str(udp)))
    room.start()
    try:
        app = make_app()
        join = _open_join(app, "")
        join.discovery_port = udp
        join.search()
        assert [r.code for r in join.found] == [room.code]
        found = [e for e in join.elements if room.code in getattr(e, "text", "")]
        assert found, "the room is offered as a button"
        join.actions[found[0]]()
        assert join.entries["address"].get_text() == f"127.0.0.1:{room.port}"
    finally:
        room.stop()
