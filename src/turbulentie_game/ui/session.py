"""One game as the window plays it: scenario, inputs so far, the plan being made, and previews."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ..core.allocation import Allocation, AllocationError
from ..core.engine import TurnReport, new_game, play_turn
from ..core.explain import TurnExplanation, explain_turn
from ..core.features import foresight, hook_multipliers
from ..core.model import KINDS, REST, CalendarEntry, ScenarioData
from ..core.resolution import coverage_of, option_demand
from ..core.scoring import score
from ..core.state import GameState
from ..sim.record import GameRecord, RecordError, TurnInput, input_from_allocation, replay


@dataclass
class Plan:
    """The chips and dilemma choices of the turn being planned, with an undo history."""

    members: tuple[str, ...]
    capacity: dict[str, int]
    chips: dict[str, dict[str, int]] = field(default_factory=dict)
    options: dict[int, str] = field(default_factory=dict)
    undo_stack: list[tuple[dict, dict]] = field(default_factory=list)

    def placed(self, member: str) -> int:
        """Chips a member has placed (rest included)."""
        return sum(self.chips.get(member, {}).values())

    def free(self, member: str) -> int:
        """Chips a member has not placed yet (they count as rest)."""
        return self.capacity[member] - self.placed(member)

    def on(self, member: str, target: str) -> int:
        """Chips of one member on one target."""
        return self.chips.get(member, {}).get(target, 0)

    def _remember(self) -> None:
        self.undo_stack.append(({m: dict(t) for m, t in self.chips.items()}, dict(self.options)))

    def add(self, member: str, target: str) -> bool:
        """Place one chip; False (and nothing changes) when the member has none left."""
        if self.free(member) <= 0:
            return False
        self._remember()
        row = self.chips.setdefault(member, {})
        row[target] = row.get(target, 0) + 1
        return True

    def remove(self, member: str, target: str) -> bool:
        """Take one chip back; False when there is none on that target."""
        if self.on(member, target) <= 0:
            return False
        self._remember()
        row = self.chips[member]
        row[target] -= 1
        if not row[target]:
            del row[target]
        return True

    def move(self, member: str, source: str, target: str) -> bool:
        """Move one chip from one target to another as one step."""
        if source == target or self.on(member, source) <= 0:
            return False
        self._remember()
        row = self.chips[member]
        row[source] -= 1
        if not row[source]:
            del row[source]
        row[target] = row.get(target, 0) + 1
        return True

    def choose(self, uid: int, option: str) -> bool:
        """Pick a dilemma option; False when it was already the choice."""
        if self.options.get(uid) == option:
            return False
        self._remember()
        self.options[uid] = option
        return True

    def undo(self) -> bool:
        """Go back one step; False when there is nothing to undo."""
        if not self.undo_stack:
            return False
        self.chips, self.options = self.undo_stack.pop()
        return True

    def as_input(self) -> TurnInput:
        """The plan as the engine's input by ids."""
        chips = {m: {t: n for t, n in row.items() if n} for m, row in self.chips.items() if row}
        return TurnInput(chips, dict(self.options))


@dataclass(frozen=True)
class ResultFile:
    """What became of a finished game's result file: its path, or why it could not be written."""

    folder: Path
    path: Path | None = None
    problem: str | None = None
    again: bool = False  # written once more on the player's request


@dataclass(frozen=True)
class EventView:
    """An open event as the board shows it."""

    slot: int
    uid: int
    template: int
    kind: str
    polarity: str
    severity: float
    deadline: int
    remaining: np.ndarray  # [E] demand still open (after a chosen option's multiplier)
    expected: np.ndarray  # [E] coverage the current plan would give it
    option_ids: tuple[str, ...]
    chosen: str | None  # fixed in an earlier turn or picked in the plan
    fixed: bool
    new: bool


class Session:
    """A game in progress in the window."""

    def __init__(
        self,
        scn: ScenarioData,
        scenario_path: Path,
        seed: int,
        state: GameState | None = None,
        inputs: list[TurnInput] | None = None,
        reports: list[TurnReport] | None = None,
        code: str | None = None,
    ):
        self.scn = scn
        self.scenario_path = Path(scenario_path)
        self.seed = seed
        self.code = code  # the competition code this game was started from, if any
        self.result_file: ResultFile | None = None
        if state is None:
            state, arrivals = new_game(scn, [seed])
            self.new_events = arrivals.new_events[0].copy()
        else:
            self.new_events = np.zeros(state.ev_active.shape[1], dtype=bool)
        self.state = state
        self.inputs: list[TurnInput] = list(inputs or [])
        self.reports: list[TurnReport] = list(reports or [])
        self.explanations: list[TurnExplanation] = [explain_turn(scn, r) for r in self.reports]
        if self.reports and self.reports[-1].next_turbulence is not None:
            self.new_events = self.reports[-1].next_turbulence.new_events[0].copy()
        self.plan = self.fresh_plan()

    @staticmethod
    def from_inputs(scn: ScenarioData, path: Path, seed: int, inputs) -> Session:
        """A session re-played from inputs (AllocationError or RecordError if they do not fit)."""
        state, reports = replay(scn, seed, inputs)
        return Session(scn, path, seed, state, list(inputs), reports)

    def fresh_plan(self) -> Plan:
        """An empty plan for the current turn."""
        members = tuple(m.id for m in self.scn.members)
        cap = {m.id: int(c) for m, c in zip(self.scn.members, self.scn.capacity, strict=True)}
        return Plan(members, cap)

    @property
    def over(self) -> bool:
        """Whether the game has ended."""
        return not bool(self.state.alive[0])

    @property
    def turn(self) -> int:
        """The turn being played, counting from 1."""
        return self.state.turn + 1

    def record(self) -> GameRecord:
        """The game so far as a record (the autosave)."""
        return GameRecord(self.scn.id, self.scn.content_hash, self.seed, tuple(self.inputs))

    def result(self, player: str) -> GameRecord:
        """The finished game as a result file's record: the player's name and the claimed score."""
        return replace(
            self.record(), player=player[:80], claimed_score=float(score(self.scn, self.state)[0])
        )

    def allocation(self) -> Allocation:
        """The plan as an allocation (AllocationError if it breaks a rule)."""
        inp = self.plan.as_input()
        return Allocation.from_choices(self.scn, self.state, inp.chips, inp.options)

    def end_turn(self) -> TurnExplanation:
        """Play the planned turn; AllocationError leaves everything as it was."""
        alloc = self.allocation()
        turn_input = input_from_allocation(self.scn, self.state, alloc)
        state, report = play_turn(self.scn, self.state, alloc)
        self.state = state
        self.inputs.append(turn_input)
        self.reports.append(report)
        ex = explain_turn(self.scn, report)
        self.explanations.append(ex)
        nxt = report.next_turbulence
        self.new_events = (
            nxt.new_events[0].copy() if nxt is not None else np.zeros_like(self.new_events)
        )
        self.plan = self.fresh_plan()
        return ex

    def apply_input(self, turn_input: TurnInput) -> None:
        """Replace the plan by a given input (used to show what a bot decided)."""
        self.plan = self.fresh_plan()
        self.plan.chips = {m: dict(t) for m, t in turn_input.chips.items()}
        self.plan.options = dict(turn_input.options)

    # ---- previews for the board -------------------------------------------------------------
    def chip_array(self) -> np.ndarray:
        """The plan as a chips array [1, M, A]."""
        targets = self.scn.rules.targets
        arr = np.zeros((1, self.scn.n_members, len(targets)), dtype=np.float64)
        for m, member in enumerate(self.scn.members):
            for a, t in enumerate(targets):
                arr[0, m, a] = self.plan.on(member.id, t)
        return arr

    def coverage(self) -> np.ndarray:
        """Coverage per expectation the plan would produce [E]."""
        mult = hook_multipliers(self.scn, self.state.traits)
        return coverage_of(self.scn, self.state, self.chip_array(), mult)[0]

    def events(self) -> list[EventView]:
        """The open events with their demand and what the plan would give them."""
        st, scn = self.state, self.scn
        cover = self.coverage()
        mult = hook_multipliers(scn, st.traits)
        views = []
        claims = []
        for s in np.nonzero(st.ev_active[0])[0]:
            t = int(st.ev_template[0, s])
            tmpl = scn.templates[t]
            uid = int(st.ev_uid[0, s])
            fixed = int(st.ev_option[0, s])
            chosen = tmpl.option_ids[fixed] if fixed >= 0 else self.plan.options.get(uid)
            remaining = st.ev_remaining[0, s].copy()
            if fixed < 0 and chosen is not None:
                opt = np.zeros_like(st.ev_template)
                opt[0, s] = tmpl.option_ids.index(chosen)
                tmpls = np.maximum(st.ev_template, 0)
                remaining = option_demand(scn, st, tmpls, opt, mult)[0, s]
            claims.append(remaining)
            views.append(
                dict(
                    slot=int(s),
                    uid=uid,
                    template=t,
                    kind=KINDS[tmpl.kind],
                    polarity=("threat", "opportunity")[tmpl.polarity],
                    severity=float(st.ev_severity[0, s]),
                    deadline=int(st.ev_deadline[0, s]),
                    remaining=remaining,
                    option_ids=tmpl.option_ids,
                    chosen=chosen,
                    fixed=fixed >= 0,
                    new=bool(self.new_events[s]),
                )
            )
        total = scn.task_demand + (np.sum(claims, axis=0) if claims else 0.0)
        frac = np.where(total > 0, np.minimum(1.0, cover / np.maximum(total, 1e-12)), 0.0)
        return [EventView(expected=v["remaining"] * frac, **v) for v in views]

    def calendar_ahead(self) -> list[CalendarEntry]:
        """Calendar entries from this turn on, as far as the team can see ahead."""
        horizon = int(foresight(self.scn, self.state.traits)[0])
        return [c for c in self.scn.calendar if self.turn <= c.turn <= self.turn + horizon]

    def horizon(self) -> int:
        """How many turns ahead the calendar is visible."""
        return int(foresight(self.scn, self.state.traits)[0])

    def time_spent(self) -> dict[str, int]:
        """Chips per target over every turn played (for the debrief)."""
        out = dict.fromkeys(self.scn.rules.targets, 0)
        for inp in self.inputs:
            for row in inp.chips.values():
                for t, n in row.items():
                    out[t] = out.get(t, 0) + n
            for m, cap in zip(self.scn.members, self.scn.capacity, strict=True):
                out[REST] += int(cap) - sum(inp.chips.get(m.id, {}).values())
        return out


def try_replay(scn: ScenarioData, path: Path, seed: int, inputs) -> Session | None:
    """A session re-played from inputs, or None when they no longer fit the scenario."""
    try:
        return Session.from_inputs(scn, path, seed, inputs)
    except (AllocationError, RecordError):
        return None
