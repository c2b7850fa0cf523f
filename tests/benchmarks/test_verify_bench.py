"""Verification of a whole competition in one batch (issue 15, part 3): figures, not timed tests.

Run with figures: `uv run pytest tests/benchmarks/test_verify_bench.py --benchmark-enable -s`
(1,000 result files from disk, file by file and in one batch; 100,000 records of a national
final). In the normal suite each runs small, as a smoke test that the verdicts agree.
"""

import resource
import time

import numpy as np
import pytest

from turbulentie_game.reports.leaderboard import build_board
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import GameRecord, input_from_allocation
from turbulentie_game.sim.runner import play
from turbulentie_game.sim.seal import copies_of, seal_and_moves
from turbulentie_game.sim.verify import ScenarioShelf, iter_verdicts, verify_file, verify_files

SEED = 4821


def _competition(scn, n: int, distinct: int | None = None) -> list[bytes]:
    """`n` result files of one scenario version: `distinct` different games (four bots, each on
    its own seeds: bots are deterministic, so one seed gives one game per bot), handed in under
    `n` different names."""
    return list(_competition_files(scn, n, distinct))


def _competition_files(scn, n: int, distinct: int | None = None):
    """The files of `_competition`, one at a time (a final's bytes need not all be in memory)."""
    distinct = min(n, distinct or n)
    bots = ["balanced", "managing-up", "managing-out", "random"]
    texts: list[bytes] = []
    per_bot = -(-distinct // len(bots))
    for b, name in enumerate(bots):
        k = min(per_bot, distinct - b * per_bot)
        if k <= 0:
            break
        bot = make_bot(name, scn)
        inputs = [[] for _ in range(k)]

        def keep(before, alloc, report, after, inputs=inputs):
            for g in np.nonzero(before.alive)[0]:
                inputs[g].append(input_from_allocation(scn, before, alloc, int(g)))

        seeds = [SEED + i for i in range(k)]
        played = play(scn, seeds, bot, on_turn=keep)
        for g in range(k):
            texts.append((seeds[g], inputs[g], float(played.scores[g])))
    for i in range(n):
        seed, inp, claimed = texts[i % len(texts)]
        rec = GameRecord(scn.id, scn.content_hash, seed, tuple(inp), f"Trainee {i:06d}", claimed)
        yield rec.to_json().encode()


def _cpu_wall(fn):
    c, w = time.process_time(), time.perf_counter()
    result = fn()
    return result, time.process_time() - c, time.perf_counter() - w


def test_a_competition_of_result_files_in_one_batch(benchmark, scn, tmp_path):
    n = 50 if benchmark.disabled else 1000
    shelf = ScenarioShelf()
    shelf.get(scn.id)  # the scenario is compiled once, before timing
    paths = []
    for i, data in enumerate(_competition(scn, n)):
        p = tmp_path / f"r{i:05d}.json"
        p.write_bytes(data)
        paths.append(p)
    batch, cpu, wall = _cpu_wall(lambda: verify_files(paths, shelf))
    sample = paths[: 20 if benchmark.disabled else 100]
    alone, cpu1, _ = _cpu_wall(lambda: [verify_file(p, shelf) for p in sample])
    for a, b in zip(alone, batch, strict=False):
        assert (a.status, a.detail, a.outcome) == (b.status, b.detail, b.outcome)
    assert all(v.ok for v in batch)
    board, cpu_lb, wall_lb = _cpu_wall(lambda: build_board(tmp_path, tmp_path / "lb.sqlite3"))
    assert sum(e.verdict.ok for e in board.entries) == n
    print(
        f"\n[verify] {n} files of one scenario version in one batch: {wall:.2f} s wall, {cpu:.2f} s CPU "
        f"({1000 * cpu / n:.2f} ms CPU a file); file by file: {1000 * cpu1 / len(sample):.1f} ms "
        f"CPU a file ({cpu1 / len(sample) * n / cpu:.0f}x slower); leaderboard of the folder: "
        f"{wall_lb:.2f} s wall, {cpu_lb:.2f} s CPU"
    )
    benchmark.pedantic(lambda: verify_files(paths, shelf), rounds=1, iterations=1)


def test_a_national_final_of_100000_records(benchmark, scn, tmp_path):
    if benchmark.disabled:
        pytest.skip("100,000 records: only with --benchmark-enable")
    n = 100_000
    shelf = ScenarioShelf()
    shelf.get(scn.id)
    paths = []
    for i, data in enumerate(_competition_files(scn, n, distinct=1000)):
        p = tmp_path / f"r{i:06d}.json"
        p.write_bytes(data)
        paths.append(p)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def check():  # as `replay verify` does: a batch at a time, the verdicts kept without moves
        kept, moves = [], []
        for chunk in iter_verdicts(paths, shelf):
            for v in chunk:
                _, moved = seal_and_moves(v.record, v.ok, None)
                kept.append(v.slim())
                moves.append(moved)
        return kept, copies_of(moves)

    (verdicts, copies), cpu, wall = _cpu_wall(check)
    assert sum(v.ok for v in verdicts) == n and len(copies) == n  # each game handed in 100 times
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n[verify] {n} result files from disk in batches: {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"({1e6 * cpu / n:.0f} µs CPU a file); peak memory {peak:.0f} MB "
        f"({before:.0f} MB before verifying)"
    )
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
