"""The runner plays large batches in chunks: the same games, bit for bit, as one batch.

Inside one batch the engine keeps ageing the escalation pressure, the event slots and the
pending follow-ups of a game that has ended while other games play on; a chunk stops when its
own games have ended. So those post-mortem arrays are compared only for games whose chunk
lasted as long as the whole batch; every other array (meters, history, score, end, traits,
team, actors, events fired) for every game.
"""

from dataclasses import fields

import numpy as np
import pytest

from turbulentie_game.core.state import GameState, states_equal
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.runner import CHUNK, MIN_CHUNK, chunk_size, play

GAMES = 230  # not a multiple of the chunk sizes below: the last chunk is short
POST_MORTEM = ("pressure", "ev_", "pending")  # arrays the engine keeps ageing after an end


def assert_same_games(parts: GameState, whole: GameState, size: int) -> None:
    assert parts.turn == whole.turn
    # the turn each game's chunk stopped at: the last end among the games of its chunk
    ends = np.where(whole.ended_turn >= 0, whole.ended_turn, whole.turn)
    chunk_end = np.repeat(
        [ends[i : i + size].max() for i in range(0, len(ends), size)], size
    )[: len(ends)]
    full = chunk_end == whole.turn
    assert full.any()
    for f in fields(whole):
        if f.name == "turn":
            continue
        a, b = getattr(whole, f.name), getattr(parts, f.name)
        assert a.shape == b.shape and a.dtype == b.dtype, f.name
        rows = full if f.name.startswith(POST_MORTEM) else slice(None)
        assert np.array_equal(a[rows], b[rows]), f"{f.name} differs in chunks of {size}"


@pytest.mark.parametrize("bot_name", ["adaptive", "random", "managing-out"])
def test_chunks_play_the_same_games_as_one_batch(scn, bot_name):
    bot = make_bot(bot_name, scn)
    seeds = np.arange(1000, 1000 + GAMES, dtype=np.uint64)
    whole = play(scn, seeds, bot, chunk=None)
    for size in (64, 100):
        parts = play(scn, seeds, bot, chunk=size)
        assert_same_games(parts.state, whole.state, size)
        assert np.array_equal(parts.scores, whole.scores)
        assert np.array_equal(parts.state.seeds, seeds)
        for f in fields(whole.first):
            a, b = getattr(whole.first, f.name), getattr(parts.first, f.name)
            assert np.array_equal(a, b), f.name


def test_chunks_respect_a_turn_limit(scn):
    bot = make_bot("balanced", scn)
    seeds = np.arange(50)
    whole = play(scn, seeds, bot, turns=5, chunk=None)
    parts = play(scn, seeds, bot, turns=5, chunk=16)
    assert parts.state.turn == 5
    assert states_equal(parts.state, whole.state)  # nobody has ended after five turns


def test_a_batch_with_a_hook_is_played_as_one(scn):
    """A hook indexes arrays over the whole batch, so such a batch is never split."""
    sizes = []
    play(scn, np.arange(40), make_bot("random", scn), on_turn=lambda b, *_: sizes.append(b.n_games),
         chunk=8)  # fmt: skip
    assert sizes and set(sizes) == {40}


def test_a_very_large_batch_gets_smaller_chunks_to_bound_memory(scn):
    assert chunk_size(scn, 10_000) == CHUNK  # full speed for the lab's usual batches
    big = chunk_size(scn, 100_000)
    assert MIN_CHUNK <= big < CHUNK
    assert chunk_size(scn, 10_000_000) == MIN_CHUNK
