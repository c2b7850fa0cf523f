"""Explanation records: why each meter moved in a turn, as data (sentences are made elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import TurnReport
from .model import CAUSES, HOOK, KINDS, METERS, OPPORTUNITY, POLARITIES, ScenarioData

# Which trait knob scales which cause of a meter change.
CAUSE_KNOB = {
    "task_delivery": "task_value",
    "value_decay": "value_decay",
    "network": "network_value",
    "managing_up": "cover_gain",
    "serving": "task_cover",
    "managing_out": "trust_gain",
}


@dataclass(frozen=True)
class TraitInfluence:
    """A trait that scaled a change, and by what factor it alone did so."""

    trait: str
    factor: float


@dataclass(frozen=True)
class MeterChange:
    """One cause of one meter's change this turn."""

    meter: str
    amount: float
    cause: str  # a name from CAUSES, or "event"
    event_uid: int | None = None
    event: str | None = None
    traits: tuple[TraitInfluence, ...] = ()
    setting: float = 1.0  # factor the scenario's setting (quadrant) puts on this change


@dataclass(frozen=True)
class EventOutcome:
    """How one event was met this turn: which coverage met which demand, and how it ended."""

    uid: int
    event: str
    kind: str
    polarity: str
    severity: float
    option: str | None
    chosen_now: bool
    got: dict[str, float]  # coverage received per expectation this turn
    demand: dict[str, float]  # coverage still asked before this turn, per expectation
    handled: float  # share of the whole demand met so far
    status: str  # open, handled, failed, seized, missed
    quality: float | None
    escalated: bool


@dataclass(frozen=True)
class TurnExplanation:
    """Everything a player needs to see why a turn went as it went."""

    turn: int
    meters_before: dict[str, float]
    meters_after: dict[str, float]
    changes: tuple[MeterChange, ...]
    events: tuple[EventOutcome, ...]
    coverage: dict[str, float]
    task_got: dict[str, float]
    task_demand: dict[str, float]
    task_fulfilment: float
    energy_delta: dict[str, float]
    trait_delta: dict[str, float]


def _influences(
    scn: ScenarioData, traits_centre: np.ndarray, knob: str
) -> tuple[TraitInfluence, ...]:
    col = scn.rules.trait_hooks[:, HOOK[knob]]
    out = []
    for t in np.nonzero(col)[0]:
        out.append(
            TraitInfluence(scn.rules.traits[t].id, round(float(1.0 + col[t] * traits_centre[t]), 3))
        )
    return tuple(out)


PARTLY = 0.8  # below this quality an outcome counts as partial: it mixes success and failure


def outcome_status(scn: ScenarioData, polarity: int, quality: float | None) -> str:
    """How an event ended, as a status id: open, handled, partly_handled, failed (threats) or
    seized, partly_seized, missed (opportunities)."""
    if quality is None:
        return "open"
    opp = polarity == OPPORTUNITY
    if quality >= PARTLY:
        return "seized" if opp else "handled"
    if quality >= scn.rules.c("success_threshold"):
        return "partly_seized" if opp else "partly_handled"
    return "missed" if opp else "failed"


def explain_turn(scn: ScenarioData, report: TurnReport, g: int = 0) -> TurnExplanation:
    """The explanation records of game `g` of a batch in one turn."""
    res = report.resolution
    exp_ids = [e.id for e in scn.rules.expectations]
    centre = (res.traits[g] - 50.0) / 50.0
    changes: list[MeterChange] = []
    n_causes = len(CAUSES)
    for c, cause in enumerate(CAUSES):
        for m, meter in enumerate(METERS):
            amount = float(res.contributions[g, c, m])
            if abs(amount) < 1e-9:
                continue
            knob = CAUSE_KNOB.get(cause)
            changes.append(
                MeterChange(
                    meter,
                    amount,
                    cause,
                    traits=_influences(scn, centre, knob) if knob else (),
                    setting=round(float(scn.knob_base[HOOK[knob]]), 3) if knob else 1.0,
                )
            )
    events: list[EventOutcome] = []
    for s in np.nonzero(res.slot_active[g])[0]:
        t = int(res.slot_template[g, s])
        tmpl = scn.templates[t]
        uid = int(res.slot_uid[g, s])
        for m, meter in enumerate(METERS):
            amount = float(res.contributions[g, n_causes + s, m])
            if abs(amount) > 1e-9:
                changes.append(MeterChange(meter, amount, "event", uid, tmpl.id))
        opt = int(res.slot_option[g, s])
        got = res.event_got[g, s]
        resolved = bool(res.resolved[g, s])
        q = float(res.quality[g, s]) if resolved else None
        status = outcome_status(scn, tmpl.polarity, q if resolved else None)
        events.append(
            EventOutcome(
                uid=uid,
                event=tmpl.id,
                kind=KINDS[tmpl.kind],
                polarity=POLARITIES[tmpl.polarity],
                severity=round(float(res.slot_severity[g, s]), 3),
                option=tmpl.option_ids[opt] if 0 <= opt < len(tmpl.option_ids) else None,
                chosen_now=bool(res.chosen[g, s]),
                got={exp_ids[e]: round(float(got[e]), 3) for e in np.nonzero(got > 1e-9)[0]},
                demand={
                    exp_ids[e]: round(float(v), 3)
                    for e, v in enumerate(res.event_demand[g, s])
                    if v > 1e-9
                },
                handled=round(float(res.handled[g, s]), 3),
                status=status,
                quality=round(q, 3) if q is not None else None,
                escalated=bool(res.escalated[g, s]),
            )
        )
    prog = report.progression
    return TurnExplanation(
        turn=report.turn,
        meters_before={m: round(float(res.meters_before[g, i]), 3) for i, m in enumerate(METERS)},
        meters_after={m: round(float(res.meters_after[g, i]), 3) for i, m in enumerate(METERS)},
        changes=tuple(changes),
        events=tuple(events),
        coverage={e: round(float(res.coverage[g, i]), 3) for i, e in enumerate(exp_ids)},
        task_got={e: round(float(res.task_got[g, i]), 3) for i, e in enumerate(exp_ids)},
        task_demand={
            e: float(scn.task_demand[i]) for i, e in enumerate(exp_ids) if scn.task_demand[i] > 0
        },
        task_fulfilment=round(float(res.task_fulfilment[g]), 3),
        energy_delta={
            m.id: round(float(prog.energy_delta[g, i]), 3) for i, m in enumerate(scn.members)
        },
        trait_delta={
            t.id: round(float(v), 3)
            for t, v in zip(
                scn.rules.traits,
                prog.trait_built[g] + prog.trait_eroded[g] + prog.trait_events[g],
                strict=True,
            )
        },
    )
