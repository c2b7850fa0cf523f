"""Bit-for-bit guard: stored result files replay to the same final state and score, and the
balance lab gives the same JSON on a fixed seed. A refactor must keep this green unchanged;
only a deliberate model change regenerates the figures (make_golden.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from turbulentie_game.core.scoring import score
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import builtin_scenarios
from turbulentie_game.sim.balance import lab_summary, run_lab
from turbulentie_game.sim.record import GameRecord, replay

HERE = Path(__file__).resolve().parent
GOLDEN = json.loads((HERE / "golden.json").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("make_golden", HERE / "make_golden.py")
make_golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_golden)

SCENARIOS = {b.path.stem: b.path for b in builtin_scenarios()}


@pytest.fixture(scope="module")
def compiled():
    return {sid: load_scenario(path) for sid, path in SCENARIOS.items()}


@pytest.mark.parametrize("name", sorted(GOLDEN["records"]))
def test_stored_result_files_replay_bit_for_bit(name, compiled):
    rec = GameRecord.from_json((HERE / "records" / name).read_text(encoding="utf-8"))
    scn = compiled[rec.scenario_id]
    assert rec.content_hash == scn.content_hash, "a built-in scenario changed"
    state, _ = replay(scn, rec.seed, rec.inputs)
    want = GOLDEN["records"][name]
    assert float(score(scn, state)[0]) == want["score"] == rec.claimed_score
    assert make_golden.state_digest(state) == want["state"]


@pytest.mark.parametrize("sid", sorted(GOLDEN["labs"]))
def test_balance_lab_json_is_unchanged_on_a_fixed_seed(sid, compiled):
    result = run_lab(
        str(SCENARIOS[sid]), compiled[sid], games=make_golden.LAB_GAMES, seed=make_golden.LAB_SEED
    )
    got = json.loads(json.dumps(lab_summary(result), sort_keys=True))
    assert got == GOLDEN["labs"][sid]
