"""The strategy interface: what a policy sees each turn and what it returns.

A policy is any object with `decide(observation) -> Allocation` (see docs/strategies.md). The
observation holds what a player can see, for every game of a batch: the rules and scenario, the
meters, the team, the organisation, the open events and the calendar. It does not hold the
engine's bookkeeping (pending follow-ups, lasting effects, history), and its arrays are
read-only views, so a policy cannot change the game it plays.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from ..core.allocation import Allocation
from ..core.model import ScenarioData
from ..core.state import VISIBLE, GameState


def _frozen(a: np.ndarray) -> np.ndarray:
    v = a.view()
    v.flags.writeable = False
    return v


class Observation:
    """What a player sees at the start of a turn, for each game of a batch (leading axis: games)."""

    __slots__ = ("scenario", "turn", *VISIBLE)

    def __init__(self, scn: ScenarioData, state: GameState):
        self.scenario = scn
        self.turn = state.turn  # turns played so far; this turn is number turn + 1
        for name in VISIBLE:
            setattr(self, name, _frozen(getattr(state, name)))

    @property
    def n_games(self) -> int:
        return self.seeds.shape[0]

    def rows(self, start: int, stop: int) -> Observation:
        """The observation of games start..stop-1 of the batch (read-only views, no copies)."""
        part = object.__new__(Observation)
        part.scenario = self.scenario
        part.turn = self.turn
        for name in VISIBLE:
            setattr(part, name, getattr(self, name)[start:stop])
        return part

    @property
    def n_turns(self) -> int:
        return self.scenario.n_turns


class Policy(Protocol):
    """Anything that decides a turn for every game of a batch."""

    def decide(self, obs: Observation) -> Allocation: ...


def forgets_observations(policy: Policy) -> bool:
    """Whether a policy keeps nothing of an observation once `decide` has returned (then the
    state it viewed may change in place). A policy says so with `forgets_observations = True`;
    any other, a user's strategy among them, may keep what it saw."""
    return getattr(policy, "forgets_observations", False) is True


def observe(scn: ScenarioData, state: GameState) -> Observation:
    """The observation of a state."""
    return Observation(scn, state)
