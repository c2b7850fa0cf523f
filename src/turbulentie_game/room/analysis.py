"""What each seat of a room did, from its verified moves: the figures of the plenary and exports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from ..core.model import ACTORS, KINDS, STANCES
from .room import Room, Seat, members_of


@dataclass
class SeatFigures:
    """One seat's game in figures (every share is of the chips placed on work, not on rest)."""

    seat: int
    chips: dict[str, int]  # per target over the game
    per_member: dict[str, int]  # work chips per in-game member
    per_person: dict[str, int]  # work chips per trainee of the seat (team play)
    trait_turns: list[int]  # chips on traits per turn
    up: float  # share managing up
    out: float  # share managing out
    traits: float  # share on organisation traits
    first_trait_turn: int | None
    trait_early: float  # share of trait chips placed in the first half of the game
    spread: float  # evenness of work over the members, 0 (one hero) .. 1 (even)
    kinds: dict[str, list[int]]  # per kind of turbulence: [handled well, failed]
    stances: dict[str, int]  # dilemma choices per stance
    # the model's concepts: the four actors outside the team, triage and preparation
    actors: dict[str, float] = field(default_factory=dict)  # each actor's level after the game
    actors_change: dict[str, float] = field(default_factory=dict)  # ... against the start
    turns: int = 0  # turns played
    focus_turns: int = 0  # turns in which at least one event was put first (triage)
    focused: int = 0  # events put first, over the game
    prepared: int = 0  # calendar dates prepared for (each counted once)
    choices: list[tuple[int, str, str]] = field(default_factory=list)  # (turn, template, option)
    failed: list[str] = field(default_factory=list)  # templates of events that ended badly
    decisions: list[dict] = field(default_factory=list)  # one row per turn, member and target


def pseudonym(room: Room, seat: Seat) -> str:
    """A seat's id in exports: stable within the room, meaningless without its secret."""
    digest = hashlib.sha256(f"{room.secret}:{seat.id}".encode()).hexdigest()
    return "P" + digest[:8]


def who_placed(room: Room, seat: Seat) -> dict[tuple[int, str], str]:
    """For a team seat: (turn, member) -> name of the trainee who placed that member's chips."""
    out: dict[tuple[int, str], str] = {}
    names = {p.id: p.name for p in seat.persons}
    for part in room.store.parts(seat.id):
        for member in part.input.get("chips", {}):
            out[(part.turn, member)] = names.get(part.person_id, "?")
    return out


def seat_figures(room: Room, seat: Seat) -> SeatFigures:
    """Count what the plenary discusses from the facts the seat's turns left (no re-play)."""
    scn = room.scn
    r = scn.rules
    targets = r.targets
    n_exp, n_tr = r.n_exp, len(r.traits)
    chips = dict.fromkeys(targets, 0)
    per_member = dict.fromkeys((m.id for m in scn.members), 0)
    trait_turns: list[int] = []
    kinds = {k: [0, 0] for k in KINDS}
    stances = {s: 0 for s in STANCES if s != "none"}
    choices: list[tuple[int, str, str]] = []
    failed: list[str] = []
    decisions: list[dict] = []
    placed_by = who_placed(room, seat) if seat.team else {}
    solo = seat.persons[0].name if len(seat.persons) == 1 else ""
    for turn, facts in enumerate(seat.facts):
        source = seat.sources[turn] if turn < len(seat.sources) else ""
        trait_chips = 0
        for m, member in enumerate(scn.members):
            for a, n in enumerate(facts.chips[m]):
                if not n:
                    continue
                chips[targets[a]] += n
                if a < n_exp + n_tr:
                    per_member[member.id] += n
                if n_exp <= a < n_exp + n_tr:
                    trait_chips += n
                by = placed_by.get((turn, member.id), solo)
                decisions.append(
                    {
                        "turn": turn + 1,
                        "member": member.id,
                        "target": targets[a],
                        "chips": n,
                        "by": by,
                        "source": source,
                    }
                )
        trait_turns.append(trait_chips)
        for tid, oid, stance in facts.choices:
            choices.append((turn + 1, tid, oid))
            if stance in stances:
                stances[stance] += 1
            decisions.append(
                {
                    "turn": turn + 1,
                    "member": "",
                    "target": f"{tid}:{oid}",
                    "chips": 0,
                    "by": solo,
                    "source": source,
                }
            )
        for tid, kind, good in facts.ended:
            kinds[kind][0 if good else 1] += 1
            if not good:
                failed.append(tid)
    ups = sum(chips[e.id] for e, o in zip(r.expectations, r.orientation, strict=True) if o == "up")
    outs = sum(
        chips[e.id] for e, o in zip(r.expectations, r.orientation, strict=True) if o == "out"
    )
    trait_total = sum(trait_turns)
    work = sum(per_member.values())
    half = scn.n_turns // 2
    loads = np.array(list(per_member.values()), dtype=float)
    spread = float(1.0 - (loads.max() - loads.min()) / loads.max()) if work else 0.0
    start = scn.rules.actor_start
    actors = {a: float(seat.state.actors[0, i]) for i, a in enumerate(ACTORS)}
    per_person: dict[str, int] = {}
    for d in decisions:
        if d["chips"] and d["target"] != "rest":
            who = d["by"] or "-"
            per_person[who] = per_person.get(who, 0) + d["chips"]
    return SeatFigures(
        seat=seat.id,
        chips=chips,
        per_member=per_member,
        per_person=per_person,
        trait_turns=trait_turns,
        up=ups / work if work else 0.0,
        out=outs / work if work else 0.0,
        traits=trait_total / work if work else 0.0,
        first_trait_turn=next((i + 1 for i, n in enumerate(trait_turns) if n), None),
        trait_early=sum(trait_turns[:half]) / trait_total if trait_total else 0.0,
        spread=round(spread, 3),
        kinds=kinds,
        stances=stances,
        actors=actors,
        actors_change={a: actors[a] - float(start[i]) for i, a in enumerate(ACTORS)},
        turns=len(seat.inputs),
        focus_turns=sum(1 for i in seat.inputs if i.focus),
        focused=sum(len(i.focus) for i in seat.inputs),
        prepared=len({d for i in seat.inputs for d in i.prepare}),
        choices=choices,
        failed=failed,
        decisions=decisions,
    )


def members_by_person(room: Room, seat: Seat) -> dict[str, tuple[str, ...]]:
    """Which in-game members each trainee of a seat controls now."""
    return {p.name: members_of(room.scn, seat, p.id) for p in seat.persons}
