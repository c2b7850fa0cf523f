"""The trainee's side of a room: join over HTTP, send each turn, hear the room over a websocket.

`RoomClient` is synchronous (the window calls it between frames); the pushes of the websocket
arrive on a background thread and wait in a queue until `poll` takes them.
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass

from ..core.allocation import AllocationError, Problem
from ..sim.record import TurnInput

MAX_REPLY = 2_000_000
TIMEOUT = 5.0


class RoomUnavailable(Exception):
    """The room cannot be reached or refused; `key` and `params` say why (catalogue)."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def base_url(address: str) -> str:
    """`http://host:port` from what a trainee typed (`host:port`, `host`, or a full URL)."""
    a = address.strip().rstrip("/")
    if not a:
        raise RoomUnavailable("room.join.unreachable", address=address)
    if "://" not in a:
        a = "http://" + a
    scheme, rest = a.split("://", 1)
    if scheme not in ("http", "https"):
        raise RoomUnavailable("room.join.unreachable", address=address)
    host = rest.split("/", 1)[0]
    if ":" not in host.rsplit("]", 1)[-1]:
        host += ":8765"
    return f"{scheme}://{host}"


@dataclass
class Joined:
    """What joining gave: the token and the first view (with every move the seat has made)."""

    token: str
    view: dict


class RoomClient:
    """One trainee's connection to a room."""

    def __init__(self, address: str):
        self.base = base_url(address)
        self.address = address
        self.token: str | None = None
        self.events: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._ws = None

    # HTTP -------------------------------------------------------------------------------------
    def _call(self, path: str, body: dict | None = None) -> dict:
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.base + path, data=data, method="POST" if data else "GET")  # noqa: S310
        req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:  # noqa: S310
                raw = resp.read(MAX_REPLY + 1)
        except urllib.error.HTTPError as exc:
            raw = exc.read(MAX_REPLY + 1)
        except (urllib.error.URLError, OSError, ValueError):
            raise RoomUnavailable("room.join.unreachable", address=self.address) from None
        try:
            reply = json.loads(raw[:MAX_REPLY])
        except ValueError:
            raise RoomUnavailable("room.join.unreachable", address=self.address) from None
        if not isinstance(reply, dict):
            raise RoomUnavailable("room.join.unreachable", address=self.address)
        return reply

    def health(self) -> dict:
        """The room's /health answer (RoomUnavailable when it does not answer)."""
        reply = self._call("/health")
        if not reply.get("ready"):
            raise RoomUnavailable("room.join.unreachable", address=self.address)
        return reply

    def join(self, name: str, team: str = "", code: str = "") -> Joined:
        """Take a seat (RoomUnavailable with the server's reason when refused)."""
        reply = self._call("/api/join", {"name": name, "team": team or None, "code": code or None})
        if not reply.get("ok"):
            raise RoomUnavailable(str(reply.get("reason")), **dict(reply.get("params") or {}))
        self.token = str(reply["token"])
        return Joined(self.token, reply["view"])

    def view(self) -> dict:
        """The seat's current view, with every move it made."""
        reply = self._call("/api/seat")
        if not reply.get("ok"):
            raise RoomUnavailable(str(reply.get("reason")), **dict(reply.get("params") or {}))
        return reply["view"]

    def submit(self, turn: int, move: TurnInput) -> dict:
        """Send one turn's move (0-based turn); the server's verdict (ok, reason, score...)."""
        return self._call("/api/turn", {"turn": turn, "input": move.to_json()})

    # websocket --------------------------------------------------------------------------------
    def listen(self) -> None:
        """Start hearing the room's pushes on a background thread (reconnects by itself)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="room-client", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        from websockets.sync.client import connect

        url = self.base.replace("http", "ws", 1) + "/ws"
        delay = 0.5
        while not self._stop.is_set():
            try:
                with connect(url, open_timeout=TIMEOUT, max_size=MAX_REPLY) as ws:
                    self._ws = ws
                    ws.send(json.dumps({"type": "hello", "token": self.token}))
                    delay = 0.5
                    for raw in ws:
                        if self._stop.is_set():
                            break
                        with contextlib.suppress(ValueError):
                            msg = json.loads(raw)
                            if isinstance(msg, dict):
                                self.events.put(msg)
                                if msg.get("reason") == "room.refuse.token":
                                    return
            except Exception:  # noqa: S110 - a dropped connection is retried below
                pass
            self._ws = None
            self._stop.wait(delay)
            delay = min(delay * 2, 8.0)

    def poll(self) -> list[dict]:
        """Every push that arrived since the last call."""
        out = []
        while True:
            try:
                out.append(self.events.get_nowait())
            except queue.Empty:
                return out

    def close(self) -> None:
        """Stop listening."""
        self._stop.set()
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.close()


class RemoteSeat:
    """The hook the game's controller calls before a turn is played locally (see play.controller).

    The turn is first verified by the room; a refusal becomes an AllocationError whose problem
    carries the reason in the player's language, so the board shows it like any broken rule.
    In a team, only this trainee's members are sent; the turn is played locally once the room
    has every teammate's part, with the room's combined move, so both copies stay identical.
    """

    def __init__(self, client: RoomClient, translate, view: dict):
        self.client = client
        self.translate = translate
        self.team = bool(view.get("team"))
        self.members = tuple(view.get("members") or ())
        self.view = view
        self.names: dict[str, str] = {}  # member id -> name (open_seat fills it in)
        self.seen_messages = {m["id"] for m in view.get("messages", [])}
        self.status = view.get("status")
        self.round = view.get("round")

    def problem(self, text: str) -> AllocationError:
        return AllocationError([Problem("remote", (("reason", text),), text)])

    def refuse(self, key: str, params: dict) -> AllocationError:
        if key == "room.refuse.rules" and isinstance(params.get("problems"), list):
            text = "; ".join(
                self.translate(p.get("key", ""), **dict(p.get("params") or {}))
                for p in params["problems"]
                if isinstance(p, dict)
            )
        else:
            try:
                text = self.translate(key, **params)
            except (KeyError, IndexError, ValueError):
                text = self.translate(key)
        return self.problem(text)

    def _combined(self, session, turn: int) -> bool:
        """Put the room's move of `turn` into the plan when the team completed it."""
        try:
            view = self.client.view()
        except RoomUnavailable as exc:
            raise self.refuse(exc.key, exc.params) from None
        self.view = view
        self.members = tuple(view.get("members") or ())
        if view["turn"] > turn and len(view.get("inputs", [])) > turn:
            session.apply_input(TurnInput.from_json(view["inputs"][turn], "move"))
            return True
        return False

    def before_turn(self, session) -> None:
        """Send the planned turn; AllocationError (translated) when the room does not take it."""
        turn = int(session.state.turn)
        if self.team and self._combined(session, turn):
            return
        plan = session.plan.as_input()
        if self.team:
            move = TurnInput(
                {m: t for m, t in plan.chips.items() if m in self.members},
                plan.options,
                plan.focus,
                plan.prepare,
            )
        else:
            session.allocation()  # the local check first (AllocationError names broken rules)
            move = plan
        try:
            reply = self.client.submit(turn, move)
        except RoomUnavailable as exc:
            raise self.refuse(exc.key, exc.params) from None
        if not reply.get("ok"):
            raise self.refuse(str(reply.get("reason")), dict(reply.get("params") or {}))
        if self.team and not self._combined(session, turn):
            placed = [p["person"] for p in self.view.get("placed", [])]
            waiting = [n for n in self.view.get("persons", []) if n not in placed]
            raise self.problem(
                self.translate(
                    "room.join.team_waiting", placed=", ".join(placed), waiting=", ".join(waiting)
                )
            )

    def member_names(self, placed: dict) -> list[str]:
        """The in-game members a teammate's part placed, by name, with their work chips."""
        chips = (placed.get("input") or {}).get("chips") or {}
        out = []
        for member, targets in chips.items():
            work = sum(n for t, n in targets.items() if t != "rest" and isinstance(n, int))
            out.append(f"{self.names.get(member, member)} {work}")
        return out

    def news(self) -> list[str]:
        """What the room said since the last call, as sentences (messages, pause, rounds)."""
        out: list[str] = []
        for msg in self.client.poll():
            view = msg.get("view") if msg.get("type") == "view" else None
            if not isinstance(view, dict):
                continue
            for m in view.get("messages", []):
                if m.get("id") not in self.seen_messages:
                    self.seen_messages.add(m.get("id"))
                    out.append(self.translate("room.join.message", text=str(m.get("text", ""))))
            status, rnd = view.get("status"), view.get("round")
            if status != self.status:
                out.append(
                    self.translate(
                        "room.join.status", status=self.translate(f"room.status.{status}")
                    )
                )
            elif rnd != self.round and view.get("mode") == "rounds":
                out.append(self.translate("room.join.round_open", round=rnd))
            if self.team and view.get("placed"):
                names = ", ".join(
                    f"{p.get('person')} ({', '.join(self.member_names(p))})"
                    for p in view["placed"]
                    if isinstance(p, dict)
                )
                out.append(self.translate("room.join.team_placed", names=names))
            self.status, self.round = status, rnd
            self.view = {**self.view, **view}
            self.members = tuple(view.get("members") or self.members)
        return out


def open_seat(client: RoomClient, joined: Joined, translate):
    """The window's game of a seat: the room's scenario and seed, every move the seat made,
    and the hook that sends each turn (CompetitionError when this installation lacks it)."""
    from ..play.session import Session
    from ..sim.competition import start_from_code

    view = joined.view
    path, scn, seed = start_from_code(str(view["code"]))
    inputs = [TurnInput.from_json(x, f"inputs[{i}]") for i, x in enumerate(view.get("inputs", []))]
    session = Session.from_inputs(scn, path, seed, inputs) if inputs else Session(scn, path, seed)
    session.code = str(view["code"])
    session.remote = RemoteSeat(client, translate, view)
    session.remote.names = {m.id: m.name for m in scn.members}
    client.listen()
    return session
