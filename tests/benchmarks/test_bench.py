"""Speed of the engine, measured with pytest-benchmark (figures, not pass/fail timings).

Run with figures: `uv run pytest tests/benchmarks --benchmark-enable`.
In the normal suite each benchmark runs once, as a smoke test.
"""

import numpy as np

from turbulentie_game.core.engine import reset, step
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.runner import play
from turbulentie_game.sim.strategy import observe

BATCH = 1000
LOOP = 100  # single games in the loop benchmark (compare per game)


def test_one_turn_of_one_game(benchmark, scn):
    bot = make_bot("adaptive", scn)
    state, _ = reset(scn, [1])
    alloc = bot.decide(observe(scn, state))
    new, _ = benchmark(step, scn, state, alloc)
    assert new.turn == state.turn + 1


def test_a_whole_game(benchmark, scn):
    bot = make_bot("adaptive", scn)
    result = benchmark(play, scn, [1], bot)
    assert not result.state.alive.any()


def test_1000_games_as_one_batch(benchmark, scn):
    bot = make_bot("adaptive", scn)
    result = benchmark.pedantic(play, args=(scn, np.arange(BATCH), bot), rounds=3, iterations=1)
    assert result.scores.shape == (BATCH,)


def test_100_single_games_in_a_loop(benchmark, scn):
    bot = make_bot("adaptive", scn)

    def loop():
        return [play(scn, [g], bot).scores[0] for g in range(LOOP)]

    scores = benchmark.pedantic(loop, rounds=3, iterations=1)
    assert len(scores) == LOOP


def test_10000_games_of_one_bot(benchmark, scn):
    """The balance lab's unit of work: many games of one bot as one batch (10,000 with figures)."""
    games = 500 if benchmark.disabled else 10_000
    bot = make_bot("adaptive", scn)
    bot.decide(observe(scn, reset(scn, [0])[0]))  # the bot studies the scenario once, before timing
    result = benchmark.pedantic(play, args=(scn, np.arange(games), bot), rounds=1, iterations=1)
    assert result.scores.shape == (games,)
