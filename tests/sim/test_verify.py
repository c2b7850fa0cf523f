"""Verification: every tampered, foreign, truncated or hostile file is reported, never run."""

import json
import os

import pytest

from turbulentie_game.cli import main
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.competition import write_result
from turbulentie_game.sim.record import MAX_RECORD_BYTES, play_record
from turbulentie_game.sim.verify import (
    INVALID,
    SCORE_MISMATCH,
    UNFINISHED,
    UNKNOWN_SCENARIO,
    UNREADABLE,
    VERIFIED,
    VERSION_MISMATCH,
    ScenarioShelf,
    verify_file,
)


@pytest.fixture(scope="module")
def shelf():
    return ScenarioShelf()


@pytest.fixture(scope="module")
def good(scn, tmp_path_factory):
    """One honest result file and its JSON data."""
    record, _ = play_record(scn, make_bot("adaptive", scn), 31, "Anna")
    path = write_result(record, tmp_path_factory.mktemp("good"))
    return path, json.loads(path.read_text(encoding="utf-8"))


def _write(tmp_path, name, data):
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _edited(data, change):
    data = json.loads(json.dumps(data))
    change(data)
    return data


def _move_chips(data):
    """Move a member's last-turn work to rest: a legal game, just not the one played."""
    member, placed = next(iter(data["inputs"][-1]["chips"].items()))
    data["inputs"][-1]["chips"][member] = {"rest": sum(placed.values())}


def _over_capacity(data):
    member = next(iter(data["inputs"][0]["chips"]))
    data["inputs"][0]["chips"][member]["resultaat"] = 40


CASES = {
    "score_edited": (lambda d: d.update(claimed_score=d["claimed_score"] + 5), SCORE_MISMATCH),
    "score_removed": (lambda d: d.update(claimed_score=None), SCORE_MISMATCH),
    "inputs_edited": (_move_chips, SCORE_MISMATCH),
    "over_capacity": (_over_capacity, INVALID),
    "unknown_member": (lambda d: d["inputs"][0]["chips"].update(hero={"zaak": 1}), INVALID),
    "unknown_event_option": (lambda d: d["inputs"][0]["options"].update({"99": "x"}), INVALID),
    "turns_dropped": (lambda d: d.update(inputs=d["inputs"][:-3]), UNFINISHED),
    "turn_added": (lambda d: d["inputs"].append(d["inputs"][-1]), INVALID),
    "other_scenario": (lambda d: d.update(scenario_id="havenstad"), UNKNOWN_SCENARIO),
    "other_version": (lambda d: d.update(content_hash="0" * 16), VERSION_MISMATCH),
    "other_engine": (lambda d: d.update(engine_version="0"), VERSION_MISMATCH),
    # another seed brings other events: the moves no longer fit, or the score differs
    "seed_changed": (lambda d: d.update(seed=d["seed"] + 1), (SCORE_MISMATCH, INVALID)),
}


def test_the_honest_file_verifies(good, shelf):
    verdict = verify_file(good[0], shelf)
    assert verdict.status == VERIFIED and verdict.outcome.score == good[1]["claimed_score"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_edit_is_caught(case, good, shelf, tmp_path):
    change, expected = CASES[case]
    path = _write(tmp_path, f"{case}.json", _edited(good[1], change))
    verdict = verify_file(path, shelf)
    assert verdict.status in (expected if isinstance(expected, tuple) else (expected,)), verdict


def test_a_replay_of_another_scenario_is_caught(default_path, tmp_path, shelf):
    text = default_path.read_text(encoding="utf-8").replace("id: wijk_in_beweging", "id: wijk_b", 1)
    other_path = _write(tmp_path, "wijk_b.yaml", text)
    other = load_scenario(other_path)
    record, _ = play_record(other, make_bot("balanced", other), 3, "Bo")
    path = write_result(record, tmp_path)
    assert verify_file(path, shelf).status == UNKNOWN_SCENARIO
    assert verify_file(path, ScenarioShelf((other_path,))).status == VERIFIED


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe\x00garbage",
        b"{" * 1000,
        b"[" * 200000,
        b'{"format": 1, "seed": 1e400}',
        b'{"format": 1, "engine_version": "1", "scenario_id": "x", "content_hash": "y",'
        b' "seed": 1, "inputs": [], "player": "' + b"x" * 5000 + b'"}',
        b'{"__class__": "os.system", "args": ["rm -rf /"]}',
    ],
)
def test_hostile_content_is_unreadable_and_harmless(content, good, shelf, tmp_path):
    half = good[0].read_bytes()[: len(good[0].read_bytes()) // 2]
    for name, data in (("hostile.json", content), ("truncated.json", half)):
        assert verify_file(_write(tmp_path, name, data), shelf).status == UNREADABLE


def test_special_files_are_refused_without_reading_them(tmp_path, shelf):
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(MAX_RECORD_BYTES + 1)
    (tmp_path / "folder.json").mkdir()
    os.mkfifo(tmp_path / "pipe.json")
    for name in ("big.json", "folder.json", "pipe.json", "missing.json"):
        assert verify_file(tmp_path / name, shelf).status == UNREADABLE


def test_replay_verify_reports_each_file_and_exits_0_only_when_all_verify(good, tmp_path, capsys):
    assert main(["--lang", "en", "replay", "verify", str(good[0])]) == 0
    assert "1 of 1 files verified" in capsys.readouterr().out
    bad = _write(tmp_path, "bad.json", _edited(good[1], CASES["score_edited"][0]))
    cut = _write(tmp_path, "cut.json", good[0].read_bytes()[:100])
    assert main(["--lang", "en", "replay", "verify", str(good[0]), str(bad), str(cut)]) == 1
    out = capsys.readouterr().out
    assert "score mismatch" in out and "unreadable" in out and "1 of 3" in out
    assert main(["replay", "verify", "--json", str(bad)]) == 1
    assert json.loads(capsys.readouterr().out)["status"] == SCORE_MISMATCH
    assert main(["replay", "verify", str(tmp_path / "empty")]) == 1
