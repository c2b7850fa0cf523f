"""The engine's one seam: `reset`, `step` and `preview`.

The turn pipeline runs turbulence -> allocation -> resolution -> progression -> scoring; each
stage is a pure function of the state that returns the new state and a typed report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .allocation import Allocation, AllocationError, allocation_ok, allocation_problems
from .model import ScenarioData
from .progression import ProgressionReport, progression
from .resolution import ResolutionReport, resolution
from .scoring import ScoringReport, scoring
from .state import GameState, new_state
from .turbulence import TurbulenceReport, turbulence


@dataclass(frozen=True, eq=False)
class TurnReport:
    """Everything that happened in one turn, plus what arrived for the next one."""

    turn: int
    resolution: ResolutionReport
    progression: ProgressionReport
    scoring: ScoringReport
    next_turbulence: TurbulenceReport | None


@dataclass(frozen=True, eq=False)
class Preview:
    """What an allocation would do this turn, computed by the very stages that resolve it."""

    state: GameState  # the state after resolution, progression and scoring (before new arrivals)
    report: TurnReport  # next_turbulence is None: nothing new has arrived yet


def reset(scn: ScenarioData, seeds) -> tuple[GameState, TurbulenceReport]:
    """Start games (one per seed) and bring in the first turn's events."""
    return turbulence(scn, new_state(scn, seeds))


def _resolve(scn: ScenarioData, state: GameState, alloc: Allocation):
    if not state.alive.any():
        raise ValueError("every game in this batch has ended")
    if not allocation_ok(scn, state, alloc).all():
        raise AllocationError(allocation_problems(scn, state, alloc))
    state, res, effects = resolution(scn, state, alloc)
    state, prog = progression(scn, state, effects)
    state, sc = scoring(scn, state)
    return state, res, prog, sc


def preview(scn: ScenarioData, state: GameState, alloc: Allocation) -> Preview:
    """What `alloc` would do, without committing (AllocationError if it breaks a rule)."""
    after, res, prog, sc = _resolve(scn, state, alloc)
    return Preview(after, TurnReport(after.turn, res, prog, sc, None))


def step(scn: ScenarioData, state: GameState, alloc: Allocation) -> tuple[GameState, TurnReport]:
    """Play one turn with the given allocation; refuse it with AllocationError if it breaks a rule."""
    state, res, prog, sc = _resolve(scn, state, alloc)
    nxt = None
    if state.alive.any():
        state, nxt = turbulence(scn, state)
    return state, TurnReport(state.turn, res, prog, sc, nxt)


def is_over(state: GameState) -> np.ndarray:
    """Per game, whether it has ended."""
    return ~state.alive
