"""`turbulentie-game room CODE`: run a live room for a course on this laptop."""

from __future__ import annotations

import contextlib
import socket
import sys
from pathlib import Path

from ..i18n import Translator, reason_of
from ..scenario.codes import CompetitionError
from ..sim.competition import start_from_code
from .common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, code_exit, code_problem, err

DEFAULT_PORT = 8765
DISCOVERY_PORT = 8766  # the same as room.discovery.DISCOVERY_PORT (checked by a test)


def add_parser(sub) -> None:
    """Add the room command to the main parser's subparsers."""
    p = sub.add_parser("room", help="run a live room: trainees join from the game over the network")
    p.add_argument("code", help="the competition code (compete new makes one)")
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default: every one)")  # noqa: S104
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument(
        "--db",
        help="the room's store: a SQLite file (default: room_<CODE>.sqlite3 here) "
        "or a postgresql://user@host/database URL",
    )
    p.add_argument("--timer", type=int, default=None, help="round time in seconds (0: none)")
    p.add_argument("--scenario", action="append", default=[], help="extra scenario file")
    p.add_argument("--no-qr", action="store_true", help="do not print the QR code")
    p.add_argument(
        "--discovery-port",
        type=int,
        default=DISCOVERY_PORT,
        help=f"UDP port of the announcement windows listen for (default {DISCOVERY_PORT}; 0: none)",
    )


def lan_address() -> str:
    """This machine's address on the local network, as others see it (best guess)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.255.255.255", 1))  # no packet is sent: this only picks a route
        return s.getsockname()[0]
    return "127.0.0.1"


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen there, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def cmd_room(args, t: Translator) -> int:
    """Open (or resume) the room of a competition code and serve it until Ctrl+C."""
    from ..reports.store import is_url
    from ..room.room import Room
    from ..room.server import MAX_BODY, RoomServer
    from ..room.store import Store, StoreError

    try:
        _, scn, seed = start_from_code(args.code, [Path(p) for p in args.scenario])
    except CompetitionError as exc:
        err(code_problem(exc, t))
        return code_exit(exc)
    from ..scenario.codes import make_code

    code = make_code(scn.id, scn.content_hash, seed)  # the canonical spelling
    if not 0 < args.port < 65536:
        err(t("room.cli.port_busy", host=args.host, port=args.port, detail="1-65535"))
        return EXIT_USAGE
    db = args.db if args.db and is_url(args.db) else Path(args.db or f"room_{code}.sqlite3")
    store = None
    try:
        store = Store(db)
        room = Room(store, scn, seed, code)
    except (StoreError, OSError) as exc:
        if store is not None:
            store.close()
        err(t("room.cli.bad_db", detail=reason_of(t, exc)))
        return EXIT_FAIL
    if args.timer is not None:
        from ..room.room import Refused

        try:
            room.act("timer", seconds=args.timer)
        except Refused as exc:
            err(t(exc.key, **exc.params))
            return EXIT_USAGE
    problem = port_problem(args.host, args.port)
    if problem:
        err(t("room.cli.port_busy", host=args.host, port=args.port, detail=problem))
        return EXIT_FAIL
    # the xAPI outbox lies beside a SQLite store, or here for a PostgreSQL one
    outbox = (
        Path(f"room_{code}.xapi.jsonl") if is_url(db) else db.with_name(db.stem + ".xapi.jsonl")
    )
    bound = "" if args.host in ("0.0.0.0", "") else args.host  # noqa: S104
    beacon = (args.port, args.discovery_port, bound) if 0 < args.discovery_port < 65536 else None
    server = RoomServer(room, t.lang, outbox, beacon)
    shown = lan_address() if args.host in ("0.0.0.0", "") else args.host  # noqa: S104
    base = f"http://{shown}:{args.port}"
    moves = len(store.moves())
    if room.seats or moves:
        print(
            t(
                "room.cli.resumed",
                db=store.name,
                seats=len(room.seats),
                moves=moves,
                status=t(f"room.status.{room.status}"),
            )
        )
    print(t("room.cli.ready", code=code, title=scn.title.get(t.lang), seed=seed))
    print(t("room.cli.join", url=f"{shown}:{args.port}"))
    print(t("room.cli.console", url=f"{base}/console?secret={room.secret}&lang={t.lang}"))
    print(t("room.cli.projector", url=f"{base}/projector?lang={t.lang}"))
    print(t("room.cli.store", db=store.name, outbox=str(outbox)))
    if not args.no_qr:
        import segno

        with contextlib.suppress(Exception):
            segno.make(base, error="m").terminal(out=sys.stdout, compact=True)
    print(t("room.cli.stop"))
    sys.stdout.flush()
    import uvicorn

    config = uvicorn.Config(
        server.app,
        host=args.host,
        port=args.port,
        log_level="warning",
        ws="websockets-sansio",
        ws_max_size=MAX_BODY,
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    uvicorn.Server(config).run()
    store.close()
    return EXIT_OK
