"""`turbulentie-game room`: a wrong code, an unusable store or a busy port get one clear line."""

import socket

from turbulentie_game.cli import main


def test_a_mistyped_code_is_refused_before_anything_starts(scn, h, capsys, tmp_path):
    code = h.code_of(scn)
    broken = code[:-3] + code[-2:]  # one character dropped
    assert main(["room", broken, "--db", str(tmp_path / "r.sqlite3")]) == 2
    err = capsys.readouterr().err
    from turbulentie_game.i18n import Translator

    assert err.strip() == Translator("nl")("compete.code.typo")  # says what to check
    assert "Traceback" not in err and not (tmp_path / "r.sqlite3").exists()


def test_a_store_of_another_room_names_the_fix(scn, h, capsys, tmp_path):
    db = tmp_path / "r.sqlite3"
    from turbulentie_game.room.room import Room
    from turbulentie_game.room.store import Store

    Room(Store(db), scn, h.SEED + 1, h.code_of(scn, h.SEED + 1)).store.close()
    assert main(["--lang", "en", "room", h.code_of(scn), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "--db FILE" in err and "holds room" in err
    assert main(["room", h.code_of(scn), "--db", str(db)]) == 1  # Dutch, the default
    err = capsys.readouterr().err
    assert "hoort bij lokaal" in err and "holds room" not in err and h.code_of(scn) in err


def test_a_file_that_is_not_a_store_is_refused(scn, h, capsys, tmp_path):
    db = tmp_path / "r.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    assert main(["--lang", "en", "room", h.code_of(scn), "--db", str(db)]) == 1
    assert "--db FILE" in capsys.readouterr().err


def test_an_unreachable_postgresql_server_is_one_line_without_the_password(
    scn, h, capsys, tmp_path
):
    url = f"postgresql://trainer:s3cret@/room?host={tmp_path / 'nowhere'}"
    assert main(["--lang", "en", "room", h.code_of(scn), "--db", url, "--no-qr"]) == 1
    err = capsys.readouterr().err
    assert "cannot connect" in err and "--db postgresql://" in err
    assert "s3cret" not in err and "trainer:***@" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # no SQLite file named after the URL


def test_a_busy_port_names_the_fix(scn, h, capsys, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code = main(
            [
                "--lang",
                "en",
                "room",
                h.code_of(scn),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--db",
                str(tmp_path / "r.sqlite3"),
            ]
        )
    assert code == 1
    assert "--port P" in capsys.readouterr().err
