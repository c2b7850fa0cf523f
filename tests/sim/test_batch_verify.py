"""One batch per competition: the batch verifier gives every file the verdict it gets alone."""

import json

import pytest

from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import GameRecord, play_record
from turbulentie_game.sim.verify import (
    VERIFIED,
    ScenarioShelf,
    verify_bytes,
    verify_file,
    verify_files,
    verify_many,
)

from .test_verify import CASES, _edited


@pytest.fixture(scope="module")
def records(scn):
    """Honest games of several bots and seeds, in the same competition and in others."""
    out = []
    for i, bot in enumerate(["adaptive", "random", "balanced", "managing-up", "managing-out"]):
        for seed in (5, 5, 17 + i):
            rec, _ = play_record(scn, make_bot(bot, scn), seed, f"player {bot} {seed}")
            out.append(rec)
    return out


def _same(a, b):
    assert (a.status, a.detail, a.digest, a.outcome) == (b.status, b.detail, b.digest, b.outcome)


def test_a_batch_gives_the_verdicts_of_file_by_file(records, tmp_path):
    shelf = ScenarioShelf()
    datas = [r.to_json().encode() for r in records]
    base = json.loads(records[0].to_json())
    for change, _ in CASES.values():  # every kind of forgery, mixed in with the honest files
        datas.append(json.dumps(_edited(base, change)).encode())
    datas += [b"{", '{"format": 1, "inputs": [{"options": {"\u00b2": "a"}}]}'.encode()]
    batch = verify_many(datas, shelf)
    alone = [verify_bytes(d, shelf) for d in datas]
    assert len(batch) == len(alone)
    for a, b in zip(batch, alone, strict=True):
        _same(a, b)
    assert sum(v.ok for v in batch) == len(records)
    assert len({v.status for v in batch}) >= 6  # the forgeries were really judged, not skipped


def test_a_bad_record_is_retired_without_touching_the_others(records, scn):
    shelf = ScenarioShelf()
    honest = list(records[:6])
    data = json.loads(honest[0].to_json())
    member = next(iter(data["inputs"][2]["chips"]))
    data["inputs"][2]["chips"][member]["resultaat"] = 40  # breaks the capacity rule in turn 3
    broken = GameRecord.from_json(json.dumps(data))
    mixed = [broken, *honest, broken]
    verdicts = verify_files([], shelf) + verify_many([r.to_json().encode() for r in mixed], shelf)
    assert [v.status for v in verdicts[1:-1]] == [VERIFIED] * len(honest)
    assert verdicts[0].status == verdicts[-1].status == "invalid"
    assert "chips this turn" in verdicts[0].detail


def test_files_on_disk_in_one_batch(records, tmp_path):
    shelf = ScenarioShelf()
    paths = []
    for i, r in enumerate(records[:4]):
        p = tmp_path / f"{i}.json"
        p.write_text(r.to_json(), encoding="utf-8")
        paths.append(p)
    paths.append(tmp_path / "missing.json")
    paths.append(tmp_path)  # a folder
    got = verify_files(paths, shelf)
    for p, v in zip(paths, got, strict=True):
        _same(v, verify_file(p, shelf))
    assert [v.ok for v in got] == [True] * 4 + [False, False]
