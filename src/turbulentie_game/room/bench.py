"""Room benchmark: a real server on 127.0.0.1, N bot clients over websockets playing in rounds.

Run with `uv run python -m turbulentie_game.room.bench [--clients 40] [--idle 200]`. It prints
the clients held, the round latency (every client's move sent at once until the last verdict
is back; the bots think before the clock starts), how long the round's opening takes to reach
every client, and the server's memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ..core.engine import reset, step
from ..scenario.catalogue import Catalogue, compiled
from ..scenario.codes import make_code
from ..sim.bots import make_bot
from ..sim.record import allocation_from_input, input_from_allocation
from ..sim.strategy import observe

BOTS = ("balanced", "random", "managing-up", "managing-out")


def _post(url: str, body: dict, headers: dict | None = None) -> dict:
    req = urllib.request.Request(  # noqa: S310 - a loopback http address
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
        return json.loads(resp.read())


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        return next(int(x.split()[1]) for x in fh if x.startswith("VmRSS")) / 1024


class Player:
    def __init__(self, scn, seed, bot, token):
        self.scn, self.bot, self.token = scn, make_bot(bot, scn), token
        self.state, _ = reset(scn, [seed])
        self.results: asyncio.Queue = asyncio.Queue()
        self.rounds: asyncio.Queue = asyncio.Queue()

    async def open(self, url):
        from websockets.asyncio.client import connect

        self.ws = await connect(url, max_size=2**20)
        await self.ws.send(json.dumps({"type": "hello", "token": self.token}))
        self.reader = asyncio.create_task(self.read())

    async def read(self):
        async for raw in self.ws:
            msg = json.loads(raw)
            if msg["type"] == "view":
                await self.rounds.put((time.perf_counter(), msg["view"]["round"]))
            else:
                await self.results.put(msg)

    def think(self):
        alloc = self.bot.decide(observe(self.scn, self.state))
        return input_from_allocation(self.scn, self.state, alloc)

    async def send(self, move):
        turn = int(self.state.turn)
        await self.ws.send(json.dumps({"type": "turn", "turn": turn, "input": move.to_json()}))
        result = await self.results.get()
        if not result.get("ok"):
            raise RuntimeError(result)
        self.state, _ = step(
            self.scn, self.state, allocation_from_input(self.scn, self.state, move)
        )


async def run(base: str, secret: str, scn, seed: int, clients: int, idle: int, pid: int) -> None:
    from websockets.asyncio.client import connect

    ws_url = base.replace("http", "ws") + "/ws"
    players = []
    for i in range(clients):
        r = _post(base + "/api/join", {"name": f"Bench {i:03d}"})
        players.append(Player(scn, seed, BOTS[i % len(BOTS)], r["token"]))
    await asyncio.gather(*(p.open(ws_url) for p in players))
    holders = []
    for i in range(idle):  # extra connections that only listen (second windows of the players)
        token = players[i % clients].token
        ws = await connect(ws_url)
        await ws.send(json.dumps({"type": "hello", "token": token}))
        holders.append(ws)
    console = {"X-Room-Secret": secret}
    rss0 = _rss_mb(pid)
    _post(base + "/api/console/action", {"action": "start"}, console)
    latencies, openings = [], []
    for rnd in range(1, scn.n_turns + 1):
        if rnd > 1:
            for p in players:  # forget earlier pushes
                while not p.rounds.empty():
                    p.rounds.get_nowait()
            t0 = time.perf_counter()
            _post(base + "/api/console/action", {"action": "next"}, console)
            heard = []
            for p in players:
                while True:
                    at, seen = await asyncio.wait_for(p.rounds.get(), 30)
                    if seen == rnd:
                        heard.append(at)
                        break
            openings.append(max(heard) - t0)
        live = [p for p in players if p.state.alive[0]]
        if not live:
            break
        moves = [p.think() for p in live]
        t0 = time.perf_counter()
        await asyncio.gather(*(p.send(m) for p, m in zip(live, moves, strict=True)))
        latencies.append(time.perf_counter() - t0)
    rss1 = _rss_mb(pid)
    for ws in holders:
        await ws.close()
    for p in players:
        p.reader.cancel()
        await p.ws.close()
    ms = sorted(1000 * x for x in latencies)
    print(f"clients held: {clients} playing + {idle} idle websockets = {clients + idle}")
    print(
        f"rounds played: {len(latencies)}; round latency ({clients} moves verified): median "
        f"{statistics.median(ms):.0f} ms, p90 {ms[int(0.9 * (len(ms) - 1))]:.0f} ms, "
        f"max {ms[-1]:.0f} ms ({statistics.median(ms) / clients:.1f} ms per move)"
    )
    if openings:
        print(
            f"round opening heard by every client: median "
            f"{1000 * statistics.median(openings):.0f} ms, max {1000 * max(openings):.0f} ms"
        )
    print(f"server memory (RSS): {rss0:.0f} MB with everyone joined, {rss1:.0f} MB at the end")


def main(argv: list[str] | None = None) -> int:
    """Start a room server, play a game in rounds with bot clients, print the figures."""
    ap = argparse.ArgumentParser(prog="python -m turbulentie_game.room.bench")
    ap.add_argument("--clients", type=int, default=40)
    ap.add_argument("--idle", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--db", help="the room's store (default: a new SQLite file; or a postgresql:// URL)"
    )
    args = ap.parse_args(argv)
    scn = compiled(Catalogue().scenarios()[0].path)
    code = make_code(scn.id, scn.content_hash, args.seed)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.sqlite3"
        cmd = [sys.executable, "-m", "turbulentie_game.cli", "room", code, "--host", "127.0.0.1"]
        cmd += ["--port", str(port), "--db", str(db), "--no-qr"]
        # in the temporary folder: a PostgreSQL room writes its xAPI outbox in the current one
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, cwd=tmp)  # noqa: S603
        base = f"http://127.0.0.1:{port}"
        try:
            t0 = time.perf_counter()
            while True:
                try:
                    with urllib.request.urlopen(base + "/health", timeout=1):  # noqa: S310
                        break
                except OSError:
                    if time.perf_counter() - t0 > 30:
                        raise
                    time.sleep(0.05)
            print(f"server ready (/health) after {time.perf_counter() - t0:.2f} s")
            from ..reports.store import connect

            with connect(db) as con:
                secret = json.loads(
                    con.execute("SELECT value FROM meta WHERE key='secret'").fetchone()[0]
                )
            asyncio.run(run(base, secret, scn, args.seed, args.clients, args.idle, proc.pid))
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
