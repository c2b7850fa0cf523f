"""Speed and scale (issue 15): memory of large batches, the warm study cache, the debrief.

Figures, not pass/fail timings: run `uv run pytest tests/benchmarks/test_scale.py
--benchmark-enable -s` to see them (100,000 games take a minute or two). In the normal suite
each runs once on a small batch, as a smoke test.
"""

import json
import os
import subprocess
import sys
import time

import pytest

from turbulentie_game.sim import study_cache
from turbulentie_game.sim.analysis import analyse
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import play_record


def _bench(args, env=None) -> dict:
    cmd = [sys.executable, "-m", "turbulentie_game.cli", "bench", "--json", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env, timeout=1800)
    return json.loads(done.stdout)


@pytest.mark.parametrize("chunk", [[], ["--chunk", "0"]], ids=["in_chunks", "one_batch"])
def test_100000_games_memory_and_speed(benchmark, chunk):
    """Peak memory and game-turns per second of a big batch, in chunks or as one batch
    (a fresh process each, so that the peak is the batch's own)."""
    games = "2000" if benchmark.disabled else "100000"
    got = benchmark.pedantic(
        _bench, args=(["--games", games, *chunk],), rounds=1, iterations=1
    )
    benchmark.extra_info.update(got)
    print(
        f"\n{games} games, chunk {got['chunk']}: {got['turns_per_cpu_second']:,.0f} game-turns/CPU-s, "
        f"{got['turns_per_wall_second']:,.0f}/wall-s, peak {got['peak_mb']} MB"
    )
    assert got["games"] == int(games)


def _simulate(env):
    cmd = [sys.executable, "-m", "turbulentie_game.cli", "simulate", "wijk_in_beweging",
           "--seed", "3", "--bot", "adaptive", "--json"]  # fmt: skip
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True, env=env, timeout=600)
    return time.perf_counter() - t0


def test_simulate_adaptive_on_a_warm_cache(benchmark, tmp_path):
    """`simulate --bot adaptive` in a new process once the study is in the cache folder."""
    env = dict(os.environ, TURBULENTIE_CACHE_DIR=str(tmp_path))
    cold = _simulate(env)  # makes the study and keeps it
    warm = benchmark.pedantic(_simulate, args=(env,), rounds=1 if benchmark.disabled else 3)
    print(f"\nsimulate --bot adaptive: cold cache {cold:.2f} s, warm cache {warm:.2f} s (wall)")
    assert list((tmp_path / "studies").glob("*.json"))


def test_learning_debrief_after_a_game_on_a_warm_cache(benchmark, scn):
    """How long the learning debrief takes once a game has ended (the study is at hand)."""
    record, _ = play_record(scn, make_bot("balanced", scn), 3, "Trainee")
    study_cache.ensure(scn)
    d = benchmark.pedantic(
        analyse, args=(scn, record.seed, record.inputs, record.player),
        rounds=1 if benchmark.disabled else 3, iterations=1,
    )  # fmt: skip
    assert d.comparison.scores
