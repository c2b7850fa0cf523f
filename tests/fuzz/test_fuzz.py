"""Fuzzing with hypothesis: mutated scenarios, result files, saves and settings never give a
traceback, a hang over 5 s or a NaN meter; only our own clear errors.

Short by default (a few hundred cases, well under a minute). The nightly-sized run:
`uv run pytest tests/fuzz -m fuzz -s` (10,000 scenarios, 1,000 result files, saves and settings;
TURBULENTIE_FUZZ_SCALE=0.1 for a tenth); it prints its figures.
"""

import copy
import json
import math
import os
import resource
import signal
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from turbulentie_game.cli import main
from turbulentie_game.i18n import Translator
from turbulentie_game.play.controller import Controller
from turbulentie_game.play.storage import ANIMATIONS, SIZES, TEXT_SCALES, Settings
from turbulentie_game.reports.leaderboard import build_board
from turbulentie_game.scenario.check import check_file
from turbulentie_game.scenario.compile import compile_scenario
from turbulentie_game.scenario.load import ScenarioError, load_rules_spec
from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import play_record
from turbulentie_game.sim.runner import play, summary
from turbulentie_game.sim.verify import (
    SCORE_MISMATCH,
    UNFINISHED,
    VERIFIED,
    ScenarioShelf,
    Verdict,
    verify_bytes,
    verify_many,
)

SCALE = float(os.environ.get("TURBULENTIE_FUZZ_SCALE", "1"))
HANG_CPU_S = 5.0  # "no hang over 5 s": a case using more CPU time than this fails
HARD_WALL_S = 120  # a case blocked this long (not computing: waiting) fails instead of hanging
NASTY = [
    float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 1e-308, 0, -1, 10**50, -(10**50),
    2**63, 0.5, 101, "", "x" * 5000, "\u00b2", "\ud800", "\x1b[2K", "nan", None, True, [], {},
    [1, 2], {"a": 1}, "wijk_in_beweging", "resultaat", "rest",
]  # fmt: skip
NASTY_JSON = [
    float("inf"), 1e308, -1, 10**30, 2**63, "\u00b2", "\ud800", "\x1b[31m", "", None, True,
    False, [], {}, "x" * 300, 99, 100, 1.5, "rest", "resultaat",
]  # fmt: skip
FIGURES: dict[str, dict] = {}


def _guarded(case, *args) -> None:
    """Run one case: fail it when it uses more than HANG_CPU_S of CPU time, or blocks for
    HARD_WALL_S (SIGALRM), and keep the slowest case's CPU time for the figures."""

    def blocked(signum, frame):
        raise AssertionError(f"a case blocked for {HARD_WALL_S} s")

    old = signal.signal(signal.SIGALRM, blocked)
    signal.alarm(HARD_WALL_S)
    start = time.process_time()
    try:
        case(*args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    took = time.process_time() - start
    name = args[-1]
    row = FIGURES.setdefault(name, {"cases": 0, "t0": time.perf_counter()})
    row["slowest_cpu_s"] = round(max(row.get("slowest_cpu_s", 0.0), took), 2)
    assert took < HANG_CPU_S, f"one case took {took:.1f} s of CPU time"


def _examples(n: int) -> int:
    return max(5, int(n * SCALE))


def _tally(name: str, **counts) -> None:
    row = FIGURES.setdefault(name, {"cases": 0, "t0": time.perf_counter()})
    row["cases"] += 1
    for k, v in counts.items():
        row[k] = row.get(k, 0) + v
    row.setdefault("slowest_cpu_s", 0.0)


def _report(name: str) -> None:
    row = FIGURES.get(name, {})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    took = time.perf_counter() - row.get("t0", time.perf_counter())
    extra = ", ".join(f"{k} {v}" for k, v in row.items() if k not in ("cases", "t0"))
    print(f"\n[fuzz] {name}: {row.get('cases', 0)} cases in {took:.0f} s ({extra}); "
          f"peak memory {peak:.0f} MB")  # fmt: skip
    assert peak < 500, f"peak memory {peak:.0f} MB"


# ---- scenarios ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_scenario():
    return yaml.safe_load(default_scenario().path.read_text(encoding="utf-8"))


def _paths(node, path=()):
    """Every path into a YAML tree (leaves and containers)."""
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


def _mutate(tree, choices):
    """Apply (path index, action, value) mutations to a copy of a YAML tree."""
    tree = copy.deepcopy(tree)
    for pick, action, value in choices:
        paths = list(_paths(tree))[1:]
        if not paths:
            break
        path = paths[pick % len(paths)]
        parent = tree
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        if action == "replace":
            parent[key] = value
        elif action == "delete":
            del parent[key]
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif action == "scale" and type(parent[key]) in (int, float):
            parent[key] = parent[key] * value if type(value) in (int, float) else value
        elif action == "rename" and isinstance(parent, dict):
            parent[f"{key}_x"] = parent.pop(key)
    return tree


MUTATION = st.tuples(
    st.integers(0, 10**6),
    st.sampled_from(["replace", "replace", "delete", "duplicate", "scale", "rename"]),
    st.one_of(
        st.sampled_from(NASTY), st.floats(), st.integers(-(10**6), 10**6), st.text(max_size=20)
    ),
)


def _dump(tree) -> str:
    try:
        return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return yaml.safe_dump(tree, allow_unicode=False, sort_keys=False)


def _scenario_case(base, choices, tmp_path: Path, name: str) -> None:
    text = _dump(_mutate(base, choices))
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    report = check_file(path, lint=True)  # validate and lint: never raises
    if not report.valid:
        _tally(name, refused=1)
        return
    from turbulentie_game.scenario.compile import read_scenario

    try:
        spec, _ = read_scenario(path)
        scn = compile_scenario(spec, load_rules_spec())
    except ScenarioError:  # valid to check_file but not loadable would be our own bug
        raise AssertionError("check_file passed a scenario that does not load") from None
    played = play(scn, [1, 2], make_bot("balanced", scn))
    state = played.state
    for arr in (state.meters, state.history, state.traits, state.energy, played.scores):
        assert np.isfinite(arr).all(), "a NaN or infinite number in the game state"
    json.dumps(summary(scn, state), allow_nan=False)  # `simulate --json` stays valid JSON
    _tally(name, played=1)


SCENARIO_SETTINGS = dict(
    deadline=None,  # wall time on a shared machine is noise; _guarded measures CPU time
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@settings(max_examples=25, **SCENARIO_SETTINGS)
@given(choices=st.lists(MUTATION, min_size=1, max_size=3))
def test_mutated_scenarios_are_refused_clearly_or_play_without_nan(
    base_scenario, tmp_path, choices
):
    _guarded(_scenario_case, base_scenario, choices, tmp_path, "scenarios (short)")


@pytest.mark.fuzz
@settings(max_examples=_examples(10_000), **SCENARIO_SETTINGS)
@given(choices=st.lists(MUTATION, min_size=1, max_size=4))
def test_nightly_mutated_scenarios(base_scenario, tmp_path, choices):
    _guarded(_scenario_case, base_scenario, choices, tmp_path, "scenarios")


@pytest.mark.fuzz
def test_nightly_scenarios_figures():
    _report("scenarios")


# ---- result files ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def honest(scn):
    records = [play_record(scn, make_bot(b, scn), 4821, n)[0] for b, n in
               (("balanced", "Anna"), ("managing-up", "Bram"), ("random", "Carla"))]  # fmt: skip
    return [r.to_json() for r in records]


def _json_paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _json_paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _json_paths(v, (*path, i))


def _mutate_text(text: str, ops) -> bytes:
    """Mutations of a JSON file: at the value level and at the byte level."""
    data = json.loads(text)
    raw: bytes | None = None
    for pick, action, value in ops:
        if action in ("flip", "cut", "insert"):
            b = (
                raw
                if raw is not None
                else json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
            )
            at = pick % max(1, len(b))
            if action == "flip":
                b = b[:at] + bytes([b[at] ^ (1 << (pick % 8))]) + b[at + 1 :] if b else b
            elif action == "cut":
                b = b[:at]
            else:
                b = b[:at] + str(value).encode("utf-8", "surrogatepass")[:20] + b[at:]
            raw = b
            continue
        paths = list(_json_paths(data))[1:]
        path = paths[pick % len(paths)]
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        if action == "replace":
            parent[key] = value
        elif action == "delete":
            del parent[key]
        elif action == "rekey" and isinstance(parent, dict):
            parent[str(value)[:10]] = parent.pop(key)
    if raw is not None:
        return raw
    return json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")


JSON_OP = st.tuples(
    st.integers(0, 10**6),
    st.sampled_from(["replace", "replace", "delete", "rekey", "flip", "cut", "insert"]),
    st.one_of(st.sampled_from(NASTY_JSON), st.integers(-(10**4), 10**4), st.text(max_size=8)),
)
FILE_SETTINGS = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def _record_case(honest, ops_list, tmp_path: Path, name: str) -> None:
    shelf = ScenarioShelf()
    datas = [_mutate_text(honest[i % len(honest)], ops) for i, ops in enumerate(ops_list)]
    alone = [verify_bytes(d, shelf) for d in datas]
    assert all(isinstance(v, Verdict) for v in alone)
    batch = verify_many(datas + [h.encode() for h in honest], shelf)
    for a, b in zip(alone, batch, strict=False):  # the batch gives each file its own verdict
        assert (a.status, a.detail, a.outcome) == (b.status, b.detail, b.outcome)
    assert all(v.ok for v in batch[len(datas) :])
    folder = tmp_path / "results"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for i, d in enumerate(datas):
        (folder / f"m{i}.json").write_bytes(d)
    for i, h in enumerate(honest):
        (folder / f"h{i}.json").write_text(h, encoding="utf-8")
    board = build_board(folder, tmp_path / "lb.sqlite3")
    assert {"Anna", "Bram", "Carla"} <= {r.player for r in board.rows}
    for i, v in enumerate(alone):  # debrief: every file it refuses, refused with a message
        if v.status not in (VERIFIED, SCORE_MISMATCH, UNFINISHED):
            assert main(["debrief", str(folder / f"m{i}.json")]) in (1, 2)
    _tally(name, files=len(datas), verified=sum(v.ok for v in alone))


@settings(max_examples=10, **FILE_SETTINGS)
@given(ops_list=st.lists(st.lists(JSON_OP, min_size=1, max_size=3), min_size=1, max_size=5))
def test_mutated_result_files_through_verify_leaderboard_and_debrief(honest, tmp_path, ops_list):
    _guarded(_record_case, honest, ops_list, tmp_path, "result files (short)")


@pytest.mark.fuzz
@settings(max_examples=_examples(200), **FILE_SETTINGS)
@given(ops_list=st.lists(st.lists(JSON_OP, min_size=1, max_size=4), min_size=5, max_size=5))
def test_nightly_mutated_result_files(honest, tmp_path, ops_list):
    _guarded(_record_case, honest, ops_list, tmp_path, "result files")


@pytest.mark.fuzz
def test_nightly_result_files_figures():
    _report("result files")


# ---- saves and settings ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def save_text(scn):
    record, _ = play_record(scn, make_bot("balanced", scn), 3, "Anna")
    return replace(record, inputs=record.inputs[:4], claimed_score=None).to_json()


SETTINGS_TEXT = json.dumps(
    {"lang": "en", "size": [1600, 900], "fullscreen": False, "text_scale": 1.15,
     "animations": "fast", "intro_done": True, "player": "Anna", "results_dir": "", "seat": ""}
)  # fmt: skip


def _storage_case(save_text, ops, tmp_path: Path, name: str) -> None:
    for old in tmp_path.iterdir():
        if old.is_file():
            old.unlink()
    (tmp_path / "autosave.json").write_bytes(_mutate_text(save_text, ops))
    (tmp_path / "settings.json").write_bytes(_mutate_text(SETTINGS_TEXT, ops))
    s = Settings.load(tmp_path)
    assert s.lang in ("nl", "en") and s.size in SIZES and s.text_scale in TEXT_SCALES
    assert s.animations in ANIMATIONS and isinstance(s.player, str) and isinstance(s.seat, str)
    game = Controller(s, tmp_path, Translator(s.lang))
    game.load_saved()  # start-up and resume
    resumed = game.session is not None
    if not resumed:
        assert game.notice and list(tmp_path.glob("autosave.unusable-*"))
    else:
        assert all(math.isfinite(x) for x in game.session.state.meters.ravel())
    _tally(name, resumed=int(resumed))


@settings(max_examples=30, **FILE_SETTINGS)
@given(ops=st.lists(JSON_OP, min_size=1, max_size=3))
def test_mutated_saves_and_settings_through_start_up_and_resume(save_text, tmp_path, ops):
    _guarded(_storage_case, save_text, ops, tmp_path, "saves and settings (short)")


@pytest.mark.fuzz
@settings(max_examples=_examples(1000), **FILE_SETTINGS)
@given(ops=st.lists(JSON_OP, min_size=1, max_size=4))
def test_nightly_mutated_saves_and_settings(save_text, tmp_path, ops):
    _guarded(_storage_case, save_text, ops, tmp_path, "saves and settings")


@pytest.mark.fuzz
def test_nightly_saves_and_settings_figures():
    _report("saves and settings")
