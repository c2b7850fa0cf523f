"""Play whole games with a bot: one game or a batch of thousands, through the same engine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.engine import TurnReport, new_game, play_turn
from ..core.model import END_REASONS, KINDS, METERS, ScenarioData
from ..core.scoring import score
from ..core.state import GameState
from .bots import Bot


@dataclass(frozen=True, eq=False)
class BatchResult:
    """Final states and scores of a batch of games."""

    state: GameState
    scores: np.ndarray
    allocations: list  # per turn: the Allocation given (for replays and strategy profiles)


def run_batch(scn: ScenarioData, bot: Bot, seeds, keep_allocations: bool = False) -> BatchResult:
    """Play a batch of games to the end with one bot (one Python step per turn, not per game)."""
    state, _ = new_game(scn, seeds)
    allocations = []
    while state.alive.any():
        alloc = bot.decide(scn, state)
        if keep_allocations:
            allocations.append(alloc)
        state, _ = play_turn(scn, state, alloc)
    return BatchResult(state=state, scores=score(scn, state), allocations=allocations)


def run_single(scn: ScenarioData, bot: Bot, seed: int) -> tuple[GameState, list[TurnReport], list]:
    """Play one game and keep every turn's report and allocation."""
    state, _ = new_game(scn, [seed])
    reports: list[TurnReport] = []
    allocations = []
    while state.alive.any():
        alloc = bot.decide(scn, state)
        allocations.append(alloc)
        state, rep = play_turn(scn, state, alloc)
        reports.append(rep)
    return state, reports, allocations


def summary(scn: ScenarioData, state: GameState, g: int = 0) -> dict:
    """The outcome of one game as plain data (the JSON of `simulate --json`)."""
    last = int(state.ended_turn[g]) if state.ended_turn[g] >= 0 else state.turn
    hist = state.history[g, : last + 1]
    return {
        "scenario": scn.id,
        "content_hash": scn.content_hash,
        "seed": int(state.seeds[g]),
        "score": round(float(score(scn, state)[g]), 3),
        "turns_played": last,
        "ended_because": END_REASONS[int(state.ended_because[g])],
        "final": {m: round(float(hist[-1, i]), 3) for i, m in enumerate(METERS)},
        "events_by_kind": {k: int(state.events_by_kind[g, i]) for i, k in enumerate(KINDS)},
        "history": [
            {"turn": t, **{m: round(float(hist[t, i]), 3) for i, m in enumerate(METERS)}}
            for t in range(hist.shape[0])
        ],
    }
