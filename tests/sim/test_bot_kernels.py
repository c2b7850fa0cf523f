"""The compiled bot kernels give the very same allocations as the numpy bots, bit for bit.

Every turn of a few hundred games per scenario and bot is decided twice, by the numpy
reference (TURBULENTIE_JIT=0) and by the kernels (TURBULENTIE_JIT=1), and the allocations must
be equal exactly; the numpy one is played. Random inputs full of ties, negative needs, barred
targets, NaN and ended games are compared on the placement kernel directly.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import builtin_scenarios, default_scenario
from turbulentie_game.sim import bots
from turbulentie_game.sim.bots import AdaptiveBot, Study, make_bot
from turbulentie_game.sim.runner import play
from turbulentie_game.sim.strategy import observe

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
SCENARIOS = [b.path for b in builtin_scenarios()] + sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def kernels():
    """The compiled kernels (numba loads once for the module), or skip."""
    k = bots._load_kernels()
    if k is None:
        pytest.skip("numba cannot be loaded here: the bots play with numpy only")
    return k


def _scenario(path):
    try:
        return load_scenario(path)
    except Exception as exc:  # an example that no longer loads is another test's failure
        pytest.skip(f"{Path(path).name} does not load: {exc}")


def _studies(scn):
    """Studies made by hand (no study is played): flat, uneven, and a barren one."""
    t = scn.rules.n_traits
    uneven = np.linspace(0.02, 0.4, t)[::-1].copy()
    return [
        Study(np.ones(t), 1.0, 1.0),
        Study(uneven, 2.0, 0.15),
        Study(np.zeros(t), 0.25, 0.5),
    ]


def _bots(scn):
    """The adaptive bot and its variants, and the focus bots: every caller of `_greedy`."""
    ids = [e.id for e in scn.rules.expectations]
    tids = [t.id for t in scn.rules.traits]
    flat, uneven, barren = _studies(scn)
    learnt = lambda name, study: dataclasses.replace(make_bot(name, scn), learnt=study)  # noqa: E731
    return [
        learnt("adaptive", flat),
        learnt("adaptive", uneven),
        learnt("adaptive-blind", barren),
        learnt("adaptive-always:rule", uneven),
        learnt("adaptive-always:out", flat),
        learnt(f"adaptive-without:{ids[0]},{tids[-1]}", uneven),
        learnt(f"adaptive-without:{','.join(ids[1:])}", flat),
        learnt(f"adaptive-without:{','.join(tids)}", uneven),  # every trait barred
        make_bot("balanced", scn),
        make_bot("managing-up", scn),
        make_bot("managing-out", scn),
        make_bot(f"single:{ids[-1]}", scn),
    ]


def _same(a, b) -> bool:
    def eq(x, y):
        if x is None or y is None:
            return x is None and y is None
        return x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y)

    return all(eq(getattr(a, f), getattr(b, f)) for f in ("chips", "options", "focus", "prepare"))


class Twice:
    """Decides every turn with numpy and with the kernels, counts and keeps the differences
    (of the allocations, and of the adaptive bot's needs and invest before the placement, in
    the games still on); plays the numpy allocation."""

    def __init__(self, bot, monkeypatch, kernels=None):
        self.bot, self.mp, self.k = bot, monkeypatch, kernels
        self.turns = self.games = self.ended = 0
        self.differ: list[tuple[int, int]] = []  # (turn, games that differ)
        self.needs_differ: list[int] = []  # turns

    def decide(self, obs):
        self.mp.setenv("TURBULENTIE_JIT", "0")
        ref = self.bot.decide(obs)
        self.mp.setenv("TURBULENTIE_JIT", "1")
        got = self.bot.decide(obs)
        self.turns += 1
        self.games += obs.n_games
        self.ended += int((~obs.alive).sum())
        if not _same(ref, got):
            rows = (ref.chips != got.chips).reshape(obs.n_games, -1).any(axis=1)
            self.differ.append((obs.turn, int(rows.sum())))
        if self.k is not None and isinstance(self.bot, AdaptiveBot):
            need, invest = self.bot._needs(obs.scenario, obs, ref.options)
            kept = (np.full_like(need, np.nan), np.full_like(invest, np.nan))
            self.bot._compiled_choices(self.k, obs.scenario, obs, keep=kept)
            on = obs.alive
            if not (
                np.array_equal(need[on], kept[0][on]) and np.array_equal(invest[on], kept[1][on])
            ):
                self.needs_differ.append(obs.turn)
        return ref


@pytest.mark.parametrize("path", SCENARIOS, ids=[Path(p).stem for p in SCENARIOS])
def test_every_turn_the_same_allocation(path, kernels, monkeypatch):
    scn = _scenario(path)
    default = Path(path) == default_scenario().path
    seeds = np.arange(5000, 5000 + (200 if default else 100), dtype=np.uint64)
    compared = ended = 0
    every = _bots(scn)
    for bot in every if default else [every[i] for i in (0, 2, 3, 5, 7, 8, 9, 11)]:
        twice = Twice(bot, monkeypatch, kernels)
        play(scn, seeds, twice, chunk=None)
        assert not twice.differ, (bot.name, twice.differ)
        assert not twice.needs_differ, (bot.name, twice.needs_differ)
        assert twice.turns > 0
        compared += twice.games
        ended += twice.ended
    assert compared >= seeds.size * 8 * 5
    if default:  # some bots lose games before the end: ended games sit among live ones
        assert 0 < ended < compared


def test_a_batch_of_one_and_one_of_two(kernels, scn, monkeypatch):
    bot = _bots(scn)[1]
    for seed in range(6):
        for seeds in ([seed], [seed, seed + 100]):
            twice = Twice(bot, monkeypatch)
            play(scn, np.array(seeds, dtype=np.uint64), twice, chunk=None)
            assert twice.turns > 0 and not twice.differ, (seeds, twice.differ)


def _midgame(scn, bot, games=200, turns=5):
    """The state of a batch after a few turns of `bot` (numpy)."""
    return play(scn, np.arange(700, 700 + games, dtype=np.uint64), bot, turns=turns).state


def test_games_that_ended_get_only_rest(kernels, scn, monkeypatch):
    """Ended games among live ones: the same allocation (chips only on rest for ended games)."""
    monkeypatch.setenv("TURBULENTIE_JIT", "0")
    for bot in _bots(scn)[:2] + _bots(scn)[5:6] + _bots(scn)[8:9]:
        state = _midgame(scn, bot)
        alive = state.alive.copy()
        alive[::3] = False
        obs = observe(scn, dataclasses.replace(state, alive=alive))
        monkeypatch.setenv("TURBULENTIE_JIT", "0")
        ref = bot.decide(obs)
        monkeypatch.setenv("TURBULENTIE_JIT", "1")
        got = bot.decide(obs)
        assert _same(ref, got), bot.name
        assert ref.chips[::3, :, :-1].sum() == 0
        everyone_dead = observe(scn, dataclasses.replace(state, alive=np.zeros_like(alive)))
        monkeypatch.setenv("TURBULENTIE_JIT", "0")
        ref = bot.decide(everyone_dead)
        monkeypatch.setenv("TURBULENTIE_JIT", "1")
        assert _same(ref, bot.decide(everyone_dead)), bot.name


def _random_inputs(scn, rng, g):
    """A made-up turn for the placement: ties, negative and NaN needs, -inf and tied invest,
    energy on the rest thresholds, dead games."""
    e_n, t_n, m_n = scn.rules.n_exp, scn.rules.n_traits, scn.n_members
    need = rng.choice([-3.0, 0.0, 0.5, 1.0, 2.0, 4.0, 10.0, 1e6], size=(g, e_n))
    need[rng.random((g, e_n)) < 0.01] = np.nan
    invest = rng.choice([-np.inf, 0.0, 0.25, 1.0, 2.0, 5.0], size=(g, t_n))
    invest[rng.random((g, t_n)) < 0.01] = np.nan
    skills = rng.choice([0.0, 1.0, 2.0, 3.0, 4.5], size=(g, m_n, e_n))
    skills[rng.random(skills.shape) < 0.002] = np.nan
    energy = rng.choice([10.0, 44.9, 45.0, 61.99, 62.0, 79.0, 80.0, 100.0, np.nan], size=(g, m_n))
    state = SimpleNamespace(n_games=g, energy=energy, skills=skills, alive=rng.random(g) < 0.9)
    allowed = rng.random(e_n) < 0.7
    return state, need, allowed, invest


def test_placement_on_random_inputs(kernels, scn, monkeypatch):
    rng = np.random.default_rng(12)
    monkeypatch.setenv("TURBULENTIE_JIT", "1")
    for trial in range(40):
        state, need, allowed, invest = _random_inputs(scn, rng, 400)
        if trial % 4 == 0:
            allowed[:] = True
        for avoid_rest in (False, True):
            ref = bots._greedy_numpy(scn, state, need, allowed, invest, avoid_rest)
            got = bots._greedy(scn, state, need, allowed, invest, avoid_rest)
            assert got.dtype == ref.dtype and np.array_equal(ref, got), (trial, avoid_rest)


def test_the_comparison_can_fail(kernels, scn, monkeypatch):
    """A changed input gives other chips: the tests above would see a wrong kernel."""
    monkeypatch.setenv("TURBULENTIE_JIT", "1")
    state, need, allowed, invest = _random_inputs(scn, np.random.default_rng(3), 300)
    allowed[:] = True
    state.alive[:] = True
    ref = bots._greedy_numpy(scn, state, need, allowed, invest)
    nudged = need.copy()
    nudged[:, 0] += 1e-9 + 1.0  # the first expectation needs a little more everywhere
    got = bots._greedy(scn, state, nudged, allowed, invest)
    assert not np.array_equal(ref, got)
    assert np.array_equal(got, bots._greedy_numpy(scn, state, nudged, allowed, invest))
    # and a kernel that ignores a barred expectation would differ
    barred = allowed.copy()
    barred[int(np.argmax(ref[:, :, : scn.rules.n_exp].sum(axis=(0, 1))))] = False
    assert not np.array_equal(ref, bots._greedy(scn, state, need, barred, invest))


def test_a_small_batch_plays_numpy_until_the_kernels_are_loaded(scn, monkeypatch):
    """Unset, a small batch plays numpy (numba is not loaded for the window's one game); in a
    process that has loaded the kernels (bench, the lab) a batch of any size uses them."""
    import sys

    from turbulentie_game.core import jit

    name = "turbulentie_game.core.kernels"
    loaded = jit.load("kernels")
    monkeypatch.delenv("TURBULENTIE_JIT", raising=False)
    monkeypatch.delitem(sys.modules, name, raising=False)
    assert bots.kernels(1) is None
    monkeypatch.setitem(sys.modules, name, loaded)
    assert bots.kernels(1) is not None
    monkeypatch.setenv("TURBULENTIE_JIT", "0")
    assert bots.kernels(1_000_000) is None


def test_a_new_process_plays_one_game_without_numba(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys, numpy as np\n"
        "from turbulentie_game.scenario.compile import load_scenario\n"
        "from turbulentie_game.scenario.registry import default_scenario\n"
        "from turbulentie_game.sim.bots import make_bot\n"
        "from turbulentie_game.sim.runner import play\n"
        "scn = load_scenario(default_scenario().path)\n"
        "play(scn, np.arange(3, dtype=np.uint64), make_bot('balanced', scn))\n"
        "print('numba' in sys.modules)\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "TURBULENTIE_JIT"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
