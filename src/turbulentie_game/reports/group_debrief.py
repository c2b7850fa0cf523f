"""The group debrief: where the best and the weakest players put their time, how their meters moved,
which dilemma options they chose, and the model's concepts: where they left the four actors, how
often they put an event first (triage) and for how many calendar dates they prepared."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..core.model import ACTORS, METERS, ScenarioData
from .leaderboard import Board, Row, quarters


@dataclass(frozen=True)
class Group:
    """Averages over a group of ranked players."""

    size: int
    share: dict[str, float]  # share of all chips per target (expectations, traits, rest), 0-1
    meters: dict[str, tuple[float, ...]]  # mean meter after each turn (games that ended stop)
    choices: Counter  # (template id, option id) -> how many players chose it
    score: float
    actors: dict[str, float]  # mean level of each actor at the end of the game
    focus_share: float  # share of the turns played in which an event was put first (triage)
    prepared: float  # mean number of calendar dates prepared for (each counted once)


@dataclass(frozen=True)
class GroupDebrief:
    """The top quarter, the bottom quarter and everybody, with the largest differences."""

    top: Group
    bottom: Group
    everyone: Group
    expectations: tuple[str, ...]
    traits: tuple[str, ...]
    dilemmas: tuple[tuple[str, tuple[str, ...]], ...]  # template id, its option ids (as played)
    differences: tuple[
        tuple[str, float], ...
    ]  # target, top share minus bottom share, largest first


def _group(rows: tuple[Row, ...], targets: tuple[str, ...], n_turns: int) -> Group:
    share = dict.fromkeys(targets, 0.0)
    sums = {m: [0.0] * (n_turns + 1) for m in METERS}
    counts = [0] * (n_turns + 1)
    choices: Counter = Counter()
    actors = dict.fromkeys(ACTORS, 0.0)
    turns = focus_turns = prepared = 0
    for row in rows:
        o = row.entry.verdict.outcome  # (the board's verdicts keep no moves: see Verdict.slim)
        turns += o.turns  # a verified game has one input per turn played
        focus_turns += o.focus_turns
        prepared += o.prepared
        for a in ACTORS:
            actors[a] += o.actors.get(a, 0.0) / len(rows)
        total = sum(o.chips.values()) or 1
        for t in targets:
            share[t] += o.chips.get(t, 0) / total / len(rows)
        for turn, values in enumerate(o.history[: n_turns + 1]):
            counts[turn] += 1
            for m, v in zip(METERS, values, strict=True):
                sums[m][turn] += v
        choices.update(set(o.choices))
    last = max((i for i, c in enumerate(counts) if c), default=-1)
    meters = {m: tuple(sums[m][i] / counts[i] for i in range(last + 1)) for m in METERS}
    score = sum(r.score for r in rows) / len(rows) if rows else 0.0
    return Group(
        len(rows),
        share,
        meters,
        choices,
        score,
        actors,
        focus_turns / turns if turns else 0.0,
        prepared / len(rows) if rows else 0.0,
    )


def group_debrief(board: Board) -> GroupDebrief | None:
    """The group debrief of a board, or None when fewer than two players are ranked."""
    scn: ScenarioData | None = board.scenario
    if scn is None or len(board.rows) < 2:
        return None
    targets = tuple(scn.rules.targets)
    top_rows, bottom_rows = quarters(board.rows)
    top = _group(top_rows, targets, scn.n_turns)
    bottom = _group(bottom_rows, targets, scn.n_turns)
    everyone = _group(board.rows, targets, scn.n_turns)
    options: dict[str, list[str]] = {}
    for template, option in sorted(everyone.choices):
        options.setdefault(template, []).append(option)
    diffs = sorted(((t, top.share[t] - bottom.share[t]) for t in targets), key=lambda d: -abs(d[1]))
    return GroupDebrief(
        top=top,
        bottom=bottom,
        everyone=everyone,
        expectations=tuple(e.id for e in scn.rules.expectations),
        traits=tuple(t.id for t in scn.rules.traits),
        dilemmas=tuple((t, tuple(o)) for t, o in options.items()),
        differences=tuple(diffs),
    )
