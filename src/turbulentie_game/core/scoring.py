"""Stage 5, scoring: end conditions, history and the scenario's score."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import team_energy
from .model import COVER, END_BURNOUT, END_COMPLETED, END_COVER, PV, TRUST, ScenarioData
from .state import GameState


@dataclass(frozen=True, eq=False)
class ScoringReport:
    """How the turn closed: which games ended and why, and the score's terms so far."""

    ended_now: np.ndarray  # [G] bool: the game ended with this turn
    ended_because: np.ndarray  # [G] END_* code after this turn
    parts: dict[str, np.ndarray]  # the score's terms per game (see score_parts)
    score: np.ndarray  # [G] their sum


def scoring(scn: ScenarioData, state: GameState) -> tuple[GameState, ScoringReport]:
    """Close the turn: record history, add value to the score, end games that are over."""
    turn = state.turn + 1
    alive = state.alive
    history = state.history.copy()
    history[alive, turn] = state.meters[alive]
    value_sum = state.value_sum + np.where(alive, state.meters[:, PV], 0.0)
    ended = state.ended_because.copy()
    burnout = alive & (team_energy(state) <= scn.rules.c("burnout_level"))
    lost = alive & (state.meters[:, COVER] <= 0.0)
    done = alive & (turn >= scn.n_turns)
    ended = np.where(done, END_COMPLETED, ended)
    ended = np.where(burnout, END_BURNOUT, ended)
    ended = np.where(lost, END_COVER, ended)
    now_over = alive & (lost | burnout | done)
    # a game that ends keeps its final meters for the turns it did not play
    history[now_over, turn + 1 :] = state.meters[now_over][:, None, :]
    new = state.evolve(
        turn=turn,
        history=history,
        value_sum=value_sum,
        ended_because=ended,
        ended_turn=np.where(now_over, turn, state.ended_turn),
        alive=alive & ~now_over,
    )
    parts = score_parts(scn, new)
    report = ScoringReport(
        ended_now=now_over, ended_because=ended, parts=parts, score=_total(parts)
    )
    return new, report


def score_parts(scn: ScenarioData, state: GameState) -> dict[str, np.ndarray]:
    """The terms of the score per game, as the scenario weighs them."""
    w = scn.score_weights
    g = state.n_games
    last = np.where(state.ended_turn >= 0, state.ended_turn, state.turn)
    final = state.history[np.arange(g), last]
    mean_value = state.value_sum / scn.n_turns
    floor_hit = final[:, COVER] < w.get("cover_floor", 0.0)
    return {
        "value": w.get("value", 1.0) * mean_value,
        "trust": w.get("trust", 0.0) * final[:, TRUST],
        "cover": w.get("cover", 0.0) * final[:, COVER],
        "cover_floor": -w.get("floor_penalty", 0.0) * floor_hit,
    }


def score(scn: ScenarioData, state: GameState) -> np.ndarray:
    """The score per game (mean public value over all scenario turns, plus the scenario's extras)."""
    return _total(score_parts(scn, state))


def _total(parts: dict[str, np.ndarray]) -> np.ndarray:
    return np.round(sum(parts.values()), 6)
