"""One game being played: scenario, inputs so far, the plan being made, and what the plan would do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np

from ..core.allocation import Allocation, AllocationError
from ..core.engine import TurnReport, preview, reset, step
from ..core.explain import TurnExplanation, explain_turn
from ..core.features import date_demand, foreseeable, foresight, hook, hook_multipliers
from ..core.model import KINDS, REST, ScenarioData
from ..core.resolution import task_demand
from ..core.scoring import score
from ..core.state import GameState
from ..sim.record import GameRecord, RecordError, TurnInput, input_from_allocation, replay


def teammate_parts(session) -> list[tuple[str, dict]]:
    """Team play: (teammate, chips by member and target) of what the room says teammates placed
    for this turn (nothing in solo play, or when the room's view is of another turn)."""
    remote = getattr(session, "remote", None)
    if remote is None or not getattr(remote, "team", False):
        return []
    view = remote.view or {}
    if view.get("turn") != int(session.state.turn):
        return []  # the parts of a turn already played (or not yet heard of)
    out = []
    for part in view.get("placed") or []:
        if not isinstance(part, dict) or part.get("person") == view.get("you"):
            continue
        chips = (part.get("input") or {}).get("chips")
        if isinstance(chips, dict):
            out.append((str(part.get("person") or "?"), chips))
    return out


@dataclass
class Plan:
    """The chips, dilemma choices and events put first (triage) of the turn being planned, with
    an undo history."""

    members: tuple[str, ...]
    capacity: dict[str, int]
    chips: dict[str, dict[str, int]] = field(default_factory=dict)
    options: dict[int, str] = field(default_factory=dict)
    focus: set[int] = field(default_factory=set)
    prepare: set[str] = field(default_factory=set)
    undo_stack: list[tuple[dict, dict, set, set]] = field(default_factory=list)
    # team play: whether a member is placed by a teammate (then this plan cannot move its chips)
    locked: Callable[[str], bool] | None = field(default=None, compare=False, repr=False)

    def is_locked(self, member: str) -> bool:
        """Whether a teammate places this member's chips (team play in a room)."""
        return self.locked is not None and self.locked(member)

    def placed(self, member: str) -> int:
        """Chips a member has placed (rest included)."""
        return sum(self.chips.get(member, {}).values())

    def free(self, member: str) -> int:
        """Chips a member has not placed yet (they count as rest)."""
        return self.capacity[member] - self.placed(member)

    def free_own(self) -> int:
        """Chips not placed yet of the members this plan places (team play: not a teammate's)."""
        return sum(self.free(m) for m in self.members if not self.is_locked(m))

    def on(self, member: str, target: str) -> int:
        """Chips of one member on one target."""
        return self.chips.get(member, {}).get(target, 0)

    def _remember(self) -> None:
        self.undo_stack.append(
            (
                {m: dict(t) for m, t in self.chips.items()},
                dict(self.options),
                set(self.focus),
                set(self.prepare),
            )
        )

    def add(self, member: str, target: str) -> bool:
        """Place one chip; False (and nothing changes) when the member has none left or is a
        teammate's to place."""
        if self.free(member) <= 0 or self.is_locked(member):
            return False
        self._remember()
        row = self.chips.setdefault(member, {})
        row[target] = row.get(target, 0) + 1
        return True

    def remove(self, member: str, target: str) -> bool:
        """Take one chip back; False when there is none on that target."""
        if self.on(member, target) <= 0 or self.is_locked(member):
            return False
        self._remember()
        row = self.chips[member]
        row[target] -= 1
        if not row[target]:
            del row[target]
        return True

    def move(self, member: str, source: str, target: str) -> bool:
        """Move one chip from one target to another as one step."""
        if source == target or self.on(member, source) <= 0 or self.is_locked(member):
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

    def toggle_focus(self, uid: int) -> bool:
        """Put an event first (triage), or take it back into the common share; always a step."""
        self._remember()
        self.focus ^= {uid}
        return True

    def toggle_prepare(self, date_id: str) -> bool:
        """Prepare for a foreseen calendar event, or stop preparing; always a step."""
        self._remember()
        self.prepare ^= {date_id}
        return True

    def undo(self) -> bool:
        """Go back one step; False when there is nothing to undo."""
        if not self.undo_stack:
            return False
        self.chips, self.options, self.focus, self.prepare = self.undo_stack.pop()
        return True

    def key(self) -> tuple:
        """The plan's contents as a hashable value (what a cached preview was computed for)."""
        chips = tuple(
            sorted((m, t, n) for m, row in self.chips.items() for t, n in row.items() if n)
        )
        return (
            chips,
            tuple(sorted(self.options.items())),
            tuple(sorted(self.focus)),
            tuple(sorted(self.prepare)),
        )

    def as_input(self) -> TurnInput:
        """The plan as the engine's input by ids."""
        chips = {m: {t: n for t, n in row.items() if n} for m, row in self.chips.items() if row}
        return TurnInput(
            chips, dict(self.options), tuple(sorted(self.focus)), tuple(sorted(self.prepare))
        )


@dataclass(frozen=True)
class ResultFile:
    """What became of a finished game's result file: its path, or why it could not be written."""

    folder: Path
    path: Path | None = None
    problem: str | None = None
    again: bool = False  # written once more on the player's request


@dataclass(frozen=True, eq=False)
class PlanPreview:
    """What the plan would do this turn, as the engine's `preview` resolves it (one game)."""

    coverage: np.ndarray  # [E] coverage the plan produces
    demand: np.ndarray  # [E] what the task and the open events ask together
    task_got: np.ndarray  # [E] coverage that would go to the central task
    event_demand: np.ndarray  # [S, E] what each event asks (after an option picked in the plan)
    event_got: np.ndarray  # [S, E] coverage that would go to each event
    handled: np.ndarray  # [S] share of each event's demand that would be met
    # what the turn would do to the events and the meters, the handling noise set to zero
    # (`expected`), and the band the noise spreads it over (10th to 90th percentile)
    ends: np.ndarray | None = None  # [S] bool: the event would end this turn
    quality: np.ndarray | None = None  # [S] expected handling quality of ending events (nan)
    quality_low: np.ndarray | None = None  # [S]
    quality_high: np.ndarray | None = None  # [S]
    meters_before: np.ndarray | None = None  # [3]
    meters_after: np.ndarray | None = None  # [3] expected meters after the turn
    meters_low: np.ndarray | None = None  # [3]
    meters_high: np.ndarray | None = None  # [3]
    event_effect: np.ndarray | None = None  # [S, 3] expected meter change caused by each event
    readiness_after: np.ndarray | None = None  # [E] work done ahead after the turn (decay included)
    # triage's what-if: each open event's share of its demand met (and the expected meters) had
    # its "put first" been the other way round, all else in the plan the same (noise at zero)
    toggled_handled: np.ndarray | None = None  # [S] (nan for empty slots)
    toggled_meters: np.ndarray | None = None  # [S, 3]

    def meter_change(self, m: int) -> tuple[float, float, float]:
        """Expected change of meter `m` and the low and high end of its spread."""
        b = float(self.meters_before[m])
        return (
            float(self.meters_after[m]) - b,
            float(self.meters_low[m]) - b,
            float(self.meters_high[m]) - b,
        )


SPREAD_DRAWS = 48  # how many draws of the handling noise the preview's spread is taken from
SPREAD_SEED = 0x5EED  # the draws come from fixed seeds, never the game's own (no peeking)


def without_noise(scn: ScenarioData) -> ScenarioData:
    """The scenario with its handling noise set to zero (what the preview expects)."""
    constants = {**scn.rules.constants, "quality_noise": 0.0}
    return replace(scn, rules=replace(scn.rules, constants=constants))


def _tiled(state: GameState, n: int, seeds: np.ndarray) -> GameState:
    """A batch of `n` copies of a one-game state, each with its own seed."""
    arrays = {
        f.name: np.repeat(getattr(state, f.name), n, axis=0)
        for f in fields(state)
        if f.name not in ("turn", "seeds")
    }
    return replace(state, seeds=seeds.astype(np.uint64), **arrays)


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
    ends: bool = False  # the event would end this turn with the current plan
    quality: float | None = None  # expected handling quality when it ends (noise at zero)
    quality_low: float | None = None  # the noise's spread of that quality (10th-90th percentile)
    quality_high: float | None = None
    effect: np.ndarray | None = None  # [3] expected meter change it would cause this turn
    focused: bool = False  # put first (triage) in the plan
    handled: float = 0.0  # share of its demand met after this turn with the plan (noise at zero)
    toggled: float | None = None  # that share had it (not) been put first
    toggled_effect: np.ndarray | None = None  # [3] what that would change on the meters
    prepared: float = 0.0  # work that was done ahead and ready when it arrived (a calendar date)
    arrival_total: float = 0.0  # its whole demand when it arrived


@dataclass(frozen=True)
class DateView:
    """A calendar date as the board shows it: whether the team can prepare for it, and how much
    of its demand is ready."""

    id: str
    turn: int
    title: object  # the entry's texts (nl/en)
    status: str  # "now" (arrives this turn), "prepare" (foreseen: can be prepared for),
    #              "no_event" (only changes rates), "out_of_sight" (beyond the team's sight)
    preparing: bool  # the plan prepares for it
    demand: float  # what its event asks at mean severity, summed over the expectations
    ready: float  # of that, what is ready now (work done ahead, as much as counts for it)
    ready_after: float  # ... and after this turn with the current plan
    turns_away: int
    prepared_now: float = 0.0  # arrived this turn: the work on it that was done ahead


@dataclass(frozen=True)
class TurnNotes:
    """What triage and preparation did in a played turn, for the resolution screen."""

    focus: dict[int, tuple[float, float | None]]  # uid -> (share met, share without priority)
    prepare: dict[str, tuple[float, float, float]]  # date id -> (ready before, after, demand)


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
        # the debrief's own part: how well the player thought it went (1-5, asked before the
        # score is shown) and what they will do differently on Monday
        self.self_rating: int | None = None
        self.monday_note: str = ""
        if state is None:
            state, arrivals = reset(scn, [seed])
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
        self._preview: tuple | None = None  # (state, plan key, preview, event views)
        self._calm = without_noise(scn)
        # events that arrived with work done ahead: uid -> (that work, the demand on arrival, the
        # turn it arrived)
        self.prepared: dict[int, tuple[float, float, int]] = {}
        self._note_prepared()
        self.notes: dict[int, TurnNotes] = {}  # turn -> what triage and preparing did in it

    @staticmethod
    def from_inputs(scn: ScenarioData, path: Path, seed: int, inputs) -> Session:
        """A session re-played from inputs (AllocationError or RecordError if they do not fit)."""
        state, reports = replay(scn, seed, inputs)
        return Session(scn, path, seed, state, list(inputs), reports)

    def fresh_plan(self) -> Plan:
        """An empty plan for the current turn."""
        members = tuple(m.id for m in self.scn.members)
        cap = {m.id: int(c) for m, c in zip(self.scn.members, self.scn.capacity, strict=True)}
        return Plan(members, cap, locked=self._teammates_member)

    def _teammates_member(self, member: str) -> bool:
        """In team play (a room seat of several trainees), whether a teammate places `member`."""
        remote = getattr(self, "remote", None)
        mine = getattr(remote, "members", ()) if getattr(remote, "team", False) else ()
        return bool(mine) and member not in mine

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

    def planned_input(self) -> TurnInput:
        """The plan as an input; in team play with the chips teammates placed this turn for the
        members they control (what the room will combine), so the preview shows the whole team."""
        inp = self.plan.as_input()
        chips = dict(inp.chips)
        index = {m.id: int(c) for m, c in zip(self.scn.members, self.scn.capacity, strict=True)}
        known = set(self.scn.rules.targets)
        for _, part in teammate_parts(self):
            for member, targets in part.items():
                if member not in index or not self.plan.is_locked(member):
                    continue
                if not isinstance(targets, dict):
                    continue
                row = {
                    t: n for t, n in targets.items() if t in known and type(n) is int and 0 < n <= 99
                }
                if sum(row.values()) <= index[member]:
                    chips[member] = row
        return replace(inp, chips=chips) if chips != inp.chips else inp

    def allocation(self) -> Allocation:
        """The plan as an allocation (AllocationError if it breaks a rule)."""
        inp = self.plan.as_input()
        return Allocation.from_choices(
            self.scn, self.state, inp.chips, inp.options, inp.focus, inp.prepare
        )

    def end_turn(self) -> TurnExplanation:
        """Play the planned turn; AllocationError leaves everything as it was."""
        alloc = self.allocation()
        turn_input = input_from_allocation(self.scn, self.state, alloc)
        notes = self._turn_notes() if (self.plan.focus or self.plan.prepare) else None
        played = self.turn
        state, report = step(self.scn, self.state, alloc)
        if notes is not None:
            self.notes[played] = notes
        self.state = state
        self.inputs.append(turn_input)
        self.reports.append(report)
        ex = explain_turn(self.scn, report)
        self.explanations.append(ex)
        nxt = report.next_turbulence
        self.new_events = (
            nxt.new_events[0].copy() if nxt is not None else np.zeros_like(self.new_events)
        )
        self._note_prepared()
        self.plan = self.fresh_plan()
        return ex

    def _turn_notes(self) -> TurnNotes:
        """What the plan's triage and preparing will do this turn, as the preview has it."""
        views = self._planned()[1]
        focus = {ev.uid: (ev.handled, ev.toggled) for ev in views if ev.focused}
        prepare = {d.id: (d.ready, d.ready_after, d.demand) for d in self.dates() if d.preparing}
        return TurnNotes(focus, prepare)

    def _note_prepared(self) -> None:
        """Remember the open events that came from a calendar date with work done ahead."""
        st = self.state
        for s in np.nonzero(st.ev_active[0])[0]:
            uid = int(st.ev_uid[0, s])
            if uid in self.prepared:
                continue
            arrived, tmpl = int(st.ev_arrived[0, s]), int(st.ev_template[0, s])
            if not any(c.turn == arrived and c.template == tmpl for c in self.scn.calendar):
                continue
            total = float(st.ev_total[0, s].sum())
            done = total - float(st.ev_remaining[0, s].sum())
            # what the team did for it in turns since it arrived is not work done ahead
            for r in self.reports:
                res = r.resolution
                if res.slot_active[0, s] and int(res.slot_uid[0, s]) == uid:
                    done -= float(res.event_got[0, s].sum())
            if done > 0.05:
                self.prepared[uid] = (done, total, arrived)

    def apply_input(self, turn_input: TurnInput) -> None:
        """Replace the plan by a given input (used to show what a bot decided)."""
        self.plan = self.fresh_plan()
        self.plan.chips = {m: dict(t) for m, t in turn_input.chips.items()}
        self.plan.options = dict(turn_input.options)
        self.plan.focus = set(turn_input.focus)
        self.plan.prepare = set(turn_input.prepare)

    # ---- what the plan would do (for the board) -----------------------------------------------
    def preview(self) -> PlanPreview:
        """What the current plan would do, from the engine's `preview`; computed once per plan."""
        return self._planned()[0]

    def _planned(self) -> tuple[PlanPreview, list[EventView]]:
        team = tuple(m.id for m in self.scn.members if self.plan.is_locked(m.id))
        key = (self.plan.key(), team, repr(teammate_parts(self)) if team else "")
        cached = self._preview
        if cached is None or cached[0] is not self.state or cached[1] != key:
            pv = self._compute_preview()
            cached = self._preview = (self.state, key, pv, self._event_views(pv))
        return cached[2], cached[3]

    def _compute_preview(self) -> PlanPreview:
        scn, st = self.scn, self.state
        if self.over:  # nothing left to plan: nothing is covered
            e, n_s = len(scn.task_demand), st.ev_active.shape[1]
            z = np.zeros(e)
            return PlanPreview(z, scn.task_demand + z, z, np.zeros((n_s, e)), np.zeros((n_s, e)),
                               np.zeros(n_s))  # fmt: skip
        # A dilemma the plan has not answered yet would make the engine refuse the turn. How
        # coverage is shared does not depend on options not chosen, so such a dilemma is
        # previewed as if its option were settled: its demand stays what it asks today.
        answered = np.isin(st.ev_uid, list(self.plan.options))
        tmpl = np.maximum(st.ev_template, 0)
        open_dilemma = st.ev_active & (st.ev_option < 0) & (scn.t_n_options[tmpl] > 0) & ~answered
        if open_dilemma.any():
            st = st.evolve(ev_option=np.where(open_dilemma, 0, st.ev_option))
        inp = self.planned_input()
        alloc = Allocation.from_choices(scn, st, inp.chips, inp.options, inp.focus, inp.prepare)
        calm = preview(self._calm, st, alloc)
        res = calm.report.resolution
        toggled_handled, toggled_meters = self._toggled(st, alloc)
        # the spread: the same plan under many draws of the noise (fixed seeds, not the game's)
        n = SPREAD_DRAWS
        many = _tiled(st, n, np.arange(SPREAD_SEED, SPREAD_SEED + n))
        alloc_n = Allocation(
            np.repeat(alloc.chips, n, axis=0),
            np.repeat(alloc.options, n, axis=0),
            None if alloc.focus is None else np.repeat(alloc.focus, n, axis=0),
            None if alloc.prepare is None else np.repeat(alloc.prepare, n, axis=0),
        )
        spread = preview(scn, many, alloc_n).report.resolution
        ends = res.resolved[0]
        q_all = spread.quality
        with np.errstate(invalid="ignore"):
            q_lo = np.where(ends, np.nanpercentile(np.where(ends, q_all, 0.0), 10, axis=0), np.nan)
            q_hi = np.where(ends, np.nanpercentile(np.where(ends, q_all, 0.0), 90, axis=0), np.nan)
        m_lo = np.percentile(spread.meters_after, 10, axis=0)
        m_hi = np.percentile(spread.meters_after, 90, axis=0)
        after = res.meters_after[0]
        n_causes = res.contributions.shape[1] - st.ev_active.shape[1]
        return PlanPreview(
            coverage=res.coverage[0],
            demand=task_demand(scn, st)[0] + res.event_demand[0].sum(axis=0),  # this executive's
            task_got=res.task_got[0],
            event_demand=res.event_demand[0],
            event_got=res.event_got[0],
            handled=res.handled[0],
            ends=ends,
            quality=res.quality[0],
            quality_low=q_lo,
            quality_high=q_hi,
            meters_before=res.meters_before[0],
            meters_after=after,
            meters_low=np.minimum(m_lo, after),
            meters_high=np.maximum(m_hi, after),
            event_effect=res.contributions[0, n_causes:],
            readiness_after=calm.state.readiness[0],
            toggled_handled=toggled_handled,
            toggled_meters=toggled_meters,
        )

    def _toggled(self, st: GameState, alloc: Allocation) -> tuple[np.ndarray, np.ndarray]:
        """For every open event, the plan with that one event's "put first" turned the other
        way, all in one batch of the engine's preview (noise at zero)."""
        n_s = st.ev_active.shape[1]
        slots = np.nonzero(st.ev_active[0])[0]
        handled = np.full(n_s, np.nan)
        meters = np.full((n_s, 3), np.nan)
        if not len(slots):
            return handled, meters
        n = len(slots)
        base = np.zeros(n_s, bool) if alloc.focus is None else np.asarray(alloc.focus[0], bool)
        focus = np.repeat(base[None, :], n, axis=0)
        focus[np.arange(n), slots] = ~focus[np.arange(n), slots]
        batch = Allocation(
            np.repeat(alloc.chips, n, axis=0),
            np.repeat(alloc.options, n, axis=0),
            focus,
            None if alloc.prepare is None else np.repeat(alloc.prepare, n, axis=0),
        )
        res = preview(self._calm, _tiled(st, n, np.repeat(st.seeds, n)), batch).report.resolution
        handled[slots] = res.handled[np.arange(n), slots]
        meters[slots] = res.meters_after
        return handled, meters

    def coverage(self) -> np.ndarray:
        """Coverage per expectation the plan would produce [E]."""
        return self.preview().coverage

    def events(self) -> list[EventView]:
        """The open events with their demand and what the plan would give them."""
        return list(self._planned()[1])

    def _event_views(self, pv: PlanPreview) -> list[EventView]:
        st, scn = self.state, self.scn
        views = []
        for s in np.nonzero(st.ev_active[0])[0]:
            t = int(st.ev_template[0, s])
            tmpl = scn.templates[t]
            uid = int(st.ev_uid[0, s])
            fixed = int(st.ev_option[0, s])
            chosen = tmpl.option_ids[fixed] if fixed >= 0 else self.plan.options.get(uid)
            views.append(
                EventView(
                    slot=int(s),
                    uid=uid,
                    template=t,
                    kind=KINDS[tmpl.kind],
                    polarity=("threat", "opportunity")[tmpl.polarity],
                    severity=float(st.ev_severity[0, s]),
                    deadline=int(st.ev_deadline[0, s]),
                    remaining=pv.event_demand[s],
                    expected=pv.event_got[s],
                    option_ids=tmpl.option_ids,
                    chosen=chosen,
                    fixed=fixed >= 0,
                    new=bool(self.new_events[s]),
                    ends=bool(pv.ends[s]) if pv.ends is not None else False,
                    quality=_num(pv.quality, s),
                    quality_low=_num(pv.quality_low, s),
                    quality_high=_num(pv.quality_high, s),
                    effect=pv.event_effect[s] if pv.event_effect is not None else None,
                    focused=uid in self.plan.focus,
                    handled=float(pv.handled[s]),
                    toggled=_num(pv.toggled_handled, s),
                    toggled_effect=(
                        pv.toggled_meters[s] - pv.meters_after
                        if pv.toggled_meters is not None and pv.meters_after is not None
                        else None
                    ),
                    prepared=self.prepared.get(uid, (0.0, 0.0, 0))[0],
                    arrival_total=self.prepared.get(uid, (0.0, 0.0, 0))[1],
                )
            )
        return views

    def dates(self) -> list[DateView]:
        """The calendar dates still to come (this turn's included), each with whether the team
        can prepare for it now and how much of its demand is ready."""
        scn, st = self.scn, self.state
        horizon = self.horizon()
        can = foreseeable(scn, st)[0]
        pv = self.preview()
        now = st.readiness[0]
        after = pv.readiness_after if pv.readiness_after is not None else now
        arrived = {
            (int(st.ev_template[0, s]), int(st.ev_arrived[0, s])): self.prepared.get(
                int(st.ev_uid[0, s]), (0.0, 0.0, 0)
            )[0]
            for s in np.nonzero(st.ev_active[0])[0]
        }
        out = []
        for c, entry in enumerate(scn.calendar):
            if entry.turn < self.turn:
                continue
            away = entry.turn - self.turn
            if entry.template < 0:
                status, need = ("no_event" if away <= horizon else "out_of_sight"), None
            else:
                need = date_demand(scn, entry.template)
                status = "now" if away == 0 else "prepare" if can[c] else "out_of_sight"
            out.append(
                DateView(
                    id=entry.id,
                    turn=entry.turn,
                    title=entry.title,
                    status=status,
                    preparing=entry.id in self.plan.prepare,
                    demand=float(need.sum()) if need is not None else 0.0,
                    ready=float(np.minimum(now, need).sum()) if need is not None else 0.0,
                    ready_after=float(np.minimum(after, need).sum()) if need is not None else 0.0,
                    turns_away=away,
                    prepared_now=arrived.get((entry.template, entry.turn), 0.0),
                )
            )
        return out

    def readiness_terms(self) -> tuple[float, float]:
        """How much one unit of work done ahead counts when its event comes (the `slim` trait
        raises it), and the share of what is ready that fades each turn."""
        r = self.scn.rules
        mult = hook(hook_multipliers(self.scn, self.state.traits), "readiness")[0]
        return float(r.c("readiness_rate") * mult), float(r.c("readiness_decay"))

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


def _num(values: np.ndarray | None, s: int) -> float | None:
    if values is None or not np.isfinite(values[s]):
        return None
    return float(values[s])


def try_replay(scn: ScenarioData, path: Path, seed: int, inputs) -> Session | None:
    """A session re-played from inputs, or None when they no longer fit the scenario."""
    try:
        return Session.from_inputs(scn, path, seed, inputs)
    except (AllocationError, RecordError):
        return None
