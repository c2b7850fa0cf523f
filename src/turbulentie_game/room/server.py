"""The room's web server: Starlette on uvicorn, websockets for the trainees' windows.

Routes: `/health`; the trainees' `/api/join`, `/api/seat`, `/api/turn` and `/ws`; the
facilitator's `/console` and `/api/console/...` (behind the secret); the public `/projector`
and `/api/standings`; `/plenary` and the exports. Every body is size-limited and validated,
every caller is rate-limited, and a refusal is a catalogue key with its fields (never a trace).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from ..i18n import LANGUAGES, Translator
from ..scenario.codes import CompetitionError, parse_code
from . import exports, pages, plenary
from .discovery import announce
from .room import Person, Refused, Room

MAX_BODY = 16_384  # bytes of one request or websocket message
RATE = 10.0  # requests per second a caller may make on average
BURST = 30.0  # and in one burst
JOIN_RATE = 1.0  # joins per second per address
JOIN_BURST = 50.0  # and in one burst (a classroom behind one router)
HELLO_SECONDS = 5.0  # a websocket must say who it is within this time
TICK_SECONDS = 0.25
OUTBOX_TICKS = 40  # the outbox is written at most every 10 s while moves arrive


@dataclass
class Bucket:
    """A token bucket: `take` is False once a caller goes over its rate."""

    rate: float
    burst: float
    level: float = -1.0
    at: float = field(default_factory=time.monotonic)

    def take(self) -> bool:
        now = time.monotonic()
        if self.level < 0:
            self.level = self.burst
        self.level = min(self.burst, self.level + (now - self.at) * self.rate)
        self.at = now
        if self.level < 1.0:
            return False
        self.level -= 1.0
        return True


class BadRequest(Exception):
    """A request that is too large or not the JSON it should be."""

    def __init__(self, key: str, status: int = 400):
        super().__init__(key)
        self.key, self.status = key, status


def refusal(key: str, status: int = 400, **params) -> JSONResponse:
    """A refusal as JSON: a catalogue key and its fields (the client says it in its language)."""
    return JSONResponse({"ok": False, "reason": key, "params": params}, status_code=status)


async def read_json(request: Request) -> dict:
    """The JSON object of a request body of at most MAX_BODY bytes (BadRequest otherwise)."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise BadRequest("room.refuse.too_large", 413)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise BadRequest("room.refuse.too_large", 413)
    return parse_json(body)


def parse_json(body: bytes | str) -> dict:
    """A JSON object from at most MAX_BODY bytes (BadRequest otherwise)."""
    if len(body) > MAX_BODY:
        raise BadRequest("room.refuse.too_large", 413)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise BadRequest("room.refuse.malformed") from None
    if not isinstance(data, dict):
        raise BadRequest("room.refuse.malformed")
    return data


async def receive(websocket: WebSocket) -> str | bytes:
    """The next message of a websocket, text or bytes (WebSocketDisconnect when it closed)."""
    msg = await websocket.receive()
    if msg["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(msg.get("code", 1000))
    text = msg.get("text")
    return text if text is not None else (msg.get("bytes") or b"")


class RoomServer:
    """The web face of one room."""

    def __init__(self, room: Room, lang: str = "nl", outbox=None, beacon: tuple | None = None):
        self.room = room
        self.beacon = beacon  # (HTTP port, discovery port, host or '') to announce, or None
        self.lang = lang
        self.outbox = outbox  # where the xAPI statements go (a Path), or None
        self.buckets: dict[str, Bucket] = {}
        self.sockets: dict[int, asyncio.Event] = {}
        self.refused = 0
        self.dirty = False  # moves arrived since the outbox was last written
        self.started = time.time()
        room.listeners.append(self._wake)
        self.app = Starlette(
            routes=[
                Route("/", self.index),
                Route("/health", self.health),
                Route("/api/join", self.join, methods=["POST"]),
                Route("/api/seat", self.seat),
                Route("/api/turn", self.turn, methods=["POST"]),
                WebSocketRoute("/ws", self.ws),
                Route("/console", self.console),
                Route("/api/console/room", self.console_room),
                Route("/api/console/action", self.console_action, methods=["POST"]),
                Route("/api/console/export/{kind}", self.export),
                Route("/projector", self.projector),
                Route("/api/standings", self.standings),
                Route("/plenary", self.plenary_page),
                Route("/qr.svg", self.qr),
            ],
            lifespan=self.lifespan,
        )

    # plumbing -------------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        tasks = [asyncio.create_task(self._ticker())]
        if self.beacon is not None:
            port, to_port, host = self.beacon
            title = self.room.scn.title.get(self.lang)
            tasks.append(asyncio.create_task(announce(self.room.code, title, port, to_port, host)))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            self.write_outbox()

    async def _ticker(self) -> None:
        n = 0
        while True:
            await asyncio.sleep(TICK_SECONDS)
            n += 1
            try:
                if self.room.tick() or (self.dirty and n % OUTBOX_TICKS == 0):
                    self.write_outbox()
            except Exception as exc:  # keep the room running; note what went wrong
                self.room.store.log("tick_error", {"error": repr(exc)[:200]}, time.time())

    def _wake(self) -> None:
        for event in self.sockets.values():
            event.set()

    def allow(self, key: str, rate: float = RATE, burst: float = BURST) -> bool:
        """Whether this caller is still within its rate."""
        if len(self.buckets) > 10_000:
            self.buckets.clear()
        bucket = self.buckets.setdefault(key, Bucket(rate, burst))
        ok = bucket.take()
        if not ok:
            self.refused += 1
        return ok

    def t(self, request: Request) -> Translator:
        lang = request.query_params.get("lang", self.lang)
        return Translator(lang if lang in LANGUAGES else self.lang)

    def caller(self, request: Request) -> Person | None:
        auth = request.headers.get("authorization", "")
        token = auth[7:] if auth.lower().startswith("bearer ") else ""
        return self.room.person_of(token)

    def facilitator(self, request: Request) -> bool:
        given = request.headers.get("x-room-secret") or request.query_params.get("secret")
        return self.room.check_secret(given)

    def write_outbox(self) -> None:
        self.dirty = False
        if self.outbox is not None:
            exports.write_xapi(self.room, self.outbox)

    # public ---------------------------------------------------------------------------------
    async def index(self, request: Request) -> Response:
        return HTMLResponse(pages.index_page(self.room, self.t(request)))

    async def health(self, request: Request) -> Response:
        return JSONResponse(
            {
                "ready": True,
                "code": self.room.code,
                "status": self.room.status,
                "seats": len(self.room.seats),
            }
        )

    async def qr(self, request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        return Response(pages.qr_svg(base), media_type="image/svg+xml")

    async def projector(self, request: Request) -> Response:
        return HTMLResponse(pages.projector_page(self.room, self.t(request)))

    async def standings(self, request: Request) -> Response:
        host = request.client.host if request.client else "?"
        if not self.allow(f"std:{host}", 20, 60):
            return refusal("room.refuse.flood", 429)
        rows = [
            {k: r[k] for k in ("place", "name", "persons", "team", "turn", "over", "score")}
            | {"mean_value": r["mean_value"], "mean_cover": r["mean_cover"]}
            for r in self.room.standings()
        ]
        return JSONResponse(
            {"room": self.room.room_view(), "rows": rows, "meters": self.room.room_meters()}
        )

    # trainees -------------------------------------------------------------------------------
    async def join(self, request: Request) -> Response:
        host = request.client.host if request.client else "?"
        if not self.allow(f"join:{host}", JOIN_RATE, JOIN_BURST):
            return refusal("room.refuse.flood", 429)
        try:
            data = await read_json(request)
        except BadRequest as exc:
            return refusal(exc.key, exc.status)
        code = data.get("code")
        if code not in (None, ""):
            problem = self._other_competition(code)
            if problem is not None:
                return problem
        try:
            person, token = self.room.join(data.get("name"), data.get("team"))
        except Refused as exc:
            return refusal(
                exc.key, 409 if exc.key.endswith(("taken", "full")) else 400, **exc.params
            )
        return JSONResponse(
            {"ok": True, "token": token, "view": self.room.seat_view(person, with_inputs=True)}
        )

    def _other_competition(self, code: object) -> Response | None:
        if not isinstance(code, str) or len(code) > 80:
            return refusal("room.refuse.malformed")
        try:
            comp = parse_code(code)
        except CompetitionError as exc:
            return refusal(f"compete.code.{exc.reason}", **exc.params)
        if comp.scenario_id != self.room.scn.id or comp.seed != self.room.seed:
            return refusal(
                "room.refuse.other_competition",
                scenario=comp.scenario_id,
                seed=comp.seed,
                room_scenario=self.room.scn.id,
                room_seed=self.room.seed,
            )
        return None

    async def seat(self, request: Request) -> Response:
        person = self.caller(request)
        if person is None:
            return refusal("room.refuse.token", 401)
        if not self.allow(f"p:{person.id}"):
            return refusal("room.refuse.flood", 429)
        person.last_seen = time.time()
        return JSONResponse({"ok": True, "view": self.room.seat_view(person, with_inputs=True)})

    def _turn(self, person: Person, data: dict) -> dict:
        try:
            result = self.room.submit(person, data.get("turn"), data.get("input"))
        except Refused as exc:
            self.refused += 1
            return {"ok": False, "reason": exc.key, "params": exc.params}
        if result.get("complete"):
            self.dirty = True
        return {"ok": True, **result}

    async def turn(self, request: Request) -> Response:
        person = self.caller(request)
        if person is None:
            return refusal("room.refuse.token", 401)
        if not self.allow(f"p:{person.id}"):
            return refusal("room.refuse.flood", 429)
        try:
            data = await read_json(request)
        except BadRequest as exc:
            return refusal(exc.key, exc.status)
        result = self._turn(person, data)
        return JSONResponse(result, status_code=200 if result["ok"] else 409)

    async def ws(self, websocket: WebSocket) -> None:
        await websocket.accept()
        try:
            raw = await asyncio.wait_for(websocket.receive_text(), HELLO_SECONDS)
            person = self.room.person_of(parse_json(raw).get("token"))
        except (TimeoutError, BadRequest, WebSocketDisconnect, KeyError, RuntimeError):
            person = None
        if person is None:
            with contextlib.suppress(Exception):
                await websocket.send_json({"type": "refused", "reason": "room.refuse.token"})
                await websocket.close(code=1008)
            return
        wake = asyncio.Event()
        conn = id(wake)
        self.sockets[conn] = wake
        bucket = Bucket(RATE, BURST)
        sender = asyncio.create_task(self._push(websocket, person, wake))
        try:
            await websocket.send_json(
                {"type": "view", "view": self.room.seat_view(person, with_inputs=True)}
            )
            while True:
                raw = await receive(websocket)
                if not bucket.take():
                    self.refused += 1
                    await websocket.send_json({"type": "refused", "reason": "room.refuse.flood"})
                    await websocket.close(code=1008)
                    return
                person.last_seen = time.time()
                try:
                    msg = parse_json(raw)
                except BadRequest as exc:
                    self.refused += 1
                    await websocket.send_json({"type": "refused", "reason": exc.key})
                    continue
                kind = msg.get("type")
                if kind == "turn":
                    await websocket.send_json({"type": "result", **self._turn(person, msg)})
                elif kind == "ping":
                    await websocket.send_json({"type": "pong"})
                else:
                    await websocket.send_json(
                        {"type": "refused", "reason": "room.refuse.malformed"}
                    )
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            sender.cancel()
            self.sockets.pop(conn, None)

    async def _push(self, websocket: WebSocket, person: Person, wake: asyncio.Event) -> None:
        """Send the person a fresh view whenever the room changes (at most every 0.1 s)."""
        seen = self.room.version
        with contextlib.suppress(Exception):
            while True:
                await wake.wait()
                wake.clear()
                await asyncio.sleep(0.1)
                if self.room.version != seen:
                    seen = self.room.version
                    await websocket.send_json({"type": "view", "view": self.room.seat_view(person)})

    # the facilitator ------------------------------------------------------------------------
    async def console(self, request: Request) -> Response:
        t = self.t(request)
        if not self.facilitator(request):
            return HTMLResponse(pages.forbidden_page(t), status_code=403)
        return HTMLResponse(pages.console_page(self.room, t))

    async def console_room(self, request: Request) -> Response:
        if not self.facilitator(request):
            return refusal("room.refuse.secret", 403)
        return JSONResponse(
            {
                "room": self.room.room_view(),
                "rows": self.room.standings(),
                "refused": self.refused,
                "connected": len(self.sockets),
            }
        )

    async def console_action(self, request: Request) -> Response:
        if not self.facilitator(request):
            return refusal("room.refuse.secret", 403)
        try:
            data = await read_json(request)
        except BadRequest as exc:
            return refusal(exc.key, exc.status)
        action = data.pop("action", None)
        args = {k: v for k, v in data.items() if k in ("mode", "seconds", "text", "seat")}
        if not isinstance(action, str) or len(action) > 20:
            return refusal("room.refuse.unknown_action")
        try:
            self.room.act(action, **args)
        except Refused as exc:
            return refusal(exc.key, 409, **exc.params)
        except TypeError:
            return refusal("room.refuse.unknown_action")
        if action in ("next", "end", "undo"):
            self.write_outbox()
        return JSONResponse({"ok": True, "room": self.room.room_view()})

    async def export(self, request: Request) -> Response:
        if not self.facilitator(request):
            return refusal("room.refuse.secret", 403)
        kind = request.path_params["kind"]
        names = request.query_params.get("names") == "1"
        if kind == "decisions.csv":
            body, media = exports.decisions_csv(self.room, names), "text/csv"
        elif kind == "players.csv":
            body, media = exports.players_csv(self.room, names), "text/csv"
        elif kind == "xapi.jsonl":
            body, media = exports.xapi_lines(self.room), "application/x-ndjson"
        else:
            return refusal("room.refuse.unknown_action", 404)
        return Response(
            body,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="{self.room.code}-{kind}"'},
        )

    async def plenary_page(self, request: Request) -> Response:
        t = self.t(request)
        if not self.facilitator(request):
            return HTMLResponse(pages.forbidden_page(t), status_code=403)
        return HTMLResponse(plenary.plenary_page(self.room, t))
