"""Helpers of the room tests: a real server on the loopback address, and bot players."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from turbulentie_game.core.engine import reset, step
from turbulentie_game.reports.store import connect
from turbulentie_game.scenario.codes import make_code
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import allocation_from_input, input_from_allocation
from turbulentie_game.sim.strategy import observe

SEED = 4242


def code_of(scn, seed: int = SEED) -> str:
    return make_code(scn.id, scn.content_hash, seed)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveRoom:
    """A `turbulentie-game room` process on 127.0.0.1, its store a SQLite file or a PG URL."""

    code: str
    db: Path | str
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    args: tuple[str, ...] = ()
    log_path: Path | None = None  # the server's output (default: beside a SQLite store)

    def __post_init__(self):
        if self.log_path is None:
            self.log_path = Path(self.db).with_suffix(".log")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> LiveRoom:
        cmd = [
            sys.executable,
            "-m",
            "turbulentie_game.cli",
            "room",
            self.code,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--db",
            str(self.db),
            "--no-qr",
            *(self.args or ("--discovery-port", "0")),
        ]
        if getattr(self, "log", None) is not None:
            self.log.close()
        self.log = open(self.log_path, "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.log_path.parent
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.log_path.read_text())
            try:
                if get(self.base + "/health")[1].get("ready"):
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the room did not answer /health in time")

    @property
    def secret(self) -> str:
        with connect(self.db) as db:
            return json.loads(db.execute("SELECT value FROM meta WHERE key='secret'").fetchone()[0])

    def act(self, action: str, **args) -> dict:
        return post(
            self.base + "/api/console/action",
            {"action": action, **args},
            {"X-Room-Secret": self.secret},
        )[1]

    def console(self) -> dict:
        return get(self.base + "/api/console/room", {"X-Room-Secret": self.secret})[1]

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def _call(req: urllib.request.Request) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - http only
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            return exc.code, json.loads(body)
        except ValueError:
            return exc.code, {"raw": body.decode(errors="replace")}


def get(url: str, headers: dict | None = None) -> tuple[int, dict]:
    return _call(urllib.request.Request(url, headers=headers or {}))  # noqa: S310


def post(url: str, body, headers: dict | None = None) -> tuple[int, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    h = {"Content-Type": "application/json", **(headers or {})}
    return _call(urllib.request.Request(url, data=data, headers=h, method="POST"))  # noqa: S310


class BotPlayer:
    """A trainee played by a bot: keeps its own copy of the game and sends each turn's input."""

    def __init__(self, scn, seed: int, bot: str, members: tuple[str, ...] | None = None):
        self.scn, self.bot = scn, make_bot(bot, scn)
        self.state, _ = reset(scn, [seed])
        self.members = members

    def move(self):
        alloc = self.bot.decide(observe(self.scn, self.state))
        return input_from_allocation(self.scn, self.state, alloc)

    def part(self, move):
        from turbulentie_game.sim.record import TurnInput

        if self.members is None:
            return move
        return TurnInput({m: t for m, t in move.chips.items() if m in self.members}, move.options)

    def advance(self, move) -> None:
        self.state, _ = step(
            self.scn, self.state, allocation_from_input(self.scn, self.state, move)
        )


@pytest.fixture
def live(tmp_path, scn):
    """A room server of the default scenario on 127.0.0.1, stopped after the test."""
    room = LiveRoom(code_of(scn), tmp_path / "room.sqlite3").start()
    yield room
    room.stop()


@pytest.fixture(scope="session")
def h():
    """The helpers above, for the tests of this folder."""
    import types

    return types.SimpleNamespace(
        SEED=SEED,
        code_of=code_of,
        LiveRoom=LiveRoom,
        BotPlayer=BotPlayer,
        get=get,
        post=post,
        free_port=free_port,
    )
