"""Local discovery: the room announces itself on the local network; the window lists what it hears.

The server sends a small UDP datagram every BEACON_SECONDS to the broadcast address (and to the
loopback address, for a room on the same machine) on DISCOVERY_PORT. It carries only the room's
code, title and port: the address is the sender's. A window listens for a moment and offers
the rooms it heard. Nothing in a datagram is trusted beyond its typed, size-limited fields.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from dataclasses import dataclass

DISCOVERY_PORT = 8766
BEACON_SECONDS = 2.0
MAX_DATAGRAM = 512
MAGIC = "turbulentie-room"


@dataclass(frozen=True)
class FoundRoom:
    """A room heard on the network."""

    address: str  # host:port to type into the join screen
    code: str
    title: str


def beacon_payload(code: str, title: str, port: int, host: str = "") -> bytes:
    """The datagram a room sends (`host`: the one address it listens on, when not every one)."""
    data = {"magic": MAGIC, "code": code[:60], "title": title[:80], "port": port}
    if host:
        data["host"] = host
    return json.dumps(data, ensure_ascii=False).encode("utf-8")[:MAX_DATAGRAM]


def read_payload(data: bytes, sender: str) -> FoundRoom | None:
    """The room a datagram announces, or None for anything else."""
    if len(data) > MAX_DATAGRAM:
        return None
    try:
        msg = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(msg, dict) or msg.get("magic") != MAGIC:
        return None
    code, title, port = msg.get("code"), msg.get("title"), msg.get("port")
    if not (isinstance(code, str) and isinstance(title, str) and isinstance(port, int)):
        return None
    if isinstance(port, bool) or not 0 < port < 65536 or len(code) > 60 or len(title) > 80:
        return None
    host = msg.get("host", sender)
    try:
        socket.inet_aton(host)
    except (OSError, TypeError):
        return None
    return FoundRoom(f"{host}:{port}", code, title)


async def announce(
    code: str, title: str, port: int, to_port: int = DISCOVERY_PORT, host: str = ""
) -> None:
    """Send the room's beacon until cancelled (errors of an absent network are ignored)."""
    payload = beacon_payload(code, title, port, host)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setblocking(False)
    try:
        while True:
            for target in ("255.255.255.255", "127.0.0.1"):
                with contextlib.suppress(OSError):
                    sock.sendto(payload, (target, to_port))
            await asyncio.sleep(BEACON_SECONDS)
    finally:
        sock.close()


def discover(seconds: float = 2.5, port: int = DISCOVERY_PORT) -> list[FoundRoom]:
    """The rooms heard within `seconds`, each once (an empty list when none or no network)."""
    found: dict[str, FoundRoom] = {}  # by code; an address on the network beats the loopback
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    except OSError:
        return []
    with sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if hasattr(socket, "SO_REUSEPORT"):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        try:
            sock.bind(("", port))
        except OSError:
            return []
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            sock.settimeout(left)
            try:
                data, (host, _) = sock.recvfrom(MAX_DATAGRAM + 1)
            except (TimeoutError, OSError):
                break
            room = read_payload(data, host)
            if room is not None:
                known = found.get(room.code)
                if known is None or (known.address.startswith("127.") and host[:4] != "127."):
                    found[room.code] = room
    return sorted(found.values(), key=lambda r: (r.title, r.address))
