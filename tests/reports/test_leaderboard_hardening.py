"""Nothing skews silently: seals bind names to games, copies are flagged, every file is read or
named, and a tampered database is rebuilt from the files."""

import csv
import io
import json
import re
import sqlite3

import pytest

from turbulentie_game.cli import main
from turbulentie_game.cli.compete import terminal_table
from turbulentie_game.i18n import Translator
from turbulentie_game.reports.leaderboard import build_board, default_db, to_csv
from turbulentie_game.sim.competition import make_code
from turbulentie_game.sim.record import GameRecord
from turbulentie_game.sim.seal import (
    SEAL_BROKEN,
    SEALED,
    UNSEALED,
    check_seal,
    normal_token,
    seal,
    seat_token,
)

SEED = 4821


@pytest.fixture(scope="module")
def seats(scn, tmp_path_factory):
    """A facilitator key and seat tokens for Anna, Bram and Carla, as `compete seats` prints them."""
    home = tmp_path_factory.mktemp("facilitator")
    key = home / "facilitator.key"
    code = make_code(scn.id, scn.content_hash, SEED)
    return code, key


def _seats(code, key, capsys):
    assert main(["--lang", "en", "compete", "seats", code, "Anna", "Bram", "Carla",
                 "--key", str(key)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    return dict(re.findall(r"^\s+(\w+)\s+([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})$", out, re.M))


def _play(code, folder, player, bot, token=None):
    args = ["simulate", "--code", code, "--bot", bot, "--player", player, "--results", str(folder)]
    assert main(args + (["--seat", token] if token else []) + ["--json"]) == 0
    return max(folder.glob(f"{player.lower()}_*.json"), key=lambda p: p.stat().st_mtime_ns)


def test_seat_tokens_are_stable_per_name_and_competition(seats, capsys):
    code, key = seats
    first = _seats(code, key, capsys)
    assert set(first) == {"Anna", "Bram", "Carla"} and len(set(first.values())) == 3
    assert _seats(code, key, capsys) == first  # the same key gives the same tokens
    raw = bytes.fromhex(key.read_text().strip())
    assert seat_token(raw, "x", "0" * 16, SEED, "anna") != seat_token(
        raw, "y", "0" * 16, SEED, "anna"
    )
    assert normal_token(first["Anna"].lower().replace("-", " ")) == first["Anna"].replace("-", "")


def test_renamed_copied_and_impersonated_files_are_caught(seats, tmp_path, capsys):
    code, key = seats
    tokens = _seats(code, key, capsys)
    raw = bytes.fromhex(key.read_text().strip())
    anna = _play(code, tmp_path, "Anna", "adaptive", tokens["Anna"])
    bram = _play(code, tmp_path, "Bram", "balanced", tokens["Bram"])
    capsys.readouterr()
    rec = GameRecord.from_json(anna.read_text(encoding="utf-8"))
    assert check_seal(rec, raw) == SEALED
    assert check_seal(GameRecord.from_json(bram.read_text(encoding="utf-8")), raw) == SEALED

    # Carla renames Anna's file to her own name: the seal no longer matches
    renamed = json.loads(anna.read_text(encoding="utf-8"))
    renamed["player"] = "Carla"
    (tmp_path / "carla_renamed.json").write_text(json.dumps(renamed), encoding="utf-8")
    assert check_seal(GameRecord.from_json(json.dumps(renamed)), raw) == SEAL_BROKEN
    board = build_board(tmp_path, key=raw)
    assert {r.player for r in board.rows} == {"Anna", "Bram"}
    assert not board.flagged  # the renamed file does not count, so it flags nothing

    # Carla seals Anna's moves with her own token: the seal holds, the copy is flagged
    resealed = seal(GameRecord.from_json(json.dumps(renamed)), tokens["Carla"])
    (tmp_path / "carla_renamed.json").write_text(resealed.to_json(), encoding="utf-8")
    assert main(["--lang", "en", "leaderboard", str(tmp_path), "--key", str(key)]) == 1
    out = capsys.readouterr().out
    assert "Same moves under different names" in out and "carla_renamed.json" in out
    assert main(["--lang", "en", "replay", "verify", str(tmp_path), "--key", str(key)]) == 1
    assert "exactly the same moves" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(to_csv(build_board(tmp_path, key=raw)))))
    first = {r["player"]: r for r in rows if r["rank"]}
    assert (
        first["Anna"]["same_moves_as"] == "carla_renamed.json" and first["Anna"]["seal"] == SEALED
    )


def test_a_game_handed_in_under_someone_elses_name_does_not_replace_theirs(seats, tmp_path, capsys):
    code, key = seats
    tokens = _seats(code, key, capsys)
    raw = bytes.fromhex(key.read_text().strip())
    _play(code, tmp_path, "Anna", "adaptive", tokens["Anna"])
    (tmp_path / "b").mkdir()
    bad = _play(code, tmp_path / "b", "Anna", "random", tokens["Bram"])  # Bram, as Anna
    capsys.readouterr()
    assert check_seal(GameRecord.from_json(bad.read_text(encoding="utf-8")), raw) == SEAL_BROKEN
    board = build_board(tmp_path, rule="latest", key=raw)
    (row,) = board.rows
    assert row.entry.seal == SEALED and "b/" not in row.entry.file
    assert board.status_of(next(e for e in board.entries if e.file.startswith("b"))) == SEAL_BROKEN


def test_sealed_only_leaves_unsealed_games_out_and_says_so(seats, tmp_path, capsys):
    code, key = seats
    tokens = _seats(code, key, capsys)
    raw = bytes.fromhex(key.read_text().strip())
    _play(code, tmp_path, "Anna", "adaptive", tokens["Anna"])
    _play(code, tmp_path, "Bram", "balanced")  # no seat: unsealed
    capsys.readouterr()
    board = build_board(tmp_path, key=raw)
    assert len(board.rows) == 2  # unsealed games count unless the facilitator asks otherwise
    assert {e.seal for e in board.entries} == {SEALED, UNSEALED}
    strict = build_board(tmp_path, key=raw, sealed_only=True)
    assert [r.player for r in strict.rows] == ["Anna"]
    lines = "\n".join(terminal_table(strict, Translator("en")))
    assert "not sealed" in lines and "1 sealed, 1 without a seal" in lines
    assert main(["--lang", "en", "leaderboard", str(tmp_path), "--sealed-only",
                 "--key", str(tmp_path / "nokey")]) == 2  # fmt: skip


def test_thousands_of_junk_files_before_the_real_ones_leave_the_ranking_intact(
    seats, tmp_path, capsys
):
    code, _ = seats
    _play(code, tmp_path, "Anna", "adaptive")
    _play(code, tmp_path, "Bram", "balanced")
    junk = tmp_path / "000_junk"
    junk.mkdir()
    for i in range(5000):
        (junk / f"{i:05d}.json").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert main(["--lang", "en", "leaderboard", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Anna" in out.split("Files that do not count")[0] and out.count("unreadable") == 5000
    small = build_board(tmp_path, tmp_path / "other.sqlite3", limit=100)
    assert small.dropped == 4902 and not small.rows
    lines = "\n".join(terminal_table(small, Translator("en")))
    assert "4902 files were NOT read" in lines


def test_a_tampered_database_is_rebuilt_from_the_files(seats, tmp_path, capsys):
    code, _ = seats
    _play(code, tmp_path, "Anna", "adaptive")
    _play(code, tmp_path, "Bram", "balanced")
    capsys.readouterr()
    before = [(r.player, r.score) for r in build_board(tmp_path).rows]
    db = default_db(tmp_path)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE records SET mtime = 'yesterday'")
        (digest, text) = con.execute("SELECT digest, record FROM records LIMIT 1").fetchone()
        forged = json.loads(text)
        forged["claimed_score"] = 999.0
        con.execute("UPDATE records SET record = ? WHERE digest = ?", (json.dumps(forged), digest))
        con.execute(
            "INSERT INTO records VALUES ('abc', ?, 'ghost.json', 'x', 'now')", (json.dumps(forged),)
        )
    board = build_board(tmp_path)
    assert [(r.player, r.score) for r in board.rows] == before  # the genuine files count again
    ghost = next(e for e in board.entries if e.file == "ghost.json")
    assert not ghost.verdict.ok and "database row" in ghost.verdict.detail
    assert ghost.verdict.reason(Translator("nl")) == (
        "de rij in de database is veranderd: de tijd van het bestand is geen getal"
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_malformed_seat_token_is_refused_in_the_users_language(seats, tmp_path, capsys, lang):
    code, _ = seats
    args = ["--lang", lang, "simulate", "--code", code, "--bot", "balanced", "--player", "Anna"]
    assert main([*args, "--seat", "ABCD-EFGH", "--results", str(tmp_path)]) != 0
    err = capsys.readouterr().err.strip()
    t = Translator(lang)
    assert err == t("safety.bad_seat", reason=t("safety.seat_format"))
    assert "ABCD-EFGH-JKLM" in err and not list(tmp_path.iterdir())
    if lang == "nl":
        assert "seat token" not in err and "letters and digits" not in err
