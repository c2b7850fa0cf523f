"""What one turn of a seat did, kept as plain data as the turn is played (for the plenary)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.model import KINDS, STANCES, ScenarioData


@dataclass(frozen=True)
class TurnFacts:
    """One turn: chips per member and target, dilemma choices, events that ended and how."""

    chips: tuple[tuple[int, ...], ...]  # [member][target]
    choices: tuple[tuple[str, str, str], ...]  # (template id, option id, stance)
    ended: tuple[tuple[str, str, bool], ...]  # (template id, kind, handled well)


def turn_facts(scn: ScenarioData, before, alloc, report) -> TurnFacts:
    """The facts of one turn of game 0, from the state before it, its allocation and report."""
    chips = tuple(tuple(int(n) for n in row) for row in alloc.chips[0])
    choices = []
    given = np.nonzero((alloc.options[0] >= 0) & before.ev_active[0])[0]
    for s in sorted(given, key=lambda s: int(before.ev_uid[0, s])):
        t = int(before.ev_template[0, s])
        o = int(alloc.options[0, s])
        tmpl = scn.templates[t]
        choices.append((tmpl.id, tmpl.option_ids[o], STANCES[int(scn.o_stance[t, o])]))
    res = report.resolution
    threshold = scn.rules.c("success_threshold")
    ended = []
    for s in np.nonzero(res.resolved[0])[0]:
        t = int(res.slot_template[0, s])
        good = bool(res.quality[0, s] >= threshold)
        ended.append((scn.templates[t].id, KINDS[int(scn.t_kind[t])], good))
    return TurnFacts(chips, tuple(choices), tuple(ended))
