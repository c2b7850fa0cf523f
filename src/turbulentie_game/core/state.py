"""The game state: named numpy arrays with a leading axis over games."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np

from .model import END_RUNNING, KINDS, ScenarioData

MAX_EVENTS = 8  # event slots per game
MAX_LASTING = 8  # slots for lasting (per-turn) effects

# The engine's own bookkeeping: arrays of the state a player does not see (sim.strategy).
HIDDEN = {"hidden": True}


@dataclass(frozen=True, eq=False)
class GameState:
    """State of a batch of games that advance turn by turn in lockstep."""

    turn: int  # turns played so far (0 before the first turn)
    seeds: np.ndarray  # [G] uint64
    meters: np.ndarray  # [G, 3]
    skills: np.ndarray  # [G, M, E]
    energy: np.ndarray  # [G, M]
    traits: np.ndarray  # [G, T]
    pressure: np.ndarray  # [G, K] escalation pressure per turbulence kind
    embedded: np.ndarray  # [G, T] the traits as embedded in the organisation (traits: as practised)
    streak: np.ndarray  # [G, T] turns in a row that the team worked on each trait
    red_tape: np.ndarray  # [G] regeldruk: the stock of rules the risk-rule reflex left (0-100)
    value_memory: np.ndarray  # [G] public value as the outside world remembers it (lags the meter)
    slips: np.ndarray  # [G] the memory of authority slips (failed authority threats)
    up_share: np.ndarray  # [G] the share of the team's work spent managing up, smoothed over turns
    actors: np.ndarray  # [G, ACTORS] executive confidence, council scrutiny, press attention,
    # citizens' energy (0-100 each)
    priority: np.ndarray  # [G, E] the executive's priorities: factor on the task's demand
    readiness: np.ndarray  # [G, E] work done ahead for foreseen calendar events, per expectation
    # event slots
    ev_active: np.ndarray  # [G, S] bool
    ev_template: np.ndarray  # [G, S] int
    ev_uid: np.ndarray  # [G, S] running number of the event within its game
    ev_severity: np.ndarray  # [G, S]
    ev_total: np.ndarray  # [G, S, E] demand at arrival
    ev_remaining: np.ndarray  # [G, S, E]
    ev_deadline: np.ndarray  # [G, S] turns left including this one
    ev_option: np.ndarray  # [G, S] chosen option or -1
    ev_arrived: np.ndarray  # [G, S] turn of arrival
    next_uid: np.ndarray = field(metadata=HIDDEN)  # [G]
    # template bookkeeping
    fired: np.ndarray = field(metadata=HIDDEN)  # [G, N] how often each template arrived
    last_fired: np.ndarray = field(metadata=HIDDEN)  # [G, N] turn of the last arrival or -999
    pending: np.ndarray = field(metadata=HIDDEN)  # [G, N] bool: follow-up due next turn
    # lasting effects
    lasting: np.ndarray = field(metadata=HIDDEN)  # [G, L, 3]
    lasting_left: np.ndarray = field(metadata=HIDDEN)  # [G, L]
    # outcome
    alive: np.ndarray  # [G] bool
    ended_because: np.ndarray = field(metadata=HIDDEN)  # [G] END_* code
    ended_turn: np.ndarray = field(metadata=HIDDEN)  # [G]
    # [G, n_turns + 1, 3] meters after each turn (row 0: start)
    history: np.ndarray = field(metadata=HIDDEN)
    events_by_kind: np.ndarray = field(metadata=HIDDEN)  # [G, K]
    value_sum: np.ndarray = field(metadata=HIDDEN)  # [G] sum of public value after each played turn

    @property
    def n_games(self) -> int:
        return self.seeds.shape[0]

    def evolve(self, **changes) -> GameState:
        """A copy with some arrays replaced."""
        return replace(self, **changes)

    def games(self, rows: np.ndarray) -> GameState:
        """The state of some games of the batch (rows: their indices), as a batch of their own."""
        return replace(self, **{name: getattr(self, name)[rows] for name in ARRAYS})

    def game(self, g: int) -> GameState:
        """The state of one game of the batch as a batch of one."""
        return self.games(slice(g, g + 1))


# The state's arrays in field order (all fields but `turn`), and those a player sees.
ARRAYS = tuple(f.name for f in fields(GameState) if f.name != "turn")
VISIBLE = tuple(f.name for f in fields(GameState) if f.name in ARRAYS and not f.metadata)


def new_state(scn: ScenarioData, seeds) -> GameState:
    """Fresh games of a scenario, one per seed."""
    seeds = np.asarray(seeds, dtype=np.uint64).reshape(-1)
    g = seeds.shape[0]
    e = scn.skills.shape[1]
    n = scn.n_templates
    k = len(KINDS)
    s = MAX_EVENTS
    hist = np.zeros((g, scn.n_turns + 1, 3))
    hist[:, 0] = scn.start_meters
    return GameState(
        turn=0,
        seeds=seeds,
        meters=np.tile(scn.start_meters.astype(np.float64), (g, 1)),
        skills=np.tile(scn.skills.astype(np.float64), (g, 1, 1)),
        energy=np.tile(scn.energy.astype(np.float64), (g, 1)),
        traits=np.tile(scn.start_traits.astype(np.float64), (g, 1)),
        pressure=np.zeros((g, k)),
        embedded=np.tile(scn.start_traits.astype(np.float64), (g, 1)),
        streak=np.zeros((g, scn.start_traits.shape[0]), dtype=np.int64),
        red_tape=np.zeros(g),
        value_memory=np.full(g, float(scn.start_meters[0])),
        slips=np.zeros(g),
        up_share=np.zeros(g),
        actors=np.tile(scn.rules.actor_start.astype(np.float64), (g, 1)),
        priority=np.ones((g, e)),
        readiness=np.zeros((g, e)),
        ev_active=np.zeros((g, s), dtype=bool),
        ev_template=np.full((g, s), -1, dtype=np.int64),
        ev_uid=np.full((g, s), -1, dtype=np.int64),
        ev_severity=np.zeros((g, s)),
        ev_total=np.zeros((g, s, e)),
        ev_remaining=np.zeros((g, s, e)),
        ev_deadline=np.zeros((g, s), dtype=np.int64),
        ev_option=np.full((g, s), -1, dtype=np.int64),
        ev_arrived=np.full((g, s), -1, dtype=np.int64),
        next_uid=np.zeros(g, dtype=np.int64),
        fired=np.zeros((g, n), dtype=np.int64),
        last_fired=np.full((g, n), -999, dtype=np.int64),
        pending=np.zeros((g, n), dtype=bool),
        lasting=np.zeros((g, MAX_LASTING, 3)),
        lasting_left=np.zeros((g, MAX_LASTING), dtype=np.int64),
        alive=np.ones(g, dtype=bool),
        ended_because=np.full(g, END_RUNNING, dtype=np.int64),
        ended_turn=np.full(g, -1, dtype=np.int64),
        history=hist,
        events_by_kind=np.zeros((g, k), dtype=np.int64),
        value_sum=np.zeros(g),
    )


def states_equal(a: GameState, b: GameState) -> bool:
    """True when two states hold identical values in every array."""
    if a.turn != b.turn:
        return False
    for name in ARRAYS:
        x, y = getattr(a, name), getattr(b, name)
        if x.shape != y.shape or not np.array_equal(x, y):
            return False
    return True
