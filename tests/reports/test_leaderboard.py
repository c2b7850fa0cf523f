"""A course of 40 simulated trainees: result files, verified ranking, CSV, page and idempotency."""

import csv
import io
import re
import shutil
import sqlite3
import subprocess
from datetime import datetime

import pytest

from turbulentie_game.cli import main
from turbulentie_game.core.scoring import score
from turbulentie_game.i18n import Translator
from turbulentie_game.reports.html import render_html
from turbulentie_game.reports.leaderboard import build_board, default_db, to_csv
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.competition import make_code, start_from_code, write_result
from turbulentie_game.sim.record import GameRecord, play_record
from turbulentie_game.sim.runner import play

SEED = 4821
NOW = datetime(2026, 11, 29, 9, 0)  # the page's 'made on' line


def _bots(scn):
    ids = [e.id for e in scn.rules.expectations]
    tids = [t.id for t in scn.rules.traits]
    names = ["adaptive", "balanced", "managing-up", "managing-out", "random"]
    names += [f"single:{e}" for e in ids] + [f"adaptive-without:{x}" for x in ids + tids]
    names += [f"adaptive-without:{a},{b}" for a, b in zip(ids, ids[1:] + ids[:1], strict=True)]
    names.append(f"adaptive-without:{ids[0]},{tids[-1]}")
    return names


@pytest.fixture(scope="module")
def course(scn, tmp_path_factory):
    """40 trainees type the same code and let a bot play; each game leaves a result file."""
    folder = tmp_path_factory.mktemp("results")
    code = make_code(scn.id, scn.content_hash, SEED)
    _, game, seed = start_from_code(code)
    expected = {}
    for i, bot in enumerate(_bots(game)):
        player = f"Trainee {i + 1:02d}"
        record, _ = play_record(game, make_bot(bot, game), seed, player)
        write_result(record, folder)
        state = play(scn, [SEED], make_bot(bot, scn)).state  # direct simulation
        expected[player] = round(float(score(scn, state)[0]), 6)
    assert len(expected) == 40
    return folder, code, expected


def _ranking(board):
    return [(r.rank, r.player, r.score) for r in board.rows]


def test_the_leaderboard_equals_direct_simulation(course):
    folder, code, expected = course
    board = build_board(folder)
    assert len(board.rows) == 40
    assert {r.player: r.score for r in board.rows} == pytest.approx(expected)
    scores = [r.score for r in board.rows]
    assert scores == sorted(scores, reverse=True)
    assert board.rows[0].rank == 1 and all(r.entry.verdict.ok for r in board.rows)
    assert make_code(board.competition.scenario_id, board.competition.hash_prefix, SEED) == code


def test_ingesting_twice_and_copies_change_nothing(course, tmp_path):
    folder, _, _ = course
    work = tmp_path / "copy"
    shutil.copytree(folder, work)
    first = build_board(work)
    db = default_db(work)
    rows_before = sqlite3.connect(db).execute("SELECT COUNT(*) FROM records").fetchone()[0]
    again = build_board(work)
    shutil.copy(next(work.glob("trainee-01_*.json")), work / "trainee-01-again.json")
    (work / "usb").mkdir()
    shutil.copy(next(work.glob("trainee-02_*.json")), work / "usb" / "copy.json")
    third = build_board(work)
    rows_after = sqlite3.connect(db).execute("SELECT COUNT(*) FROM records").fetchone()[0]
    assert rows_before == rows_after == 40
    assert _ranking(first) == _ranking(again) == _ranking(third)
    assert to_csv(first) == to_csv(again)


def test_tampered_and_foreign_files_do_not_count(course, tmp_path, default_path, capsys):
    folder, code, expected = course
    work = tmp_path / "mixed"
    shutil.copytree(folder, work)
    honest = next(work.glob("trainee-40_*.json"))
    text = honest.read_text(encoding="utf-8")
    (work / "cheat.json").write_text(
        re.sub(r'"claimed_score": [0-9.]+', '"claimed_score": 999.0', text).replace(
            "Trainee 40", "Cheater"
        ),
        encoding="utf-8",
    )
    (work / "cut.json").write_text(text[: len(text) // 3], encoding="utf-8")
    (work / "evil.json").write_text('{"player": "<script>alert(1)</script>"}', encoding="utf-8")
    other = default_path.read_text(encoding="utf-8").replace(
        "id: wijk_in_beweging", "id: wijk_b", 1
    )
    (tmp_path / "wijk_b.yaml").write_text(other, encoding="utf-8")
    assert main(["simulate", str(tmp_path / "wijk_b.yaml"), "--seed", str(SEED), "--bot",
                 "adaptive", "--player", "Elsewhere", "--results", str(work), "--json"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--lang", "en", "leaderboard", str(work), "--code", code, "--csv",
                 str(tmp_path / "out.csv"), "--html", str(tmp_path / "out.html")]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Cheater" not in out.split("Files that do not count")[0]
    assert "score mismatch" in out and "unreadable" in out and "unknown scenario" in out
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    ranked = {r["player"]: float(r["score"]) for r in rows if r["rank"]}
    assert ranked == pytest.approx({p: round(s, 3) for p, s in expected.items()}, abs=1e-3)
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "http" not in page.replace("http://www.w3.org/2000/svg", "")


def test_the_page_has_the_ranking_the_charts_and_the_debrief(course):
    board = build_board(course[0])
    page = render_html(board, Translator("en"), NOW)
    assert page.count("<tr class=") == 40
    for kind in ("scatter", "histogram", "bars", "lines"):
        assert f"chart-{kind}" in page
    assert page.count('class="point"') == 40
    assert "Choices in dilemmas" in page and "top quarter" in page
    dutch = render_html(board, Translator("nl"), NOW)
    assert "Ranglijst" in dutch and "bovenste kwart" in dutch


def _chromium():
    return next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p),
        None,
    )


def test_the_page_renders_in_headless_chromium(course, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium package)")
    page = tmp_path / "leaderboard.html"
    assert main(["leaderboard", str(course[0]), "--html", str(page)]) == 0
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    res = subprocess.run(
        [browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    dom = res.stdout
    assert res.returncode == 0, res.stderr[-2000:]
    assert dom.count("<tr class=") == 40 and 'id="ranking"' in dom
    assert dom.count("<svg") >= 5 and dom.count('class="point"') == 40
    shot = tmp_path / "leaderboard.png"
    subprocess.run(
        [browser, *flags, "--hide-scrollbars", "--window-size=1400,2000",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_game_of_another_competition_names_its_scenario_seed_and_code(
    course, scn, tmp_path, capsys, lang
):
    folder, code, _ = course
    work = tmp_path / "mixed"
    shutil.copytree(folder, work)
    record, _ = play_record(scn, make_bot("balanced", scn), SEED + 7, "Elders")
    write_result(record, work)  # a verified game, but of seed SEED + 7
    other_code = make_code(scn.id, scn.content_hash, SEED + 7)
    assert main(["--lang", lang, "leaderboard", str(work), "--code", code,
                 "--html", str(tmp_path / "out.html")]) == 0  # fmt: skip
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("elders_"))
    t = Translator(lang)
    assert t("compete.status.other_competition") in line
    assert other_code in line and code in line and f"seed {SEED + 7}" in line
    assert scn.id in line
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert other_code in page and f"seed {SEED + 7}" in page
    if lang == "nl":
        assert "belongs to" not in line and "hoort bij scenario" in line


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_group_debrief_names_actors_triage_and_preparation(course, scn, tmp_path, lang):
    from turbulentie_game.core.model import ACTORS
    from turbulentie_game.reports.group_debrief import group_debrief
    from turbulentie_game.sim.record import replay

    folder, _, _ = course
    board = build_board(folder, tmp_path / "board.sqlite3")
    d = group_debrief(board)
    # the moves as handed in (the board keeps its verdicts without them)
    records = [
        GameRecord.from_json((folder / r.entry.file).read_text(encoding="utf-8"))
        for r in board.rows
    ]
    assert all(r.entry.verdict.record.inputs == () for r in board.rows)
    turns = sum(len(r.inputs) for r in records)
    focus = sum(1 for r in records for i in r.inputs if i.focus)
    assert focus > 0 and d.everyone.focus_share == pytest.approx(focus / turns)
    prepared = [len({x for i in r.inputs for x in i.prepare}) for r in records]
    assert d.everyone.prepared == pytest.approx(sum(prepared) / len(records))
    first = records[0]
    state, _ = replay(scn, first.seed, first.inputs)  # the actors where the game left them
    assert board.rows[0].entry.verdict.outcome.actors == {
        a: round(float(state.actors[0, i]), 3) for i, a in enumerate(ACTORS)
    }
    t = Translator(lang)
    page = render_html(board, t, NOW)
    section = page[page.index("<h2 id='concepts'>") :]
    assert t("room.plenary.model") in section and t.pct(d.everyone.focus_share) in section
    for concept in ("actors", "triage", "prepare"):
        assert t(f"room.plenary.q_{concept}").replace("'", "&#x27;") in section
    assert all(t(f"ui.situation.{a}") in section for a in ACTORS)
