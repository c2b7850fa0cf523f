"""A real room server on 127.0.0.1: forty bot clients over websockets, hostile clients, kill -9."""

import asyncio
import json
import statistics
import time

import pytest
from websockets.asyncio.client import connect

from turbulentie_game.core.scoring import score

BOTS = ("balanced", "random", "managing-up", "managing-out")


class WsPlayer:
    """A bot trainee connected over a websocket."""

    def __init__(self, h, scn, room, name, bot, team=None):
        status, reply = h.post(room.base + "/api/join", {"name": name, "team": team})
        assert status == 200, reply
        self.token, self.view = reply["token"], reply["view"]
        members = tuple(self.view["members"]) if team else None
        self.player = h.BotPlayer(scn, h.SEED, bot, members)
        self.results: asyncio.Queue = asyncio.Queue()
        self.views: list[dict] = []

    async def open(self, url):
        self.ws = await connect(url + "/ws", max_size=2**20)
        await self.ws.send(json.dumps({"type": "hello", "token": self.token}))
        self.reader = asyncio.create_task(self._read())

    async def _read(self):
        async for raw in self.ws:
            msg = json.loads(raw)
            if msg["type"] == "view":
                self.views.append(msg["view"])
            else:
                await self.results.put(msg)

    async def play_turn(self, move=None):
        move = move or self.player.move()
        turn = int(self.player.state.turn)
        await self.ws.send(
            json.dumps({"type": "turn", "turn": turn, "input": self.player.part(move).to_json()})
        )
        result = await asyncio.wait_for(self.results.get(), 30)
        if result.get("ok"):
            self.player.advance(move)
        return result

    async def close(self):
        self.reader.cancel()
        await self.ws.close()


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS"))


async def forty_in_rounds(h, scn, room, n):
    players = [
        WsPlayer(h, scn, room, f"Deelnemer {i:02d} Boukhari-El Amrani", BOTS[i % len(BOTS)])
        for i in range(n)
    ]
    ws_url = room.base.replace("http", "ws")
    await asyncio.gather(*(p.open(ws_url) for p in players))
    assert room.console()["connected"] == n
    assert room.act("start")["ok"]
    latencies = []
    for rnd in range(1, scn.n_turns + 1):
        if rnd > 1:
            assert room.act("next")["ok"]
        t0 = time.perf_counter()
        live = [p for p in players if p.player.state.alive[0]]
        if not live:
            break
        results = await asyncio.gather(*(p.play_turn() for p in live))
        latencies.append(time.perf_counter() - t0)
        assert all(r["ok"] and r["complete"] for r in results), results[:3]
    await asyncio.sleep(0.3)  # the last pushes
    pushed = min(len(p.views) for p in players)
    await asyncio.gather(*(p.close() for p in players))
    return players, latencies, pushed


def test_forty_bot_clients_play_a_whole_game_in_rounds(tmp_path, scn, h):
    room = h.LiveRoom(h.code_of(scn), tmp_path / "room.sqlite3").start()
    try:
        rss_start = rss_kb(room.proc.pid)
        players, latencies, pushed = asyncio.run(
            asyncio.wait_for(forty_in_rounds(h, scn, room, 40), 300)
        )
        rss_end = rss_kb(room.proc.pid)
        rows = {r["name"]: r for r in room.console()["rows"]}
    finally:
        room.stop()
    assert len(rows) == 40
    for i, p in enumerate(players):  # the server's verified scores are the bots' own
        row = rows[f"Deelnemer {i:02d} Boukhari-El Amrani"]
        assert row["score"] == pytest.approx(float(score(scn, p.player.state)[0]), abs=1e-3)
        assert row["turn"] == int(p.player.state.turn) and row["defaults"] == 0
    assert pushed >= 3  # every client heard the rounds open
    print(
        f"\nroom: 40 clients, {len(latencies)} rounds; round latency median "
        f"{1000 * statistics.median(latencies):.0f} ms, max {1000 * max(latencies):.0f} ms; "
        f"server memory {rss_start / 1024:.0f} -> {rss_end / 1024:.0f} MB"
    )


def test_hostile_clients_are_refused_without_disturbing_anyone(tmp_path, scn, h):
    room = h.LiveRoom(h.code_of(scn), tmp_path / "room.sqlite3").start()
    try:
        honest = h.post(room.base + "/api/join", {"name": "Eerlijk"})[1]["token"]
        evil = h.post(room.base + "/api/join", {"name": "Vals"})[1]["token"]
        room.act("start")
        turn = room.base + "/api/turn"
        auth = {"Authorization": f"Bearer {evil}"}
        member = scn.members[0].id
        # a forged move
        status, r = h.post(turn, {"turn": 0, "input": {"chips": {member: {"zaak": 40}}}}, auth)
        assert status == 409 and r["reason"] == "room.refuse.rules"
        # no token, or one made up
        for bad in ({}, {"Authorization": "Bearer " + "A" * 32}, {"Authorization": honest}):
            status, r = h.post(turn, {"turn": 0, "input": {"chips": {}}}, bad)
            assert status == 401 and r["reason"] == "room.refuse.token"
        # malformed, huge and deeply nested bodies
        assert h.post(turn, b"{not json", auth)[1]["reason"] == "room.refuse.malformed"
        assert h.post(turn, b"[" * 5000 + b"]" * 5000, auth)[1]["reason"] in (
            "room.refuse.malformed",
            "room.refuse.too_large",
        )
        status, r = h.post(turn, b"{" + b" " * 100_000 + b"}", auth)
        assert status == 413 and r["reason"] == "room.refuse.too_large"
        status, r = h.post(room.base + "/api/console/action", {"action": "end"}, auth)
        assert status == 403  # a trainee's token is not the facilitator's secret
        # a flood
        codes = [h.get(room.base + "/api/seat", auth)[0] for _ in range(60)]
        assert 429 in codes
        # a websocket flood, and one huge message

        async def ws_abuse():
            async with connect(room.base.replace("http", "ws") + "/ws") as ws:
                await ws.send(json.dumps({"type": "hello", "token": "nope" * 5}))
                assert json.loads(await ws.recv())["reason"] == "room.refuse.token"
            async with connect(room.base.replace("http", "ws") + "/ws", max_size=2**20) as ws:
                await ws.send(json.dumps({"type": "hello", "token": evil}))
                await ws.recv()
                await ws.send("nonsense")
                assert json.loads(await ws.recv())["reason"] == "room.refuse.malformed"
                await ws.send(b"\x00\xff binary")
                assert json.loads(await ws.recv())["reason"] == "room.refuse.malformed"
                with pytest.raises(Exception):  # noqa: B017 - the server closes the connection
                    for _ in range(200):
                        await ws.send(json.dumps({"type": "ping"}))
                    for _ in range(300):
                        await asyncio.wait_for(ws.recv(), 5)
            async with connect(room.base.replace("http", "ws") + "/ws", max_size=2**20) as ws:
                await ws.send(json.dumps({"type": "hello", "token": evil}))
                await ws.recv()
                with pytest.raises(Exception):  # noqa: B017
                    await ws.send("x" * 200_000)
                    await asyncio.wait_for(ws.recv(), 5)

        asyncio.run(ws_abuse())
        # the honest player was not disturbed
        player = h.BotPlayer(scn, h.SEED, "balanced")
        status, r = h.post(
            turn,
            {"turn": 0, "input": player.move().to_json()},
            {"Authorization": f"Bearer {honest}"},
        )
        assert status == 200 and r["complete"], r
        assert h.get(room.base + "/health")[1]["ready"]
        rows = {r["name"]: r for r in room.console()["rows"]}
        assert rows["Eerlijk"]["turn"] == 1 and rows["Vals"]["turn"] == 0
    finally:
        room.stop()
    assert "Traceback" not in (tmp_path / "room.log").read_text()  # refused, never crashed


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_mid_round_and_restarted_the_room_loses_no_move(tmp_path, scn, h, backend, request):
    # PostgreSQL: a real server, skipped with the reason where none can start
    db = (
        tmp_path / "room.sqlite3" if backend == "sqlite" else request.getfixturevalue("postgres_db")
    )
    room = h.LiveRoom(h.code_of(scn), db, log_path=tmp_path / "room.log").start()
    turn_url = room.base + "/api/turn"
    players = []
    for i, bot in enumerate(("balanced", "random", "managing-out")):
        token = h.post(room.base + "/api/join", {"name": f"Speler {i}"})[1]["token"]
        players.append((token, h.BotPlayer(scn, h.SEED, bot)))
    team = []
    for name in ("Tess", "Tom"):
        reply = h.post(room.base + "/api/join", {"name": name, "team": "Het Team"})[1]
        team.append(reply["token"])
    room.act("start")

    def play(token, player):
        move = player.move()
        status, r = h.post(
            turn_url,
            {"turn": int(player.state.turn), "input": move.to_json()},
            {"Authorization": f"Bearer {token}"},
        )
        assert status == 200, r
        player.advance(move)

    for token, player in players:
        play(token, player)
    room.act("next")
    play(*players[0])  # round 2: one player has moved
    tess_members = h.get(room.base + "/api/seat", {"Authorization": f"Bearer {team[0]}"})[1]
    tess_members = tess_members["view"]["members"]
    status, r = h.post(
        turn_url,
        {"turn": 0, "input": {"chips": {m: {"rest": 1} for m in tess_members}}},
        {"Authorization": f"Bearer {team[0]}"},
    )
    assert status == 200 and r["complete"] is False
    before = room.console()
    room.kill()
    room.start()  # the same command again, on the same store
    try:
        after = room.console()
        assert after["room"]["round"] == 2 and after["room"]["status"] == "running"
        strip = lambda rows: [{k: v for k, v in r.items() if k != "idle"} for r in rows]  # noqa: E731
        assert strip(after["rows"]) == strip(before["rows"])
        view = h.get(room.base + "/api/seat", {"Authorization": f"Bearer {team[1]}"})[1]["view"]
        assert [p["person"] for p in view["placed"]] == ["Tess"]  # her part survived
        for token, player in players[1:]:  # the old tokens still work
            play(token, player)
        rows = {r["name"]: r for r in room.console()["rows"]}
        assert all(rows[f"Speler {i}"]["turn"] == 2 for i in range(3))
    finally:
        room.stop()
    assert list(tmp_path.glob("*.sqlite3")) == ([db] if backend == "sqlite" else [])
