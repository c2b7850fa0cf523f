"""Local discovery: a running room is heard by a window on the same network."""

from turbulentie_game.cli.room import DISCOVERY_PORT as CLI_PORT
from turbulentie_game.room.discovery import DISCOVERY_PORT, beacon_payload, discover, read_payload


def test_a_running_room_is_heard_with_its_code_and_address(tmp_path, scn, h):
    udp = h.free_port()
    room = h.LiveRoom(
        h.code_of(scn), tmp_path / "room.sqlite3", args=("--discovery-port", str(udp))
    )
    room.start()
    try:
        found = discover(seconds=5, port=udp)
    finally:
        room.stop()
    assert [r.code for r in found] == [room.code]
    _, port = found[0].address.rsplit(":", 1)
    assert int(port) == room.port and found[0].title == scn.title.get("nl")


def test_only_well_formed_announcements_count():
    good = beacon_payload("WIJK-1", "Wijk", 8765)
    assert read_payload(good, "10.0.0.5").address == "10.0.0.5:8765"
    for bad in (
        b"",
        b"\xff",
        b"[1]",
        b'{"magic": "other"}',
        good.replace(b"8765", b"99999"),
        b'{"magic": "turbulentie-room", "code": 1, "title": "x", "port": 1}',
        b"x" * 600,
    ):
        assert read_payload(bad, "10.0.0.5") is None
    assert CLI_PORT == DISCOVERY_PORT
