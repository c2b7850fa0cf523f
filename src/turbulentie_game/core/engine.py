"""The turn pipeline: turbulence -> allocation -> resolution -> progression -> scoring."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .allocation import Allocation, AllocationError, allocation_ok, allocation_problems
from .model import ScenarioData
from .progression import ProgressionReport, progression
from .resolution import ResolutionReport, resolution
from .scoring import scoring
from .state import GameState, new_state
from .turbulence import TurbulenceReport, turbulence


@dataclass(frozen=True, eq=False)
class TurnReport:
    """Everything that happened in one turn, plus what arrived for the next one."""

    turn: int
    resolution: ResolutionReport
    progression: ProgressionReport
    next_turbulence: TurbulenceReport | None


def new_game(scn: ScenarioData, seeds) -> tuple[GameState, TurbulenceReport]:
    """Start games (one per seed) and bring in the first turn's events."""
    return turbulence(scn, new_state(scn, seeds))


def play_turn(
    scn: ScenarioData, state: GameState, alloc: Allocation
) -> tuple[GameState, TurnReport]:
    """Play one turn with the given allocation; refuse it with AllocationError if it breaks a rule."""
    if not state.alive.any():
        raise ValueError("every game in this batch has ended")
    if not allocation_ok(scn, state, alloc).all():
        raise AllocationError(allocation_problems(scn, state, alloc))
    turn = state.turn + 1
    state, res, side = resolution(scn, state, alloc)
    state, prog = progression(scn, state, side)
    state = scoring(scn, state)
    nxt = None
    if state.alive.any():
        state, nxt = turbulence(scn, state)
    return state, TurnReport(turn=turn, resolution=res, progression=prog, next_turbulence=nxt)


def is_over(state: GameState) -> np.ndarray:
    """Per game, whether it has ended."""
    return ~state.alive
