"""The one loop over turns: play games with a policy, one game or a batch of thousands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

import numpy as np

from ..core import jit
from ..core.allocation import Allocation
from ..core.engine import TurnReport, reset, step
from ..core.model import END_REASONS, KINDS, METERS, ScenarioData
from ..core.scoring import score
from ..core.state import GameState, new_state
from ..core.turbulence import TurbulenceReport
from ..paths import cache_dir
from .strategy import Policy, forgets_observations, observe

jit.keep_compiled_in(cache_dir() / "numba")  # compiled kernels live in the user's cache folder

# Games per chunk when a large batch is played without hooks: at most CHUNK (big enough that
# numpy's per-call overhead is spread thin), fewer when the batch is so large that the joined
# final states and one chunk's working memory would pass MEMORY_BUDGET (README, figures).
CHUNK = 10_000
MIN_CHUNK = 1_000
MEMORY_BUDGET = 380 * 2**20  # bytes: the joined states plus one chunk's temporaries
WORK_PER_STATE = 7.5  # a chunk's temporaries during a turn, in final states of its games
AUTO = "auto"


def chunk_size(scn: ScenarioData, games: int, *, keep_states: bool = True) -> int:
    """Games per chunk for a batch of `games`: CHUNK, or fewer to stay within MEMORY_BUDGET
    (with `keep_states`, the joined final states of all games count against it too)."""
    probe = new_state(scn, np.zeros(1, dtype=np.uint64))
    per_game = sum(getattr(probe, f.name).nbytes for f in fields(probe) if f.name != "turn")
    room = MEMORY_BUDGET - (games * per_game if keep_states else 0)
    return int(min(CHUNK, games, max(MIN_CHUNK, room // (WORK_PER_STATE * per_game))))


def warm_kernels(scn: ScenarioData, games: int) -> bool:
    """Load the compiled kernels that `play` would use for `games` games of `scn` (compiling them
    on the first run), so that a measurement leaves the loading out; False when numpy plays."""
    if not jit.wanted(max(games, jit.MIN_GAMES)):
        return False  # (once loaded, they play batches of any size)
    kernels = jit.load("kernels")
    return kernels is not None and kernels.warm(scn)


class StopPlay(Exception):
    """Raised by a policy that has no more moves (a replay whose inputs ran out)."""


# Called after every turn with the state before it, the allocation, the report and the state after.
TurnHook = Callable[[GameState, Allocation, TurnReport, GameState], None]


@dataclass(frozen=True, eq=False)
class Played:
    """A played batch: final states and scores, and on request every turn's allocation and report."""

    state: GameState
    scores: np.ndarray
    first: TurbulenceReport | None  # what arrived in the first turn (None when resumed)
    allocations: list[Allocation] = field(default_factory=list)
    reports: list[TurnReport] = field(default_factory=list)
    stopped: bool = False  # the policy stopped before every game had ended

    @property
    def finished(self) -> bool:
        """Whether every game of the batch reached its end."""
        return not self.state.alive.any()


def play(
    scn: ScenarioData,
    seeds,
    policy: Policy,
    *,
    keep: bool = False,
    turns: int | None = None,
    start: GameState | None = None,
    on_turn: TurnHook | None = None,
    chunk: int | str | None = AUTO,
) -> Played:
    """Play games with `policy` until they end, for at most `turns` turns, or until it stops.

    `seeds` start new games; `start` resumes from a state instead (then `seeds` is ignored).
    With `keep`, every allocation and report is kept; `on_turn` sees each turn as it happens.
    More than `chunk` new games without `keep` or `on_turn` are played `chunk` at a time, one
    chunk after the other, and joined: the same games, bit for bit, in bounded memory
    (`chunk="auto"`: see `chunk_size`; `None`: one batch, for a policy that must see every
    game at once).
    """
    if start is None and not keep and on_turn is None and chunk is not None:
        flat = np.asarray(seeds, dtype=np.uint64).reshape(-1)
        if chunk == AUTO:
            chunk = chunk_size(scn, flat.shape[0])
        if flat.shape[0] > chunk > 0:
            return _join(chunks(scn, flat, policy, chunk, turns=turns), flat.shape[0])
    if start is None:
        state, first = reset(scn, seeds)
    else:
        state, first = start, None
    allocations: list[Allocation] = []
    reports: list[TurnReport] = []
    stopped = False
    played = 0
    # without reports to keep, a large batch plays its turns in compiled kernels (same bits)
    kernels = None
    if not keep and on_turn is None and jit.wanted(state.n_games):
        kernels = jit.load("kernels")
    # from the second turn on the state is the kernels' own: it advances in place when the
    # policy keeps nothing of an observation (a view of the state) once it has decided
    in_place = False
    while state.alive.any() and (turns is None or played < turns):
        try:
            alloc = policy.decide(observe(scn, state))
        except StopPlay:
            stopped = True
            break
        before = state
        if kernels is not None:
            state = kernels.advance(scn, state, alloc, in_place)
            in_place = forgets_observations(policy)
        else:
            state, report = step(scn, state, alloc)
        played += 1
        if keep:
            allocations.append(alloc)
            reports.append(report)
        if on_turn is not None:
            on_turn(before, alloc, report, state)
    return Played(state, score(scn, state), first, allocations, reports, stopped)


def chunks(scn: ScenarioData, seeds, policy: Policy, chunk: int, *, turns: int | None = None):
    """The batch of `seeds` played `chunk` games at a time, one Played per chunk in order (a
    caller that keeps only what it needs of each, as `bench` does, holds one chunk at a time)."""
    flat = np.asarray(seeds, dtype=np.uint64).reshape(-1)
    for i in range(0, flat.shape[0], max(chunk, 1)):
        yield play(scn, flat[i : i + chunk], policy, turns=turns, chunk=None)


class _Filler:
    """Arrays of a frozen dataclass for `total` games, filled chunk by chunk (one copy each)."""

    def __init__(self, first, total: int):
        self.names = [f.name for f in fields(first) if f.name != "turn"]
        self.arrays = {
            n: np.empty((total, *getattr(first, n).shape[1:]), dtype=getattr(first, n).dtype)
            for n in self.names
        }
        self.template = first
        self.turn = first.turn

    def put(self, part, at: int) -> None:
        for n in self.names:
            a = getattr(part, n)
            self.arrays[n][at : at + a.shape[0]] = a
        self.turn = max(self.turn, part.turn)

    def build(self):
        # a batch runs until its last game ends: its turn is the latest of the chunks'
        return replace(self.template, turn=self.turn, **self.arrays)


def _join(parts, total: int) -> Played:
    """One Played from chunks played one after the other (games in the order of the chunks);
    each chunk is copied into the joined arrays and dropped, so memory holds one chunk at a time."""
    state = first = None
    scores = np.empty(total)
    has_first, stopped, at = True, False, 0
    for part in parts:
        n = part.scores.shape[0]
        if state is None:
            state = _Filler(part.state, total)
            first = _Filler(part.first, total) if part.first is not None else None
        state.put(part.state, at)
        if part.first is None:
            has_first = False
        elif first is not None:
            first.put(part.first, at)
        scores[at : at + n] = part.scores
        stopped = stopped or part.stopped
        at += n
        del part
    return Played(
        state=state.build(),
        scores=scores,
        first=first.build() if has_first and first is not None else None,
        stopped=stopped,
    )


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
