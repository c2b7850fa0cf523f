"""The balance lab: many games per bot through the batch engine, the design checks with their
95 % intervals, and advice computed by simulation, on one or more blocks of seeds.

Every check holds its figures against a threshold with a 95 % interval (a normal approximation
over games, paired where runs share seeds, which every run of one lab does; Wilson intervals for
shares); a check that passes while an interval reaches over its threshold is *borderline* (still
a pass). A check whose bots were not played is *skipped*. The parts live in sim/lab/ (runs,
figures, checks, tweaks, advice); sentences are made from the data by `words.lab`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from ..core.model import END_BURNOUT, END_COVER, END_REASONS, KINDS, METERS, ScenarioData
from ..i18n import Said
from .lab.checks import (
    BORDERLINE,
    CHECK_FUNCTIONS,
    CHECKS,
    DEFAULT_BOTS,
    FAIL,
    PASS,
    SKIPPED,
    Check,
    _dilemmas,
    check_keys,
    check_needs,
    default_bots,
    design_checks,
    experiment,
    is_lab_bot,
    is_player,
    lab_bot,
    lab_jobs,
    model_checks,
    named,
    played_for,
    predictability,
    verdict,
)
from .lab.figures import Figure, Num, _r, mean_figure, paired, paired_t, share_figure
from .lab.runs import (
    CHUNK,
    BotStats,
    Job,
    lab_scenario,
    play_stats,
    run_job,
    run_jobs,
)
from .lab.tweaks import uniform_team_variant

__all__ = [
    "BORDERLINE", "CHECKS", "CHECK_FUNCTIONS", "CHUNK", "DEFAULT_BOTS", "FAIL", "PASS", "SKIPPED",
    "BotStats", "Check", "Figure", "Job", "LabResult", "Num", "check_keys", "check_needs",
    "combine", "default_bots", "default_jobs", "design_checks", "experiment", "is_lab_bot",
    "is_player", "lab_bot", "lab_jobs", "lab_scenario", "lab_summary", "model_checks", "paired",
    "paired_t", "play_stats", "predictability", "run_job", "run_jobs", "run_lab", "share_figure",
    "uniform_team_variant", "verdict",
]  # fmt: skip

# --------------------------------------------------------------------------- the lab


@dataclass
class LabResult:
    """Everything the balance lab measured and concluded."""

    scenario: ScenarioData
    games: int
    seed: int
    stats: dict[str, BotStats]  # of the first block of seeds
    checks: list[Check]
    bots: list[str] = field(default_factory=list)  # the bots played by name
    seeds: int = 1  # blocks of `games` seeds the checks were repeated on
    advice_games: int = 0  # games per trial of the advice (0: no advice)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


def combine(repeats: list[tuple[int, list[Check]]]) -> list[Check]:
    """One check per id over several blocks of seeds: passes when it passes on every block;
    its figures are those of the block where it came closest to failing."""
    out = []
    for i in range(len(repeats[0][1])):
        runs = [(seed, checks[i]) for seed, checks in repeats]
        judged = [(s, c) for s, c in runs if c.status != SKIPPED]
        if not judged:
            out.append(runs[0][1])
            continue
        _, worst_check = min(
            judged, key=lambda sc: sc[1].deciding.margin if sc[1].deciding else math.inf
        )
        statuses = {c.status for _, c in judged}
        status = FAIL if FAIL in statuses else BORDERLINE if BORDERLINE in statuses else PASS
        merged = replace(worst_check, status=status)
        merged.repeats = [(s, c.status, c.deciding) for s, c in runs]
        merged.advice = next((c.advice for _, c in runs if c.advice), [])
        out.append(merged)
    return out


ADVICE_GAMES = 1000  # at most this many games per trial of a change the advice tries


def run_lab(
    path: str,
    scn: ScenarioData,
    games: int = 2000,
    bots: list[str] | None = None,
    seed: int = 1,
    checks: bool = True,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    seeds: int = 1,
    advice: bool = False,
    advice_games: int = ADVICE_GAMES,
    only: Iterable[str] | None = None,
    advising: Callable[[str], None] | None = None,
) -> LabResult:
    """Play the scenario with the bots (all by default), run the design checks whose bots were
    played, on `seeds` blocks of `games` seeds (block k starts at seed + k * games, so no two
    blocks share a game), and, with `advice`, try changes for each check that fails or is
    borderline (sim.lab.advice), telling `advising` which check it is working on."""
    only = list(only) if only is not None else None
    asked = list(dict.fromkeys(bots or played_for(scn, only)))
    names = named(asked, scn)
    repeats: list[tuple[int, list[Check]]] = []
    first: dict[str, BotStats] = {}
    adv_n = min(games, advice_games)
    advised: set[str] = set()
    for k in range(max(1, seeds)):
        start = seed + k * games
        jobs = lab_jobs(scn, asked, games, start, checks, only)
        stats = run_jobs(path, jobs, n_jobs=n_jobs, progress=progress)
        found = design_checks(scn, stats, names, only) if checks else []
        if advice and checks:
            from .lab.advice import advise

            for c in found:
                if c.status in (FAIL, BORDERLINE) and c.id not in advised:
                    if advising:
                        advising(c.id)
                    c.advice = advise(path, scn, stats, names, c, start, adv_n, n_jobs)
                    advised.add(c.id)
        repeats.append((start, found))
        if k == 0:
            first = stats
    merged = combine(repeats) if checks else []
    return LabResult(scn, games, seed, first, merged, names, max(1, seeds), adv_n if advice else 0)


def as_data(x):
    """Said, Num, Figure and lists of them as plain data (for JSON; words.lab says them)."""
    if isinstance(x, Said):
        return {"key": x.key, "params": {k: as_data(v) for k, v in x.params}}
    if isinstance(x, Num):
        out = {"num": _r(x.value), "unit": x.unit}
        if x.lo is not None:
            out["interval"] = [_r(x.lo), _r(x.hi)]
        if x.thr is not None:
            out["threshold"] = _r(x.thr)
        if x.sign:
            out["sign"] = True
        return out
    if isinstance(x, Figure):
        return x.as_dict()
    if isinstance(x, list | tuple):
        return [as_data(v) for v in x]
    if isinstance(x, np.integer | np.floating):
        return x.item()
    return x


def check_data(c: Check) -> dict:
    """One check as plain data."""
    out = {
        "id": c.id,
        "status": c.status,
        "passed": c.passed,
        "figure": as_data(c.figure),
        "details": as_data(c.details),
        "figures": {k: f.as_dict() for k, f in c.items.items()},
    }
    if c.needs:
        out["needs"] = list(c.needs)
    if len(c.repeats) > 1:
        out["seeds"] = [
            {"first_seed": s, "status": st, "deciding": f.as_dict() if f else None}
            for s, st, f in c.repeats
        ]
    if c.advice:
        out["advice"] = [a.as_dict() for a in c.advice]
    return out


def lab_summary(result: LabResult) -> dict:
    """The lab's numbers as plain data (the --json output and the report's source)."""
    scn = result.scenario
    bots = {}
    for name, st in result.stats.items():
        if not is_player(name):
            continue
        turns = st.history.shape[1]
        alive_at = st.ended_turn[:, None] >= np.arange(turns)[None, :]
        meters = {}
        for i, m in enumerate(METERS):
            h = np.where(alive_at, st.history[..., i], np.nan)
            some = alive_at.any(axis=0)
            series = {}
            for label, q in (("median", 50), ("p10", 10), ("p90", 90)):
                vals = np.full(turns, np.nan)
                if some.any():
                    vals[some] = np.nanpercentile(h[:, some], q, axis=0)
                series[label] = [round(float(v), 2) if np.isfinite(v) else None for v in vals]
            meters[m] = series
        mean = mean_figure(st.scores, 0.0, ">=")
        bots[name] = {
            "games": st.n,
            "score": {
                "mean": round(float(st.scores.mean()), 3),
                "interval": [round(mean.lo, 3), round(mean.hi, 3)],
                "sd": round(float(st.scores.std()), 3),
                "p10": round(float(np.percentile(st.scores, 10)), 3),
                "median": round(float(np.median(st.scores)), 3),
                "p90": round(float(np.percentile(st.scores, 90)), 3),
            },
            "end_reasons": {
                r: int((st.ended_because == i).sum()) for i, r in enumerate(END_REASONS) if i
            },
            "lost_to_cover": round(float((st.ended_because == END_COVER).mean()), 4),
            "lost_to_burnout": round(float((st.ended_because == END_BURNOUT).mean()), 4),
            "final": {m: round(float(st.final[:, i].mean()), 3) for i, m in enumerate(METERS)},
            "value_per_turn_in_office": round(float(st.value_per_turn_in_office().mean()), 3),
            "events_by_kind": {
                k: round(float(st.events_by_kind[:, i].mean()), 3) for i, k in enumerate(KINDS)
            },
            "events_by_template": {
                t.id: round(float(st.fired[:, i].mean()), 4) for i, t in enumerate(scn.templates)
            },
            "time_per_target": {
                a: round(float(st.chips[:, i].mean()), 3) for i, a in enumerate(scn.rules.targets)
            },
            "meters": meters,
        }
    fired = sum(
        (s.fired.sum(axis=0) for k, s in result.stats.items() if not k.startswith("force:")),
        np.zeros(scn.n_templates, dtype=np.int64),
    )
    dilemmas = {}
    for t in _dilemmas(scn):
        tmpl = scn.templates[t]
        entry = {}
        for o, oid in enumerate(tmpl.option_ids):
            picked = {
                name: int(st.picks[:, t, o].sum())
                for name, st in result.stats.items()
                if is_player(name) or name == "uniform_team"
            }
            forced = result.stats.get(f"force:{t}:{o}")
            entry[oid] = {"picked": picked}
            met = None if forced is None else result.stats[f"force:{t}:0"].fired[:, t] > 0
            if met is not None and met.any():  # a dilemma that never came up has no figures
                mean_all = np.mean(
                    [
                        result.stats[f"force:{t}:{p}"].scores[met]
                        for p in range(len(tmpl.option_ids))
                    ],
                    axis=0,
                )
                entry[oid]["mean_score_when_forced"] = round(float(forced.scores[met].mean()), 3)
                entry[oid]["difference_to_average_option"] = round(
                    float((forced.scores[met] - mean_all).mean()), 3
                )
        dilemmas[tmpl.id] = entry
    return {
        "scenario": scn.id,
        "content_hash": scn.content_hash,
        "games_per_bot": result.games,
        "first_seed": result.seed,
        "seed_blocks": result.seeds,
        "advice_games": result.advice_games,
        "bots_played": list(result.bots),
        "bots": bots,
        "never_fired": [scn.templates[i].id for i in np.nonzero(fired == 0)[0]],
        "dilemmas": dilemmas,
        "checks": [check_data(c) for c in result.checks],
        "passed": result.passed,
    }


def default_jobs() -> int:
    """Worker processes to use when asked for all cores."""
    return max(1, os.cpu_count() or 1)
