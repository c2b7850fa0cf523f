"""Stage 2, allocation: the player's decision for a turn and the rules it must keep."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .features import foreseeable
from .model import REST, ScenarioData
from .state import GameState


@dataclass(frozen=True)
class Problem:
    """One broken rule of an allocation: a stable code, its details and an English sentence."""

    code: str
    details: tuple[tuple[str, object], ...]
    message: str

    def params(self) -> dict[str, object]:
        """The details as a dictionary (for message catalogues)."""
        return dict(self.details)


class AllocationError(ValueError):
    """An allocation was refused; `problems` lists every broken rule."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def _problem(code: str, message: str, **details) -> Problem:
    return Problem(code, tuple(details.items()), message)


@dataclass(frozen=True, eq=False)
class Allocation:
    """Time chips per member and target [G, M, A], a dilemma option per event slot [G, S], the
    events put first (triage, [G, S] bool or None) and the foreseen calendar events prepared for
    ([G, C] bool or None): both are served before the task and the other events share what is
    left; the work for a foreseen event is done ahead and waits for it (readiness)."""

    chips: np.ndarray
    options: np.ndarray
    focus: np.ndarray | None = None
    prepare: np.ndarray | None = None

    def choices_first(self, scn: ScenarioData) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the events put first [G, S] and of the dates prepared for [G, C], all False
        where the allocation names none."""
        g, s = self.options.shape
        focus = np.zeros((g, s), bool) if self.focus is None else np.array(self.focus, bool)
        prepare = (
            np.zeros((g, len(scn.calendar)), bool)
            if self.prepare is None
            else np.array(self.prepare, bool)
        )
        return focus, prepare

    @staticmethod
    def stack(parts: list[Allocation], scn: ScenarioData) -> Allocation:
        """One batch allocation from the allocations of consecutive parts of a batch."""
        firsts = [a.choices_first(scn) for a in parts]
        return Allocation(
            chips=np.concatenate([a.chips for a in parts]),
            options=np.concatenate([a.options for a in parts]),
            focus=np.concatenate([f for f, _ in firsts]),
            prepare=np.concatenate([p for _, p in firsts]),
        )

    def preparing(self) -> np.ndarray | None:
        """The calendar entries prepared for [G, C], or None when no game prepares any."""
        if self.prepare is None or not np.any(self.prepare):
            return None
        return np.asarray(self.prepare, dtype=bool)

    def focused(self, state: GameState) -> np.ndarray | None:
        """The open events put first [G, S], or None when no game puts any event first."""
        if self.focus is None:
            return None
        f = np.asarray(self.focus, dtype=bool) & state.ev_active
        return f if f.any() else None

    @staticmethod
    def empty(scn: ScenarioData, state: GameState) -> Allocation:
        """An allocation that places nothing and chooses nothing (everybody rests)."""
        g = state.n_games
        return Allocation(
            chips=np.zeros((g, scn.n_members, len(scn.rules.targets)), dtype=np.int64),
            options=np.full((g, state.ev_active.shape[1]), -1, dtype=np.int64),
        )

    @staticmethod
    def from_choices(
        scn: ScenarioData,
        state: GameState,
        chips: Mapping[str, Mapping[str, int]],
        options: Mapping[int, str] | None = None,
        focus: Iterable[int] = (),
        prepare: Iterable[str] = (),
    ) -> Allocation:
        """Build the allocation of a single game from ids; raise AllocationError on any problem.

        `chips` maps member id -> {expectation, trait or "rest" id: number of chips};
        `options` maps an event's number (uid) -> option id; `focus` lists the numbers of the
        events the team puts first (triage); `prepare` the ids of the calendar dates whose events
        it prepares for.
        """
        if state.n_games != 1:
            raise ValueError("from_choices builds the allocation of a single game")
        problems: list[Problem] = []
        targets = scn.rules.targets
        tindex = {t: i for i, t in enumerate(targets)}
        mindex = {m.id: i for i, m in enumerate(scn.members)}
        alloc = Allocation.empty(scn, state)
        for member_id, placed in chips.items():
            if member_id not in mindex:
                problems.append(
                    _problem(
                        "unknown_member",
                        f"unknown team member '{member_id}' (known: {', '.join(mindex)})",
                        member=member_id,
                    )
                )
                continue
            for target, n in placed.items():
                if target not in tindex:
                    problems.append(
                        _problem(
                            "unknown_target",
                            f"'{target}' is not an expectation, a trait or '{REST}'",
                            member=member_id,
                            target=target,
                        )
                    )
                    continue
                if isinstance(n, bool) or not isinstance(n, int | np.integer):
                    problems.append(
                        _problem(
                            "not_whole",
                            f"{member_id}: chips on '{target}' must be a whole number, not {n!r}",
                            member=member_id,
                            target=target,
                            value=repr(n),
                        )
                    )
                    continue
                alloc.chips[0, mindex[member_id], tindex[target]] = int(n)
        by_uid = {int(u): s for s, u in enumerate(state.ev_uid[0]) if state.ev_active[0, s]}
        for uid, option_id in (options or {}).items():
            slot = by_uid.get(int(uid))
            if slot is None:
                problems.append(
                    _problem("unknown_event", f"event {uid} is not open this turn", event=uid)
                )
                continue
            tmpl = scn.templates[int(state.ev_template[0, slot])]
            if option_id not in tmpl.option_ids:
                known = ", ".join(tmpl.option_ids) or "none"
                problems.append(
                    _problem(
                        "unknown_option",
                        f"event {uid} ({tmpl.id}) has no option '{option_id}' (options: {known})",
                        event=uid,
                        option=option_id,
                    )
                )
                continue
            alloc.options[0, slot] = tmpl.option_ids.index(option_id)
        focus_mask = np.zeros(state.ev_active.shape, dtype=bool)
        for uid in focus:
            slot = by_uid.get(int(uid))
            if slot is None:
                problems.append(
                    _problem("unknown_focus", f"event {uid} is not open this turn", event=uid)
                )
                continue
            focus_mask[0, slot] = True
        cindex = {c.id: i for i, c in enumerate(scn.calendar)}
        prep = np.zeros((1, len(scn.calendar)), dtype=bool)
        for cid in prepare:
            if cid not in cindex:
                problems.append(
                    _problem("unknown_date", f"'{cid}' is not a date of the calendar", date=cid)
                )
                continue
            prep[0, cindex[cid]] = True
        if focus_mask.any() or prep.any():
            alloc = Allocation(
                alloc.chips,
                alloc.options,
                focus_mask if focus_mask.any() else None,
                prep if prep.any() else None,
            )
        problems += allocation_problems(scn, state, alloc, game=0)
        if problems:
            raise AllocationError(problems)
        return alloc


def allocation_problems(
    scn: ScenarioData, state: GameState, alloc: Allocation, game: int | None = None
) -> list[Problem]:
    """Every rule the allocation breaks (for one game, or for the first game that breaks one)."""
    ok = allocation_ok(scn, state, alloc)
    if game is None:
        bad = np.nonzero(~ok)[0]
        if bad.size == 0:
            return []
        game = int(bad[0])
    elif ok[game]:
        return []
    problems: list[Problem] = []
    chips = alloc.chips[game]
    targets = scn.rules.targets
    for m, member in enumerate(scn.members):
        for a in np.nonzero(chips[m] < 0)[0]:
            problems.append(
                _problem(
                    "negative",
                    f"{member.id}: {chips[m, a]} chips on '{targets[a]}' (chips cannot be negative)",
                    member=member.id,
                    target=targets[a],
                    value=int(chips[m, a]),
                )
            )
        work = int(chips[m, :-1].clip(min=0).sum() + max(0, chips[m, -1]))
        cap = int(scn.capacity[m])
        if work > cap:
            problems.append(
                _problem(
                    "over_capacity",
                    f"{member.id} has {cap} chips this turn but {work} are placed",
                    member=member.id,
                    placed=work,
                    capacity=cap,
                )
            )
    prep = alloc.preparing()
    if prep is not None:
        sight = foreseeable(scn, state)
        for c in np.nonzero(prep[game] & ~sight[game])[0]:
            problems.append(
                _problem(
                    "not_foreseen",
                    f"'{scn.calendar[c].id}' cannot be prepared for: it is not in sight or "
                    "has no event still to come",
                    date=scn.calendar[c].id,
                )
            )
    for s in range(state.ev_active.shape[1]):
        if not state.ev_active[game, s]:
            if alloc.options[game, s] >= 0:
                problems.append(
                    _problem("no_event", f"an option is given for empty event slot {s}", slot=s)
                )
            continue
        t = int(state.ev_template[game, s])
        n_opt = int(scn.t_n_options[t])
        chosen = int(state.ev_option[game, s])
        given = int(alloc.options[game, s])
        uid = int(state.ev_uid[game, s])
        tid = scn.templates[t].id
        if n_opt and chosen < 0 and given < 0:
            problems.append(
                _problem(
                    "missing_option",
                    f"event {uid} ({tid}) is a dilemma: choose one of "
                    f"{', '.join(scn.templates[t].option_ids)}",
                    event=uid,
                    template=tid,
                )
            )
        elif given >= 0 and (given >= max(n_opt, 1) or n_opt == 0):
            problems.append(
                _problem(
                    "bad_option",
                    f"event {uid} ({tid}) has no option number {given}",
                    event=uid,
                    template=tid,
                )
            )
        elif given >= 0 and 0 <= chosen != given:
            problems.append(
                _problem(
                    "option_fixed",
                    f"event {uid} ({tid}): the option was already chosen in an earlier turn",
                    event=uid,
                    template=tid,
                )
            )
    return problems


def allocation_ok(scn: ScenarioData, state: GameState, alloc: Allocation) -> np.ndarray:
    """Per game, whether the allocation keeps every rule (vectorised check for bots and batches)."""
    chips = alloc.chips
    neg = chips < 0
    ok = ~neg.any(axis=(1, 2)) if neg.any() else np.ones(chips.shape[0], dtype=bool)
    ok &= (chips.sum(axis=2) <= scn.capacity[None, :]).all(axis=1)
    t = np.where(state.ev_active, state.ev_template, 0)
    n_opt = np.where(state.ev_active, scn.t_n_options[t], 0)
    need = state.ev_active & (n_opt > 0) & (state.ev_option < 0)
    given = alloc.options
    ok &= ~(need & (given < 0)).any(axis=1)
    ok &= ~((given >= 0) & ~state.ev_active).any(axis=1)
    ok &= ~((given >= 0) & ((given >= n_opt) | (n_opt == 0))).any(axis=1)
    ok &= ~((given >= 0) & (state.ev_option >= 0) & (given != state.ev_option)).any(axis=1)
    prep = alloc.preparing()
    if prep is not None:
        ok &= ~(prep & ~foreseeable(scn, state)).any(axis=1)
    return ok | ~state.alive
