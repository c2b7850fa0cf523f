"""The leaderboard's store: the same SQL and the same board on SQLite and on a real PostgreSQL."""

import shutil

import pytest

from turbulentie_game.cli import main
from turbulentie_game.reports.leaderboard import build_board, ingest
from turbulentie_game.reports.store import _to_pyformat, connect, is_url, shown
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.competition import write_result
from turbulentie_game.sim.record import play_record

SEED = 77
BOTS = ("adaptive", "balanced", "managing-up", "managing-out", "random", "single:relatie")


@pytest.fixture(scope="module")
def course(scn, tmp_path_factory):
    """Six trainees, a copied file, a broken file and a game of another competition."""
    folder = tmp_path_factory.mktemp("results")
    for i, bot in enumerate(BOTS):
        record, _ = play_record(scn, make_bot(bot, scn), SEED, f"Trainee {i + 1}")
        write_result(record, folder)
    other, _ = play_record(scn, make_bot("balanced", scn), SEED + 1, "Elsewhere")
    write_result(other, folder)
    shutil.copy(next(folder.glob("trainee-1_*.json")), folder / "copy-of-trainee-1.json")
    (folder / "broken.json").write_text('{"format": 1, "player": ', encoding="utf-8")
    return folder


def _facts(board):
    ranking = [(r.rank, r.player, r.score, r.games, r.entry.file) for r in board.rows]
    files = sorted((e.file, board.status_of(e), e.verdict.detail) for e in board.entries)
    return ranking, files, sorted(board.rejected), board.competition


def test_postgresql_gives_the_same_board_as_sqlite(course, postgres_db, tmp_path):
    on_sqlite = build_board(course, tmp_path / "board.sqlite3")
    on_postgres = build_board(course, postgres_db)
    assert _facts(on_postgres) == _facts(on_sqlite)
    assert len(on_postgres.rows) == 6 and on_postgres.rows[0].player == "Trainee 1"
    assert [f for f, _ in on_postgres.rejected] == ["broken.json"]


def test_ingesting_again_into_postgresql_adds_nothing_and_keeps_exact_times(course, postgres_db):
    first = ingest(course, postgres_db)
    again = ingest(course, postgres_db)
    assert first == (7, 9) and again == (0, 9)  # 7 games (a copy is the same game), 9 files
    with connect(postgres_db) as con:
        assert con.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 7
        assert con.execute("SELECT COUNT(*) FROM rejected").fetchone()[0] == 1
        times = dict(con.execute("SELECT file, mtime FROM records").fetchall())
    for name, t in times.items():  # DOUBLE PRECISION: the 'latest' rule sees the file's own time
        assert t == (course / name).stat().st_mtime


def test_the_leaderboard_command_takes_a_postgresql_url(course, postgres_db, capsys):
    assert main(["--lang", "en", "leaderboard", str(course), "--db", postgres_db]) == 0
    out = capsys.readouterr().out
    assert "Trainee 1" in out and "broken.json" in out
    assert not (course / "leaderboard.sqlite3").exists()  # no SQLite file beside the results


def test_an_unreachable_server_is_one_line_without_the_password(course, tmp_path, capsys):
    pytest.importorskip("psycopg")
    url = f"postgresql://trainer:s3cret@/board?host={tmp_path / 'nowhere'}"
    assert main(["--lang", "en", "leaderboard", str(course), "--db", url]) == 1
    err = capsys.readouterr().err
    assert "cannot connect" in err and "s3cret" not in err and "trainer:***@" in err
    assert "Traceback" not in err


def test_placeholders_become_psycopg_ones_outside_quoted_text():
    sql = "SELECT ?, 'what? 50%', x % 2 FROM t WHERE a = ? AND b LIKE 'it''s?'"
    assert _to_pyformat(sql) == (
        "SELECT %s, 'what? 50%%', x %% 2 FROM t WHERE a = %s AND b LIKE 'it''s?'"
    )


def test_a_url_is_a_server_and_anything_else_a_file(tmp_path):
    assert is_url("postgresql://u@h/db") and is_url("postgres://u@h/db")
    assert not is_url(str(tmp_path / "postgresql.sqlite3")) and not is_url(tmp_path)
    assert shown("postgresql://u:pw@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert shown("postgresql://u@h/db") == "postgresql://u@h/db"
