"""The compiled kernels (core/kernels.py) give the numpy engine's states, bit for bit.

Every turn of many games (all built-in scenarios and the documentation's example, several bots,
games that end early, a batch of one) is played by `engine.step` and by `kernels.advance` from
the same state and allocation, and the two states must hold the same bits in every array.
"""

import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from turbulentie_game.core import jit
from turbulentie_game.core.allocation import Allocation, AllocationError
from turbulentie_game.core.engine import reset, step
from turbulentie_game.core.state import GameState, states_equal
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import builtin_scenarios
from turbulentie_game.sim import runner
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.strategy import observe

ROOT = Path(__file__).resolve().parents[2]
kernels = jit.load("kernels")
pytestmark = pytest.mark.skipif(
    kernels is None, reason="numba cannot be loaded here: there are no compiled kernels to test"
)


def _loads(path: Path) -> bool:
    try:
        load_scenario(path)
    except Exception:  # an example that does not load is not a scenario to test
        return False
    return True


def _paths() -> list[Path]:
    examples = sorted((ROOT / "docs" / "examples").glob("*.yaml"))
    return [b.path for b in builtin_scenarios()] + [p for p in examples if _loads(p)]


PATHS = _paths()


def same_bits(a: GameState, b: GameState) -> bool:
    """states_equal, and the very same bits (the sign of a zero, NaN) in every array."""
    if not states_equal(a, b):
        return False
    for f in fields(a):
        if f.name == "turn":
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if x.dtype != y.dtype:
            return False
        if not np.array_equal(
            np.ascontiguousarray(x).view(np.uint8), np.ascontiguousarray(y).view(np.uint8)
        ):
            return False
    return True


class Mixed:
    """Several bots in one batch: each decides for its own consecutive games."""

    def __init__(self, scn, parts):
        self.scn = scn
        self.parts = [(make_bot(name, scn), n) for name, n in parts]

    @property
    def n_games(self) -> int:
        return sum(n for _, n in self.parts)

    def decide(self, obs):
        out, at = [], 0
        for bot, n in self.parts:
            out.append(bot.decide(obs.rows(at, at + n)))
            at += n
        return Allocation.stack(out, self.scn)


def _compare_every_turn(scn, seeds, policy) -> int:
    """Play the games turn by turn; after each turn the kernel's state must be the engine's.
    Returns the number of game states compared."""
    state, _ = reset(scn, seeds)
    assert same_bits(kernels.reset(scn, seeds), state), "the first turn's arrivals differ"
    compared = state.n_games
    while state.alive.any():
        alloc = policy.decide(observe(scn, state))
        expected, _ = step(scn, state, alloc)
        got = kernels.advance(scn, state, alloc)
        assert same_bits(got, expected), f"turn {state.turn + 1} differs"
        compared += state.n_games
        state = expected
    return compared


BOTS = [
    ("adaptive", 100),
    ("random", 100),
    ("balanced", 25),
    ("managing-up", 25),
    ("managing-out", 25),
    ("adaptive-blind", 25),
]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_every_turn_of_300_games_is_the_engines_bit_for_bit(path, monkeypatch):
    monkeypatch.setenv(jit.ENV, "1")  # the adaptive bot's study of the scenario plays faster
    scn = load_scenario(path)
    policy = Mixed(scn, BOTS)
    seeds = np.arange(policy.n_games, dtype=np.uint64) * 7919 + 11
    compared = _compare_every_turn(scn, seeds, policy)
    assert compared > policy.n_games * 5


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_a_batch_of_one_game_every_turn(path):
    scn = load_scenario(path)
    for seed in (0, 12345):
        _compare_every_turn(scn, [seed], make_bot("adaptive", scn))


def test_a_perturbed_state_is_told_apart(scn):
    """The comparison can fail: one bit off in one array of one game is seen."""
    seeds = np.arange(20, dtype=np.uint64)
    state, _ = reset(scn, seeds)
    alloc = make_bot("adaptive", scn).decide(observe(scn, state))
    got = kernels.advance(scn, state, alloc)
    assert same_bits(got, step(scn, state, alloc)[0])
    for name in ("meters", "actors", "ev_remaining", "history"):
        arr = getattr(got, name).copy()
        flat = arr.reshape(-1)
        flat[7] = np.nextafter(flat[7], np.inf)
        assert not states_equal(got.evolve(**{name: arr}), got)
    flipped = got.ev_active.copy()
    flipped[3, 0] = ~flipped[3, 0]
    assert not same_bits(got.evolve(ev_active=flipped), got)
    zero = got.value_sum.copy()
    zero[0] = 0.0
    minus = zero.copy()
    minus[0] = -0.0
    assert not same_bits(got.evolve(value_sum=zero), got.evolve(value_sum=minus))


def test_an_illegal_allocation_is_refused_as_by_step(scn):
    state, _ = reset(scn, np.arange(4, dtype=np.uint64))
    alloc = make_bot("adaptive", scn).decide(observe(scn, state))
    chips = alloc.chips.copy()
    chips[2, 0, 0] += 50  # over the member's capacity
    bad = Allocation(chips, alloc.options, alloc.focus, alloc.prepare)
    with pytest.raises(AllocationError) as by_step:
        step(scn, state, bad)
    with pytest.raises(AllocationError) as by_kernel:
        kernels.advance(scn, state, bad)
    assert by_kernel.value.problems == by_step.value.problems
    assert [p.code for p in by_kernel.value.problems] == ["over_capacity"]


def test_a_batch_that_has_ended_is_refused(scn):
    played = runner.play(scn, [3], make_bot("random", scn))
    with pytest.raises(ValueError, match="ended"):
        kernels.advance(scn, played.state, Allocation.empty(scn, played.state))


class _Counting:
    def __init__(self, monkeypatch):
        self.calls = 0
        real = kernels.advance

        def advance(*args):
            self.calls += 1
            return real(*args)

        monkeypatch.setattr(kernels, "advance", advance)


@pytest.mark.parametrize("bot", ["adaptive", "random"])
def test_play_with_the_kernels_ends_where_numpy_ends(scn, bot, monkeypatch):
    seeds = np.arange(300, dtype=np.uint64) * 31 + 5
    monkeypatch.setenv(jit.ENV, "0")
    ref = runner.play(scn, seeds, make_bot(bot, scn))
    monkeypatch.setenv(jit.ENV, "1")
    counting = _Counting(monkeypatch)
    got = runner.play(scn, seeds, make_bot(bot, scn))
    assert counting.calls > 5  # the kernels played
    assert same_bits(got.state, ref.state)
    assert np.array_equal(got.scores, ref.scores)
    # chunks: the same games, bit for bit
    chunked = runner.play(scn, seeds, make_bot(bot, scn), chunk=128)
    assert same_bits(chunked.state, ref.state)


def test_a_strategy_that_keeps_what_it_saw_sees_it_unchanged(scn, monkeypatch):
    """The kernels advance a built-in bot's games in place (it forgets each observation); a
    strategy of one's own may keep an observation, and it must stay what it was."""
    monkeypatch.setenv(jit.ENV, "1")

    class Keeper:  # (says nothing of forgetting: it may keep what it saw)
        def __init__(self):
            self.inner, self.seen = make_bot("random", scn), []

        def decide(self, obs):
            views = (obs.meters, obs.ev_remaining)
            self.seen.append((*views, *(v.copy() for v in views)))
            return self.inner.decide(obs)

    keeper, counting = Keeper(), _Counting(monkeypatch)
    seeds = np.arange(60, dtype=np.uint64)
    played = runner.play(scn, seeds, keeper, chunk=None)
    assert counting.calls > 5 and len(keeper.seen) > 5
    for meters, remaining, meters_then, remaining_then in keeper.seen:
        assert np.array_equal(meters, meters_then) and np.array_equal(remaining, remaining_then)
    # and the forgetting bot, advanced in place, plays the very same games
    monkeypatch.setenv(jit.ENV, "0")
    assert same_bits(runner.play(scn, seeds, make_bot("random", scn)).state, played.state)


def test_play_refuses_an_illegal_allocation_through_the_kernels(scn, monkeypatch):
    class Greedy:
        def decide(self, obs):
            alloc = Allocation.empty(scn, obs)
            alloc.chips[:, 0, 0] = 99
            return alloc

    monkeypatch.setenv(jit.ENV, "1")
    counting = _Counting(monkeypatch)
    with pytest.raises(AllocationError) as err:
        runner.play(scn, np.arange(3), Greedy())
    assert counting.calls == 1
    assert err.value.problems[0].code == "over_capacity"


def test_kernels_are_not_used_where_reports_are_kept(scn, monkeypatch):
    monkeypatch.setenv(jit.ENV, "1")
    counting = _Counting(monkeypatch)
    played = runner.play(scn, np.arange(3), make_bot("random", scn), keep=True)
    assert counting.calls == 0 and played.reports


def test_one_game_does_not_load_numba_by_default():
    code = (
        "import sys, numpy as np\n"
        "from turbulentie_game.scenario.registry import default_scenario\n"
        "from turbulentie_game.scenario.compile import load_scenario\n"
        "from turbulentie_game.sim import runner\n"
        "from turbulentie_game.sim.bots import make_bot\n"
        "scn = load_scenario(default_scenario().path)\n"
        "runner.play(scn, [1], make_bot('random', scn))\n"
        "runner.play(scn, np.arange(20), make_bot('random', scn))\n"
        "assert 'numba' not in sys.modules, 'numba was loaded'\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != jit.ENV}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
