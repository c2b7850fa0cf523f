"""The balance lab: many games per bot through the batch engine, statistics and design checks.

Every check holds its figures against a threshold with a 95 % interval (a normal approximation
over games, paired where runs share seeds, which every run of one lab does; Wilson intervals for
shares); a check that passes while an interval reaches over its threshold is *borderline* (still
a pass). A check whose bots were not played is *skipped*. Sentences are made from the data here
by `words.lab`; `sim.advice` re-runs a failing check's experiment on changed numbers.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from ..core.allocation import Allocation
from ..core.model import (
    COVER,
    END_BURNOUT,
    END_COVER,
    END_REASONS,
    KINDS,
    MECHANICS,
    METERS,
    SITUATION,
    STANCES,
    ScenarioData,
)
from ..core.scoring import score
from ..core.stances import situation
from ..i18n import Said, said
from .bots import (
    STANCE_CHOICE,
    Bot,
    ForcedOption,
    LateInvestment,
    make_bot,
    steady_and_burst,
)
from .runner import play

CHUNK = 2500  # games per batch: large enough for speed, small enough for memory and progress


@dataclass
class BotStats:
    """Per-game numbers of one bot over many seeds (arrays over games)."""

    bot: str
    seeds: np.ndarray
    scores: np.ndarray
    ended_because: np.ndarray
    ended_turn: np.ndarray
    history: np.ndarray  # [G, turns + 1, 3]
    final: np.ndarray  # [G, 3]
    value_sum: np.ndarray  # [G]
    events_by_kind: np.ndarray  # [G, K]
    fired: np.ndarray  # [G, N]
    chips: np.ndarray  # [G, A] chips per target over the game
    picks: np.ndarray  # [G, N, O] how often each dilemma option was chosen
    arrival: np.ndarray  # [G, N, SITUATION] the situation at each template's first arrival (nan)

    @staticmethod
    def concat(parts: list[BotStats]) -> BotStats:
        """Join the statistics of several chunks of seeds."""
        first = parts[0]
        joined = {
            name: np.concatenate([getattr(p, name) for p in parts])
            for name in first.__dataclass_fields__
            if name != "bot"
        }
        return BotStats(bot=first.bot, **joined)

    def head(self, n: int) -> BotStats:
        """The first n games."""
        return BotStats(
            bot=self.bot,
            **{k: getattr(self, k)[:n] for k in self.__dataclass_fields__ if k != "bot"},
        )

    @property
    def n(self) -> int:
        return self.scores.shape[0]

    def value_per_turn_in_office(self) -> np.ndarray:
        """Mean public value per turn actually played."""
        return self.value_sum / np.maximum(self.ended_turn, 1)

    def played(self) -> np.ndarray:
        """Which turns of `history` were played, from turn 1 [G, turns + 1] (turn 0: False)."""
        turns = np.arange(self.history.shape[1])[None, :]
        return (turns <= self.ended_turn[:, None]) & (turns >= 1)


def play_stats(scn: ScenarioData, bot: Bot, seeds: np.ndarray) -> BotStats:
    """Play a batch of games and collect everything the lab reports."""
    g = len(seeds)
    chips = np.zeros((g, len(scn.rules.targets)), dtype=np.int64)
    picks = np.zeros((g, scn.n_templates, scn.n_options), dtype=np.int64)
    arrival = np.full((g, scn.n_templates, len(SITUATION)), np.nan)

    def tally(before, alloc, report, after):
        live = before.alive
        new = before.ev_active & (before.ev_arrived == before.turn + 1) & live[:, None]
        if new.any():
            sit = situation(scn, before)
            gi, si = np.nonzero(new)
            ti = before.ev_template[gi, si]
            first = np.isnan(arrival[gi, ti, 0])
            arrival[gi[first], ti[first]] = sit[gi[first]]
        chips[:] += alloc.chips.sum(axis=1) * live[:, None]
        chosen = (alloc.options >= 0) & before.ev_active & (before.ev_option < 0) & live[:, None]
        gi, si = np.nonzero(chosen)
        np.add.at(picks, (gi, before.ev_template[gi, si], alloc.options[gi, si]), 1)

    state = play(scn, seeds, bot, on_turn=tally).state
    last = np.where(state.ended_turn >= 0, state.ended_turn, state.turn)
    return BotStats(
        bot=bot.name,
        seeds=state.seeds.copy(),
        scores=score(scn, state),
        ended_because=state.ended_because.copy(),
        ended_turn=last,
        history=state.history.copy(),
        final=state.history[np.arange(g), last],
        value_sum=state.value_sum.copy(),
        events_by_kind=state.events_by_kind.copy(),
        fired=state.fired.copy(),
        chips=chips,
        picks=picks,
        arrival=arrival,
    )


@dataclass
class SteadyOrBurst(Bot):
    """Another bot whose trait work follows a fixed schedule, for the steady-versus-burst check:
    `chips[turn - 1]` chips per member that turn (taken from daily work), none otherwise, on
    three traits fixed for the game (the least developed at the start): member m's j-th chip
    goes to trait (m + j) mod 3, so both schedules spread their chips over the same traits and
    steady work keeps each of them worked turn after turn (sim.bots.TraitSchedule re-ranks the
    traits every turn, so no trait is ever worked two turns in a row and embedding, which needs
    that, never starts)."""

    inner: Bot | None = None
    chips: tuple[int, ...] = ()

    def decide(self, obs):
        scn = obs.scenario
        alloc = self.inner.decide(obs)
        want = self.chips[obs.turn] if obs.turn < len(self.chips) else 0
        chips = alloc.chips.copy()
        e, t_n = scn.rules.n_exp, scn.rules.n_traits
        chips[:, :, e + t_n] += chips[:, :, e : e + t_n].sum(axis=2)  # the inner bot's own: rest
        chips[:, :, e : e + t_n] = 0
        gi = np.arange(obs.n_games)
        order = np.argsort(scn.start_traits, kind="stable")[:3]
        for m in range(scn.n_members):
            for j in range(want):
                pool = np.concatenate([chips[:, m, :e], chips[:, m, e + t_n :]], axis=1)
                has = pool.sum(axis=1) > 0
                src = np.argmax(pool, axis=1)
                src = np.where(src >= e, e + t_n, src)
                chips[gi[has], m, src[has]] -= 1
                chips[gi[has], m, e + order[(m + j) % len(order)]] += 1
        return Allocation(chips=chips, options=alloc.options)


# --------------------------------------------------------------------------- running

Tweaks = tuple[tuple[str, float], ...]  # (parameter, factor) pairs: see sim.advice


@dataclass(frozen=True)
class Job:
    """One batch to play: a bot (by name, or a forced dilemma option) over a range of seeds."""

    key: str
    bot: str
    seeds: tuple[int, int]  # start, stop
    variant: str = ""  # "", "uniform_team" or "mechanic:<kind>"
    force: tuple[int, int] | None = None  # (template, option)
    late_invest: int = 0  # > 0: also build traits in the last this many turns
    schedule: str = ""  # "steady" or "burst": trait work on a fixed schedule
    tweaks: Tweaks = ()  # the scenario's numbers changed by these factors (the lab's advice)


_WORKER_SCENARIOS: dict[tuple[str, str, Tweaks], ScenarioData] = {}


def _scenario_for(path: str, variant: str, tweaks: Tweaks = ()) -> ScenarioData:
    """The scenario of a job (made once per process; a forked worker inherits what is made)."""
    key = (path, variant, tweaks)
    if key in _WORKER_SCENARIOS:
        return _WORKER_SCENARIOS[key]
    if tweaks:
        from .advice import tweaked  # the advisor builds changed scenarios

        made = tweaked(path, _scenario_for(path, "", ()), tweaks)
        if variant:
            made = _switch(made, variant, path, tweaks)
    elif variant == "uniform_team":
        made = uniform_team_variant(path)
    elif variant:
        made = _switch(_scenario_for(path, "", ()), variant, path, tweaks)
    else:
        from ..scenario.compile import load_scenario  # loaded once per worker process

        made = load_scenario(path)
    _WORKER_SCENARIOS[key] = made
    return made


def _switch(base: ScenarioData, variant: str, path: str, tweaks: Tweaks) -> ScenarioData:
    if variant.startswith("mechanic:"):
        switched = dict(MECHANICS[variant.split(":", 1)[1]])
        rules = replace(base.rules, constants={**base.rules.constants, **switched})
        return replace(base, rules=rules)
    if variant == "uniform_team":
        from .advice import tweaked

        return tweaked(path, uniform_team_variant(path), tweaks, uniform=True)
    raise ValueError(f"unknown lab variant '{variant}'")


def uniform_team_variant(path: str) -> ScenarioData:
    """The scenario with every member given the team's mean skills (same total skill)."""
    from ..scenario.compile import compile_scenario, read_scenario
    from ..scenario.load import load_rules_spec

    spec, _ = read_scenario(path)
    return compile_scenario(uniform_team_spec(spec), load_rules_spec())


def uniform_team_spec(spec):
    """A scenario spec with every member given the team's mean skills."""
    total: dict[str, float] = {}
    for member in spec.team:
        for k, v in member.skills.items():
            total[k] = total.get(k, 0.0) + v
    mean = {k: v / len(spec.team) for k, v in total.items()}
    team = [m.model_copy(update={"skills": mean}) for m in spec.team]
    return spec.model_copy(update={"team": team})


def run_job(path: str, job: Job) -> tuple[str, BotStats]:
    """Play one job (in this process or a worker)."""
    scn = _scenario_for(path, job.variant, job.tweaks)
    bot = make_bot(job.bot, scn)
    if job.late_invest:
        bot = LateInvestment(name=f"{job.bot}+late", inner=bot, turns=job.late_invest)
    if job.schedule:
        steady, burst = steady_and_burst(scn)
        plan = steady if job.schedule == "steady" else burst
        bot = SteadyOrBurst(name=f"{job.bot}+{job.schedule}", inner=bot, chips=plan)
    if job.force is not None:
        bot = ForcedOption(
            name=f"{job.bot}+force", inner=bot, template=job.force[0], option=job.force[1]
        )
    seeds = np.arange(job.seeds[0], job.seeds[1], dtype=np.uint64)
    stats = play_stats(scn, bot, seeds)
    if job.force is None:  # only the forced runs' situations at arrival are read: save memory
        stats.arrival = np.empty((stats.n, 0, 0))
    return job.key, stats


def run_jobs(
    path: str, jobs: list[Job], n_jobs: int = 1, progress: Callable[[int, int], None] | None = None
) -> dict[str, BotStats]:
    """Run every job, in several processes if asked; the results do not depend on n_jobs."""
    parts: dict[str, list[tuple[int, BotStats]]] = {}
    done = 0
    if n_jobs <= 1 or len(jobs) <= 1:
        results = (run_job(path, j) for j in jobs)
        for job, (key, stats) in zip(jobs, results, strict=True):
            parts.setdefault(key, []).append((job.seeds[0], stats))
            done += 1
            if progress:
                progress(done, len(jobs))
    else:
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            futures = [pool.submit(run_job, path, j) for j in jobs]
            for job, fut in zip(jobs, futures, strict=True):
                key, stats = fut.result()
                parts.setdefault(key, []).append((job.seeds[0], stats))
                done += 1
                if progress:
                    progress(done, len(jobs))
    return {
        k: BotStats.concat([s for _, s in sorted(v, key=lambda x: x[0])]) for k, v in parts.items()
    }


def chunks(key: str, bot: str, seed: int, games: int, **extra) -> list[Job]:
    """Jobs covering `games` seeds from `seed` in chunks."""
    return [
        Job(key, bot, (seed + i, seed + min(games, i + CHUNK)), **extra)
        for i in range(0, games, CHUNK)
    ]


# --------------------------------------------------------------------------- figures

Z = 1.959964  # the 95 % point of the normal distribution


@dataclass(frozen=True)
class Num:
    """A number to show: its unit, 95 % interval and the threshold it is held against (words.lab
    writes it in the reader's language, with more decimals when it is near its threshold)."""

    value: float
    unit: str = "pts"  # pct (a share 0-1), pts (score or meter points), t, n (count), x (factor)
    lo: float | None = None
    hi: float | None = None
    thr: float | None = None
    sign: bool = False


@dataclass(frozen=True)
class Figure:
    """A measured figure held against a threshold: value, 95 % interval and standard error."""

    value: float
    lo: float
    hi: float
    threshold: float
    op: str  # "<=", "<", ">=" or ">": the check wants value op threshold
    unit: str = "pts"

    @property
    def passed(self) -> bool:
        v, t = self.value, self.threshold
        return bool(
            {"<=": v <= t, "<": v < t, ">=": v >= t, ">": v > t}[self.op] and math.isfinite(v)
        )

    @property
    def borderline(self) -> bool:
        """Passes, but the interval reaches over the threshold."""
        if not self.passed:
            return False
        return self.lo < self.threshold if self.op[0] == ">" else self.hi > self.threshold

    @property
    def margin(self) -> float:
        """How far on the passing side of the threshold, in standard errors (negative: failing)."""
        se = max((self.hi - self.lo) / (2 * Z), 1e-12)
        d = self.value - self.threshold if self.op[0] == ">" else self.threshold - self.value
        if not math.isfinite(d):
            return -math.inf if d != d or d < 0 else math.inf
        return d / se

    def num(self, unit: str | None = None) -> Num:
        """The figure as a number to show, with its interval and threshold."""
        return Num(self.value, unit or self.unit, self.lo, self.hi, self.threshold)

    def as_dict(self) -> dict:
        return {
            "value": _r(self.value),
            "interval": [_r(self.lo), _r(self.hi)],
            "threshold": _r(self.threshold),
            "op": self.op,
            "unit": self.unit,
        }


def _r(x: float) -> float | None:
    x = float(x)
    return round(x, 6) if math.isfinite(x) else None


def mean_figure(x: np.ndarray, threshold: float, op: str, unit: str = "pts") -> Figure:
    """The mean of per-game numbers with its normal interval."""
    m = float(x.mean()) if x.size else math.nan
    se = float(x.std(ddof=1) / math.sqrt(x.size)) if x.size > 1 else 0.0
    return Figure(m, m - Z * se, m + Z * se, threshold, op, unit)


def paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean of a - b over paired games, its standard error and t statistic."""
    d = a - b
    mean = float(d.mean())
    se = float(d.std(ddof=1) / math.sqrt(d.size)) if d.size > 1 else 0.0
    t = mean / se if se > 0 else (math.inf if mean > 0 else (-math.inf if mean < 0 else 0.0))
    return mean, se, t


def paired_t(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean of a - b over paired games and its t statistic."""
    mean, _, t = paired(a, b)
    return mean, t


def t_figure(t: float, threshold: float = 0.0) -> Figure:
    """A t statistic held against its threshold; its interval is t ± 1.96 (a rerun's spread)."""
    return Figure(t, t - Z, t + Z, threshold, ">=", "t")


def diff_figure(a: np.ndarray, b: np.ndarray, threshold: float = 0.0, op: str = ">") -> Figure:
    """The paired mean difference a - b with its interval."""
    mean, se, _ = paired(a, b)
    return Figure(mean, mean - Z * se, mean + Z * se, threshold, op, "pts")


def ratio_figure(a: np.ndarray, b: np.ndarray, threshold: float, op: str = "<=") -> Figure:
    """mean(a) / mean(b) over paired games with its interval (delta method); infinite when the
    mean of b is not positive."""
    mb = float(b.mean())
    if mb <= 0:
        return Figure(math.inf, math.inf, math.inf, threshold, op, "pct")
    r = float(a.mean()) / mb
    d = (a - r * b) / mb
    se = float(d.std(ddof=1) / math.sqrt(d.size)) if d.size > 1 else 0.0
    return Figure(r, r - Z * se, r + Z * se, threshold, op, "pct")


def share_figure(k: float, n: float, threshold: float, op: str) -> Figure:
    """A share k / n with its Wilson interval."""
    if n <= 0:
        return Figure(math.nan, math.nan, math.nan, threshold, op, "pct")
    p = k / n
    denom = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom
    return Figure(p, max(0.0, centre - half), min(1.0, centre + half), threshold, op, "pct")


def worst(figures: Iterable[Figure]) -> Figure | None:
    """The figure closest to failing (or failing most)."""
    figures = list(figures)
    return min(figures, key=lambda f: f.margin) if figures else None


# --------------------------------------------------------------------------- checks

PASS, BORDERLINE, FAIL, SKIPPED = "pass", "borderline", "fail", "skipped"


@dataclass
class Check:
    """One design check: its verdict, the figures that decided it and what the lab advises."""

    id: str
    status: str  # pass, borderline, fail or skipped
    figure: list[Said]  # the sentence(s) of the verdict
    items: dict[str, Figure] = field(default_factory=dict)  # every figure held against a limit
    details: list[Said] = field(default_factory=list)
    needs: tuple[str, ...] = ()  # skipped: the bots it needs that were not played
    advice: list = field(default_factory=list)  # sim.advice.Advice
    repeats: list[tuple[int, str, Figure | None]] = field(default_factory=list)  # --seeds

    @property
    def passed(self) -> bool:
        """Passed, borderline or not (a skipped check fails nothing)."""
        return self.status != FAIL

    @property
    def deciding(self) -> Figure | None:
        """The figure closest to failing."""
        return worst(self.items.values())

    def problems(self) -> dict[str, Figure]:
        """The items that fail or are borderline."""
        return {k: f for k, f in self.items.items() if not f.passed or f.borderline}


def verdict(items: dict[str, Figure]) -> str:
    """fail if any figure fails, borderline if any is borderline, else pass."""
    if any(not f.passed for f in items.values()):
        return FAIL
    return BORDERLINE if any(f.borderline for f in items.values()) else PASS


def _check(cid: str, items: dict[str, Figure], figure, details=()) -> Check:
    figure = figure if isinstance(figure, list) else [figure]
    return Check(cid, verdict(items), figure, items, list(details))


DEFAULT_BOTS = ("random", "balanced", "managing-up", "managing-out", "adaptive")


def default_bots(scn: ScenarioData) -> list[str]:
    """The bots the lab plays by default: the named strategies and one per expectation."""
    return list(DEFAULT_BOTS) + [f"single:{e.id}" for e in scn.rules.expectations]


LATE_TURNS = 3  # "the last turns" of the trait check
MARGIN = 0.15  # "a clear margin": the adaptive bot scores at least 15 % more
T_MIN = 3.0  # a lever "changes the score" when barring it moves the mean by 3 standard errors
# model 2.0 checks (issue 11)
SITUATIONAL_MAX = 0.75  # no dilemma option best in more than this share of games
PREDICT_MIN, PREDICT_LIFT = 0.70, 0.05  # the state at arrival predicts the better option this
# often (cross-validated), and at least this much more often than always naming the usual best
CHOICE_GAP = 3.0  # mean points between a dilemma's best and worst option
STANCE_MAX = 0.95  # always taking one stance scores at most this share of the adaptive bot
BLIND_MAX = 0.90  # the adaptive bot without its situational reading, at most this share
ALL_HIGH, ALL_HIGH_MAX = 80.0, 0.10  # all three meters this high at the end: at most this share
LIMIT_TURNS_MAX = 1.0  # meter-turns at (within LIMIT_BAND of) 0 or 100 per game, adaptive bot
LIMIT_BAND = 2.0
UP_MAX, UP_LOST_MIN = (
    0.85,
    0.30,
)  # barred from managing up: score share at most, cover lost at least
MECHANIC_MIN = 3.0  # a turbulence kind's mechanic switched off moves the adaptive mean this much
DOMINANT = 0.95  # an option best (or worst) in this share of games is a free win (a trap)
# issue 14 checks
SATURATED_AT, SATURATED_MAX = 95.0, 0.25  # the best bot's meter at or above this at the end ...
# ... in at most this share of its games
STUCK_BAND, STUCK_SHARE = 5.0, 0.50  # a meter within this of 0 or 100 for this share of the
STUCK_BOTS = 0.50  # turns played is stuck; for more than this share of the bots it fails
CONTRADICT_PICK, CONTRADICT_BEST = 0.75, 0.60  # the adaptive bot picks A in more than this
# share of its choices while the forced runs show another option best in more than this share of
# the games: its own choices contradict the forced runs
MIN_GAMES = 10  # a dilemma that came up in fewer games is not judged

CHECKS = (
    "adaptive_beats_single_focus",
    "every_lever_matters",
    "up_versus_out",
    "diverse_beats_uniform",
    "traits_pay_off_over_time",
    "every_event_fires",
    "no_dominant_option",
    "best_option_depends_on_situation",
    "choosing_matters",
    "no_stance_is_a_recipe",
    "steady_beats_burst",
    "reading_the_situation_pays",
    "nobody_has_it_all",
    "meters_off_their_limits",
    "cover_must_be_earned",
    "each_turbulence_has_its_mechanic",
    "best_bot_not_saturated",
    "no_meter_stuck_for_most_bots",
    "adaptive_agrees_with_forced_runs",
)


def _dilemmas(scn: ScenarioData) -> list[int]:
    return [int(t) for t in np.nonzero(scn.t_n_options >= 2)[0]]


def _up_ids(scn: ScenarioData) -> list[str]:
    return [
        e.id
        for e, o in zip(scn.rules.expectations, scn.rules.orientation, strict=True)
        if o == "up"
    ]


def _stances_offered(scn: ScenarioData) -> list[str]:
    used = {int(x) for t in range(scn.n_templates) for x in scn.o_stance[t, : scn.t_n_options[t]]}
    return [s for s in STANCE_CHOICE if STANCES.index(s) in used]


def experiment(scn: ScenarioData, key: str) -> tuple[str, dict]:
    """The bot and job settings of a lab batch by its key (a bot's name, or an experiment)."""
    all_traits = ",".join(t.id for t in scn.rules.traits)
    no_traits = f"adaptive-without:{all_traits}"
    if key.startswith("without:"):
        return f"adaptive-without:{key.split(':', 1)[1]}", {}
    if key == "uniform_team":
        return "adaptive", {"variant": "uniform_team"}
    if key == "experiment:no_traits":
        return no_traits, {}
    if key == "experiment:late_invest":
        return "adaptive", {"late_invest": LATE_TURNS}
    if key.startswith("force:"):
        _, t, o = key.split(":")
        return "adaptive", {"force": (int(t), int(o))}
    if key.startswith("always:"):
        return f"adaptive-always:{key.split(':', 1)[1]}", {}
    if key == "experiment:no_up":
        return f"adaptive-without:{','.join(_up_ids(scn))}", {}
    if key in ("experiment:steady", "experiment:burst"):
        return no_traits, {"schedule": key.split(":", 1)[1]}
    if key.startswith("mechanic_off:"):
        return "adaptive", {"variant": f"mechanic:{key.split(':', 1)[1]}"}
    return key, {}  # a bot by name


def _forced_keys(scn: ScenarioData, t: int | None = None) -> list[str]:
    ts = _dilemmas(scn) if t is None else [t]
    return [f"force:{d}:{o}" for d in ts for o in range(int(scn.t_n_options[d]))]


def check_keys(scn: ScenarioData, cid: str) -> list[str]:
    """The lab batches (bots and experiments) a check reads."""
    exp_ids = [e.id for e in scn.rules.expectations]
    levers = exp_ids + [t.id for t in scn.rules.traits]
    return {
        "adaptive_beats_single_focus": ["adaptive", "random", "managing-up", "managing-out"]
        + [f"single:{e}" for e in exp_ids],
        "every_lever_matters": ["adaptive"] + [f"without:{x}" for x in levers],
        "up_versus_out": ["managing-up", "managing-out"],
        "diverse_beats_uniform": ["adaptive", "uniform_team"],
        "traits_pay_off_over_time": ["adaptive", "experiment:no_traits", "experiment:late_invest"],
        "every_event_fires": default_bots(scn),
        "no_dominant_option": _forced_keys(scn),
        "best_option_depends_on_situation": _forced_keys(scn),
        "choosing_matters": _forced_keys(scn),
        "no_stance_is_a_recipe": ["adaptive"] + [f"always:{s}" for s in _stances_offered(scn)],
        "steady_beats_burst": ["experiment:steady", "experiment:burst"],
        "reading_the_situation_pays": ["adaptive", "adaptive-blind"],
        "nobody_has_it_all": default_bots(scn),
        "meters_off_their_limits": ["adaptive"],
        "cover_must_be_earned": ["adaptive", "experiment:no_up"],
        "each_turbulence_has_its_mechanic": ["adaptive"] + [f"mechanic_off:{k}" for k in MECHANICS],
        "best_bot_not_saturated": [],  # the bots played
        "no_meter_stuck_for_most_bots": default_bots(scn),
        "adaptive_agrees_with_forced_runs": ["adaptive", *_forced_keys(scn)],
    }[cid]


ALL_EXPERIMENTS = "adaptive*"  # in --bots: the adaptive bot and every experiment of it
FAMILIES = ("adaptive-without:", "adaptive-always:", "adaptive+no-mechanic:", "single:")


def lab_bot(key: str) -> str:
    """The name `--bots` knows a lab batch's bot by: a bot's own name, or for an experiment
    the adaptive bot's variant it plays (adaptive-without:<id>, adaptive-without:traits,
    adaptive-without:up, adaptive-always:<stance>, adaptive-blind, adaptive+forced,
    adaptive+uniform-team, adaptive+late, adaptive+steady, adaptive+burst,
    adaptive+no-mechanic:<kind>)."""
    if key.startswith("without:"):
        return f"adaptive-without:{key.split(':', 1)[1]}"
    if key.startswith("always:"):
        return f"adaptive-always:{key.split(':', 1)[1]}"
    if key.startswith("force:"):
        return "adaptive+forced"
    if key.startswith("mechanic_off:"):
        return f"adaptive+no-mechanic:{key.split(':', 1)[1]}"
    return {
        "uniform_team": "adaptive+uniform-team",
        "experiment:no_traits": "adaptive-without:traits",
        "experiment:late_invest": "adaptive+late",
        "experiment:no_up": "adaptive-without:up",
        "experiment:steady": "adaptive+steady",
        "experiment:burst": "adaptive+burst",
    }.get(key, key)


def _family(name: str) -> str | None:
    return next((f + "*" for f in FAMILIES if name.startswith(f)), None)


def listed(name: str, bots: Iterable[str]) -> bool:
    """Whether a lab bot is in a --bots list: by name, by its family (adaptive-without:*,
    adaptive-always:*, adaptive+no-mechanic:*) or, for an experiment, by adaptive*."""
    bots = set(bots)
    if name in bots or _family(name) in bots:
        return True
    return ALL_EXPERIMENTS in bots and name.startswith("adaptive") and name != "adaptive"


def is_lab_bot(scn: ScenarioData, name: str) -> bool:
    """Whether a --bots name is one of the lab's experiments (or a family or adaptive*)."""
    if name == ALL_EXPERIMENTS or (name.endswith(":*") and name[:-1] in FAMILIES):
        return True
    keys = {k for cid in CHECKS for k in check_keys(scn, cid) if not is_player(k)}
    return name in {lab_bot(k) for k in keys}


def check_needs(scn: ScenarioData, cid: str) -> list[str]:
    """The bots a check needs played, by the names --bots knows them by."""
    return list(dict.fromkeys(lab_bot(k) for k in check_keys(scn, cid)))


def missing(needs: Iterable[str], bots: Iterable[str]) -> list[str]:
    """The bots of `needs` not in a --bots list, a family named once when it all is missing."""
    out: list[str] = []
    needs = list(needs)
    for name in needs:
        if listed(name, bots):
            continue
        fam = _family(name)
        members = [n for n in needs if _family(n) == fam] if fam else []
        whole = fam and len(members) > 1 and not any(listed(n, bots) for n in members)
        label = fam if whole else name
        if label not in out:
            out.append(label)
    return out


def played_for(scn: ScenarioData, only: Iterable[str] | None = None) -> list[str]:
    """The bots played when none are named: all of them and every experiment, or what the
    chosen checks need."""
    if only is None:
        return [*default_bots(scn), ALL_EXPERIMENTS]
    needed = [b for cid in only for b in check_needs(scn, cid)]
    return list(dict.fromkeys(needed)) or ["adaptive"]


def is_experiment_name(name: str) -> bool:
    """Whether a --bots name is one of the adaptive bot's experiments (or a pattern of them)."""
    return name in (ALL_EXPERIMENTS, "adaptive-blind") or name.startswith(
        ("adaptive+", "adaptive-without:", "adaptive-always:")
    )


def named(bots: Iterable[str], scn: ScenarioData | None = None) -> list[str]:
    """The bots of a --bots list that are played by name (not experiments or patterns), with
    single:* as one single-focus bot per expectation."""
    out: list[str] = []
    for b in bots:
        if b == "single:*" and scn is not None:
            out += [f"single:{e.id}" for e in scn.rules.expectations]
        elif not is_experiment_name(b) and b != "single:*":
            out.append(b)
    return list(dict.fromkeys(out))


def lab_jobs(
    scn: ScenarioData,
    bots: list[str] | None,
    games: int,
    seed: int,
    checks: bool = True,
    only: Iterable[str] | None = None,
) -> list[Job]:
    """Every batch the lab needs: the bots asked for (all, and every experiment, by default)
    and the experiments of each check (or of those in `only`) whose bots are all listed."""
    bots = list(dict.fromkeys(bots or played_for(scn, only)))
    keys = named(bots, scn)
    if checks:
        for cid in only or CHECKS:
            if not missing(check_needs(scn, cid), bots):
                keys += [k for k in check_keys(scn, cid) if k not in keys]
    jobs: list[Job] = []
    for key in keys:
        bot, extra = experiment(scn, key)
        jobs += chunks(key, bot, seed, games, **extra)
    return jobs


def _forced(scn: ScenarioData, stats: dict[str, BotStats], t: int):
    """Scores [O, G] of a dilemma's forced runs and the games in which it came up."""
    n_opt = int(scn.t_n_options[t])
    forced = np.array([stats[f"force:{t}:{o}"].scores for o in range(n_opt)])
    met = stats[f"force:{t}:0"].fired[:, t] > 0  # games in which it came up (exogenous start)
    return forced, met


def predictability(x: np.ndarray, forced: np.ndarray) -> float | None:
    """How often a linear reading of the situation at arrival `x` [G, F] names the option that
    scored best [O, G], cross-validated over two halves of the games (None: too few games)."""
    g = x.shape[0]
    if g < 40 or np.isnan(x).any():
        return None
    a = np.concatenate([x, np.ones((g, 1))], axis=1)
    rel = (forced - forced.mean(axis=0)).T  # [G, O] each option against the mean of all
    best = np.argmax(forced, axis=0)
    hits = 0
    for fold in (0, 1):
        train = np.arange(g) % 2 != fold
        coef, *_ = np.linalg.lstsq(a[train], rel[train], rcond=None)
        pred = np.argmax(a[~train] @ coef, axis=1)
        hits += int((pred == best[~train]).sum())
    return hits / g


def _pct(share: float) -> Num:
    return Num(share, "pct")


def _pts(x: float, sign: bool = False) -> Num:
    return Num(x, "pts", sign=sign)


# each check: (scn, stats, played bots) -> Check ------------------------------------------------


def check_adaptive_beats_single_focus(scn, stats, played) -> Check:
    """The adaptive bot beats every single-focus bot and the random bot clearly."""
    ada = stats["adaptive"]
    items, details = {}, []
    for r in ["random", "managing-up", "managing-out"] + [
        f"single:{e.id}" for e in scn.rules.expectations
    ]:
        fig = ratio_figure(stats[r].scores, ada.scores, 1 - MARGIN)
        items[r] = fig
        details.append(
            said("lab.d.rival", bot=r, mean=_pts(stats[r].scores.mean()), share=fig.num())
        )
    closest = max(items, key=lambda r: items[r].value)
    fig = said(
        "lab.f.adaptive_beats_single_focus",
        adaptive=_pts(ada.scores.mean()),
        bot=closest,
        share=items[closest].num(),
        limit=_pct(1 - MARGIN),
    )
    return _check("adaptive_beats_single_focus", items, fig, details)


def check_every_lever_matters(scn, stats, played) -> Check:
    """Every expectation lowers the score when the adaptive bot is barred from it, and every
    trait changes it (barring one that raises the score is flagged: building it costs more than
    it returns in this scenario)."""
    ada = stats["adaptive"]
    items, details, costly = {}, [], []
    exp_ids = {e.id for e in scn.rules.expectations}
    for lever in [e.id for e in scn.rules.expectations] + [t.id for t in scn.rules.traits]:
        diff, se, t = paired(ada.scores, stats[f"without:{lever}"].scores)
        details.append(
            said(
                "lab.d.without",
                lever=lever,
                diff=Num(diff, "pts", diff - Z * se, diff + Z * se, sign=True),
                t=Num(t, "t", thr=T_MIN if lever in exp_ids else None),
            )
        )
        if lever in exp_ids:
            items[f"expectation:{lever}"] = t_figure(t, T_MIN)
        else:
            items[f"trait:{lever}"] = t_figure(abs(t), T_MIN)
            if abs(t) >= T_MIN and diff < 0:
                costly.append(lever)
    weak = [k.split(":", 1)[1] for k, f in items.items() if not f.passed]
    near = [k.split(":", 1)[1] for k, f in items.items() if f.borderline]
    figure = [
        said("lab.f.every_lever_matters.weak", levers=weak)
        if weak
        else said("lab.f.every_lever_matters.ok")
    ]
    if near:
        figure.append(said("lab.f.every_lever_matters.near", levers=near))
    if costly:
        figure.append(said("lab.f.every_lever_matters.costly", levers=costly))
    return _check("every_lever_matters", items, figure, details)


def check_up_versus_out(scn, stats, played) -> Check:
    """Managing up keeps cover but creates less value than managing out."""
    up, outb = stats["managing-up"], stats["managing-out"]
    cover = diff_figure(up.final[:, COVER], outb.final[:, COVER])
    value = diff_figure(outb.value_per_turn_in_office(), up.value_per_turn_in_office())
    fig = said(
        "lab.f.up_versus_out",
        up_cover=_pts(up.final[:, COVER].mean()),
        out_cover=_pts(outb.final[:, COVER].mean()),
        cover_diff=replace(cover.num(), sign=True),
        up_value=_pts(up.value_per_turn_in_office().mean()),
        out_value=_pts(outb.value_per_turn_in_office().mean()),
        value_diff=replace(value.num(), sign=True),
    )
    return _check("up_versus_out", {"cover": cover, "value": value}, fig)


def check_diverse_beats_uniform(scn, stats, played) -> Check:
    """A diverse team beats a uniform team of equal total skill."""
    ada, uni = stats["adaptive"], stats["uniform_team"]
    diff, se, t = paired(ada.scores, uni.scores)
    fig_t = t_figure(t, T_MIN)
    fig = said(
        "lab.f.diverse_beats_uniform",
        diverse=_pts(ada.scores.mean()),
        uniform=_pts(uni.scores.mean()),
        diff=Num(diff, "pts", diff - Z * se, diff + Z * se, sign=True),
        t=Num(t, "t", thr=T_MIN),
    )
    return _check("diverse_beats_uniform", {"t": fig_t}, fig)


def check_traits_pay_off_over_time(scn, stats, played) -> Check:
    """Building traits pays off over a full game, but not in the last turns."""
    ada = stats["adaptive"]
    full, se_f, t_full = paired(ada.scores, stats["experiment:no_traits"].scores)
    late, se_l, t_late = paired(ada.scores, stats["experiment:late_invest"].scores)
    items = {"full_game": t_figure(t_full, T_MIN), "last_turns": t_figure(t_late, T_MIN)}
    fig = said(
        "lab.f.traits_pay_off_over_time",
        full=Num(full, "pts", full - Z * se_f, full + Z * se_f, sign=True),
        t_full=Num(t_full, "t", thr=T_MIN),
        turns=LATE_TURNS,
        late=Num(late, "pts", late - Z * se_l, late + Z * se_l),
        t_late=Num(t_late, "t", thr=T_MIN),
    )
    return _check("traits_pay_off_over_time", items, fig)


def check_every_event_fires(scn, stats, played) -> Check:
    """Every template can fire; the rarest should fire often enough that a rerun sees it too."""
    fired = sum(s.fired.sum(axis=0) for k, s in stats.items() if not k.startswith("force:"))
    never = [scn.templates[i].id for i in np.nonzero(fired == 0)[0]]
    items = {}
    for i, tm in enumerate(scn.templates):
        k = float(fired[i])
        half = Z * math.sqrt(k)  # a Poisson count's interval
        items[tm.id] = Figure(k, max(0.0, k - half), k + half, 1.0, ">=", "n")
    rarest = min(items, key=lambda i: items[i].value)
    figure = [
        said("lab.f.every_event_fires", fired=scn.n_templates - len(never), n=scn.n_templates)
    ]
    if never:
        figure.append(said("lab.f.every_event_fires.never", events=never))
    else:
        figure.append(
            said("lab.f.every_event_fires.rarest", event=rarest, count=items[rarest].num())
        )
    return _check("every_event_fires", items, figure)


def check_no_dominant_option(scn, stats, played) -> Check:
    """No dilemma option is best (or worst) in every situation."""
    items, details, bad = {}, [], []
    for t in _dilemmas(scn):
        tmpl = scn.templates[t]
        forced, met = _forced(scn, stats, t)
        n_opt = forced.shape[0]
        for o in range(n_opt):
            others = np.max([forced[p] for p in range(n_opt) if p != o], axis=0)
            worse_all = np.min([forced[p] for p in range(n_opt) if p != o], axis=0)
            mine = forced[o]
            if (met & (mine != others)).sum() < MIN_GAMES:
                continue
            n = int(met.sum())
            best = share_figure(float((mine[met] > others[met]).sum()), n, DOMINANT, "<")
            worst_ = share_figure(float((mine[met] < worse_all[met]).sum()), n, DOMINANT, "<")
            items[f"best:{t}:{o}"] = best
            items[f"worst:{t}:{o}"] = worst_
            details.append(
                said(
                    "lab.d.option",
                    option=f"{tmpl.id}/{tmpl.option_ids[o]}",
                    best=best.num(),
                    worst=worst_.num(),
                    mean=_pts(mine[met].mean()),
                )
            )
            name = f"{tmpl.id}/{tmpl.option_ids[o]}"
            if not best.passed:
                bad.append(said("lab.f.no_dominant_option.free_win", option=name, share=best.num()))
            if not worst_.passed:
                bad.append(said("lab.f.no_dominant_option.trap", option=name, share=worst_.num()))
    if not bad:
        top = worst(items.values())
        bad = [said("lab.f.no_dominant_option.ok", closest=top.num() if top else _pct(0.0))]
    return _check("no_dominant_option", items, bad, details)


def check_best_option_depends_on_situation(scn, stats, played) -> Check:
    """Every dilemma's best option depends on the situation, and the situation shows it."""
    items, details, bad, near = {}, [], [], []
    for t in _dilemmas(scn):
        tmpl = scn.templates[t]
        forced, met = _forced(scn, stats, t)
        if met.sum() < MIN_GAMES:
            continue
        f = forced[:, met]
        counts = np.bincount(np.argmax(f, axis=0), minlength=f.shape[0])
        top = int(np.argmax(counts))
        often = share_figure(float(counts[top]), f.shape[1], SITUATIONAL_MAX, "<=")
        items[f"often:{t}:{top}"] = often
        gap = float((f.max(axis=0) - f.min(axis=0)).mean())
        details.append(
            said(
                "lab.d.situation",
                dilemma=tmpl.id,
                option=tmpl.option_ids[top],
                share=often.num(),
                games=f.shape[1],
                gap=_pts(gap),
            )
        )
        if not often.passed or often.borderline:
            name = f"{tmpl.id}/{tmpl.option_ids[top]}"
            line = said("lab.f.best_option.often", option=name, share=often.num())
            (bad if not often.passed else near).append(line)
        acc = predictability(stats[f"force:{t}:0"].arrival[met, t], f)
        if acc is not None:
            need = max(PREDICT_MIN, often.value + PREDICT_LIFT)
            fig = share_figure(acc * f.shape[1], f.shape[1], need, ">=")
            items[f"predict:{t}:{top}"] = fig
            details.append(
                said(
                    "lab.d.predict",
                    dilemma=tmpl.id,
                    share=fig.num(),
                    option=tmpl.option_ids[top],
                    always=_pct(often.value),
                )
            )
            if not fig.passed or fig.borderline:
                line = said("lab.f.best_option.predict", dilemma=tmpl.id, share=fig.num())
                (bad if not fig.passed else near).append(line)
    figure = bad or [said("lab.f.best_option.ok", limit=_pct(SITUATIONAL_MAX))]
    if near:
        figure.append(said("lab.f.near", what=near))
    return _check("best_option_depends_on_situation", items, figure, details)


def _gaps(scn, stats) -> list[tuple[int, np.ndarray]]:
    out = []
    for t in _dilemmas(scn):
        forced, met = _forced(scn, stats, t)
        if met.sum() >= MIN_GAMES:
            f = forced[:, met]
            out.append((t, f.max(axis=0) - f.min(axis=0)))
    return out


def check_choosing_matters(scn, stats, played) -> Check:
    """The mean gap between a dilemma's best and worst option is large enough to matter."""
    gaps = _gaps(scn, stats)
    if gaps:
        means = np.array([g.mean() for _, g in gaps])
        ses = np.array([g.std(ddof=1) / math.sqrt(g.size) if g.size > 1 else 0.0 for _, g in gaps])
        m = float(means.mean())
        se = float(math.sqrt((ses**2).sum()) / len(gaps))
    else:
        m, se = 0.0, 0.0
    fig = Figure(m, m - Z * se, m + Z * se, CHOICE_GAP, ">=", "pts")
    text = said("lab.f.choosing_matters", gap=fig.num(), limit=_pts(CHOICE_GAP))
    return _check("choosing_matters", {"gap": fig}, text)


def check_no_stance_is_a_recipe(scn, stats, played) -> Check:
    """No stance is a recipe: always taking it scores clearly less than judging each time."""
    ada = stats["adaptive"]
    items, details = {}, []
    for st in _stances_offered(scn):
        fig = ratio_figure(stats[f"always:{st}"].scores, ada.scores, STANCE_MAX)
        items[st] = fig
        details.append(
            said(
                "lab.d.stance",
                stance=st,
                mean=_pts(stats[f"always:{st}"].scores.mean()),
                share=fig.num(),
            )
        )
    if items:
        closest = max(items, key=lambda s: items[s].value)
        text = said(
            "lab.f.no_stance_is_a_recipe",
            stance=closest,
            share=items[closest].num(),
            limit=_pct(STANCE_MAX),
        )
    else:
        text = said("lab.f.no_stance_is_a_recipe.none")
    return _check("no_stance_is_a_recipe", items, text, details)


def check_steady_beats_burst(scn, stats, played) -> Check:
    """Steady trait work beats a burst of the same chips."""
    steady, burst = stats["experiment:steady"].scores, stats["experiment:burst"].scores
    diff, se, t = paired(steady, burst)
    fig_t = t_figure(t, T_MIN)
    text = said(
        "lab.f.steady_beats_burst",
        steady=_pts(steady.mean()),
        burst=_pts(burst.mean()),
        diff=Num(diff, "pts", diff - Z * se, diff + Z * se, sign=True),
        t=Num(t, "t", thr=T_MIN),
    )
    return _check("steady_beats_burst", {"t": fig_t}, text)


def check_reading_the_situation_pays(scn, stats, played) -> Check:
    """The adaptive bot without its situational reading scores clearly less."""
    blind, ada = stats["adaptive-blind"].scores, stats["adaptive"].scores
    fig = ratio_figure(blind, ada, BLIND_MAX)
    text = said(
        "lab.f.reading_the_situation_pays",
        blind=_pts(blind.mean()),
        share=fig.num(),
        limit=_pct(BLIND_MAX),
    )
    return _check("reading_the_situation_pays", {"share": fig}, text)


def check_nobody_has_it_all(scn, stats, played) -> Check:
    """The triangle binds: no way of playing ends with all three meters high."""
    items = {}
    for name, st in stats.items():
        if name.startswith("mechanic_off:"):  # another model, not a way of playing this one
            continue
        k = float((st.final >= ALL_HIGH).all(axis=1).sum())
        items[name] = share_figure(k, st.n, ALL_HIGH_MAX, "<=")
    top = max(items, key=lambda k: (items[k].value, -list(items).index(k)))
    text = said(
        "lab.f.nobody_has_it_all",
        high=_pts(ALL_HIGH),
        bot=top if items[top].value > 0 else said("lab.nobody"),
        share=items[top].num(),
        limit=_pct(ALL_HIGH_MAX),
    )
    return _check("nobody_has_it_all", items, text)


def limit_turns(st: BotStats, band: float = LIMIT_BAND) -> tuple[np.ndarray, np.ndarray]:
    """Per game and meter, the turns played within `band` of 100 and of 0 ([G, 3] each)."""
    played = st.played()[..., None]
    top = ((st.history >= 100.0 - band) & played).sum(axis=1)
    bottom = ((st.history <= band) & played).sum(axis=1)
    return top, bottom


def check_meters_off_their_limits(scn, stats, played) -> Check:
    """The adaptive bot's meters are seldom at 0 or 100."""
    top, bottom = limit_turns(stats["adaptive"])
    per_game = (top + bottom).sum(axis=1).astype(float)
    fig = mean_figure(per_game, LIMIT_TURNS_MAX, "<=", "n")
    parts = []
    for i, m in enumerate(METERS):
        for side, arr in (("100", top), ("0", bottom)):
            share = float(arr[:, i].mean())
            if share >= 0.05:
                parts.append(said("lab.d.at_limit", meter=m, limit=side, turns=Num(share, "pts")))
    text = said(
        "lab.f.meters_off_their_limits",
        band=_pts(LIMIT_BAND),
        turns=fig.num(),
        limit=_pts(LIMIT_TURNS_MAX),
    )
    return _check("meters_off_their_limits", {"all": fig}, text, parts)


def check_cover_must_be_earned(scn, stats, played) -> Check:
    """Barred from managing up, the adaptive bot scores clearly less and loses its cover."""
    no_up, ada = stats["experiment:no_up"], stats["adaptive"]
    share = ratio_figure(no_up.scores, ada.scores, UP_MAX)
    lost = share_figure(float((no_up.ended_because == END_COVER).sum()), no_up.n, UP_LOST_MIN, ">=")
    text = said(
        "lab.f.cover_must_be_earned",
        share=share.num(),
        share_limit=_pct(UP_MAX),
        lost=lost.num(),
        lost_limit=_pct(UP_LOST_MIN),
    )
    return _check("cover_must_be_earned", {"score": share, "cover_lost": lost}, text)


def check_each_turbulence_has_its_mechanic(scn, stats, played) -> Check:
    """Each turbulence kind's own mechanic matters."""
    ada = stats["adaptive"]
    items, details = {}, []
    for kind in MECHANICS:
        off = stats[f"mechanic_off:{kind}"].scores
        diff, se, _ = paired(off, ada.scores)
        fig = Figure(abs(diff), abs(diff) - Z * se, abs(diff) + Z * se, MECHANIC_MIN, ">=", "pts")
        items[kind] = fig
        details.append(
            said(
                "lab.d.mechanic",
                kind=kind,
                mean=_pts(off.mean()),
                diff=Num(diff, "pts", diff - Z * se, diff + Z * se, sign=True),
            )
        )
    weak = [k for k, f in items.items() if not f.passed]
    near = [k for k, f in items.items() if f.borderline]
    text = [
        said("lab.f.each_turbulence.weak", kinds=weak)
        if weak
        else said("lab.f.each_turbulence.ok", limit=_pts(MECHANIC_MIN))
    ]
    if near:
        text.append(said("lab.f.near", what=near))
    return _check("each_turbulence_has_its_mechanic", items, text, details)


def best_bot(stats: dict[str, BotStats], played: list[str]) -> str:
    """The played bot with the highest mean score."""
    return max(played, key=lambda b: (stats[b].scores.mean(), b == "adaptive"))


def check_best_bot_not_saturated(scn, stats, played) -> Check:
    """The best way of playing does not push a meter to its ceiling: something must still bind."""
    bot = best_bot(stats, played)
    st = stats[bot]
    items, details = {}, []
    for i, m in enumerate(METERS):
        k = float((st.final[:, i] >= SATURATED_AT).sum())
        items[m] = share_figure(k, st.n, SATURATED_MAX, "<=")
        details.append(
            said(
                "lab.d.saturated",
                meter=m,
                at=_pts(SATURATED_AT),
                share=items[m].num(),
                mean=_pts(st.final[:, i].mean()),
            )
        )
    top = max(items, key=lambda m: items[m].value)
    text = said(
        "lab.f.best_bot_not_saturated",
        bot=bot,
        meter=top,
        at=_pts(SATURATED_AT),
        share=items[top].num(),
        limit=_pct(SATURATED_MAX),
    )
    return _check("best_bot_not_saturated", items, text, details)


def stuck_shares(st: BotStats, band: float = STUCK_BAND) -> tuple[np.ndarray, np.ndarray]:
    """Per meter, the mean share of turns played within `band` of 100 and of 0 ([3] each)."""
    top, bottom = limit_turns(st, band)
    turns = np.maximum(st.played().sum(axis=1), 1)[:, None]
    return (top / turns).mean(axis=0), (bottom / turns).mean(axis=0)


def check_no_meter_stuck_for_most_bots(scn, stats, played) -> Check:
    """No meter sits at 0 or 100 for most of the game for most of the bots (it would stop
    telling the ways of playing apart)."""
    bots = [b for b in played if b in stats]
    items, details = {}, []
    for i, m in enumerate(METERS):
        for side in ("100", "0"):
            stuck = []
            for b in bots:
                top, bottom = stuck_shares(stats[b])
                if (top if side == "100" else bottom)[i] >= STUCK_SHARE:
                    stuck.append(b)
            fig = share_figure(float(len(stuck)), len(bots), STUCK_BOTS, "<=")
            # whether the majority holds is a count of bots; its interval is the bots' own
            items[f"{m}:{side}"] = replace(fig, lo=fig.value, hi=fig.value)
            if stuck:
                details.append(said("lab.d.stuck", meter=m, limit=side, bots=stuck))
    top = max(items, key=lambda k: items[k].value)
    m, side = top.split(":")
    n_stuck = round(items[top].value * len(bots))
    text = said(
        "lab.f.no_meter_stuck",
        meter=m,
        limit=side,
        bots=Num(n_stuck, "n"),
        n=Num(len(bots), "n"),
        share=_pct(STUCK_SHARE),
        band=_pts(STUCK_BAND),
    )
    return _check("no_meter_stuck_for_most_bots", items, text, details)


def adaptive_choices(scn: ScenarioData, stats: dict[str, BotStats], t: int) -> np.ndarray:
    """How often the adaptive bot chose each option of dilemma t, over all its games [O]."""
    return stats["adaptive"].picks[:, t, : int(scn.t_n_options[t])].sum(axis=0)


def check_adaptive_agrees_with_forced_runs(scn, stats, played) -> Check:
    """The adaptive bot's own choices do not contradict the forced runs: when it picks one
    option in most of its choices, no other option is best in most games."""
    items, details, bad, near = {}, [], [], []
    for t in _dilemmas(scn):
        tmpl = scn.templates[t]
        picks = adaptive_choices(scn, stats, t)
        forced, met = _forced(scn, stats, t)
        if picks.sum() < MIN_GAMES or met.sum() < MIN_GAMES:
            continue
        a = int(np.argmax(picks))
        f = forced[:, met]
        best = np.bincount(np.argmax(f, axis=0), minlength=f.shape[0])
        others = [o for o in range(f.shape[0]) if o != a]
        b = max(others, key=lambda o: best[o])
        picked = share_figure(float(picks[a]), float(picks.sum()), CONTRADICT_PICK, ">")
        fig = share_figure(float(best[b]), f.shape[1], CONTRADICT_BEST, "<=")
        if not picked.passed:  # no clear favourite: nothing to contradict
            fig = replace(fig, threshold=1.0)
        items[f"agree:{t}:{a}:{b}"] = fig
        line = said(
            "lab.d.agree",
            dilemma=tmpl.id,
            picked=tmpl.option_ids[a],
            picked_share=picked.num(),
            best=tmpl.option_ids[b],
            best_share=fig.num(),
        )
        details.append(line)
        if not fig.passed:
            bad.append(line)
        elif fig.borderline:
            near.append(line)
    ok = said("lab.f.adaptive_agrees.ok", pick=_pct(CONTRADICT_PICK), best=_pct(CONTRADICT_BEST))
    text = bad or [ok]
    if near:
        text.append(said("lab.f.near", what=near))
    return _check("adaptive_agrees_with_forced_runs", items, text, details)


CHECK_FUNCTIONS: dict[str, Callable[..., Check]] = {
    cid: globals()[f"check_{cid}"] for cid in CHECKS
}


def design_checks(
    scn: ScenarioData,
    stats: dict[str, BotStats],
    played: list[str] | None = None,
    only: Iterable[str] | None = None,
) -> list[Check]:
    """The design properties of GAME.md and the model, each as pass, borderline, fail or
    skipped (when a bot it needs was not played: `needs` names them) with its figures.
    `played`: the bots played by name (default: those in `stats`)."""
    played = [b for b in (played if played is not None else stats) if is_player(b)]
    played = [b for b in played if b in stats]
    out = []
    for cid in only or CHECKS:
        absent = [k for k in check_keys(scn, cid) if k not in stats]
        if absent or (cid == "best_bot_not_saturated" and not played):
            needs = missing(check_needs(scn, cid), [lab_bot(k) for k in stats])
            out.append(Check(cid, SKIPPED, [], needs=tuple(needs or ["adaptive"])))
            continue
        out.append(CHECK_FUNCTIONS[cid](scn, stats, played))
    return out


def model_checks(scn: ScenarioData, stats: dict[str, BotStats]) -> list[Check]:
    """The checks of model 2.0 (judgment wins)."""
    return design_checks(scn, stats, only=CHECKS[7:16])


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
) -> LabResult:
    """Play the scenario with the bots (all by default), run the design checks whose bots were
    played, on `seeds` blocks of `games` seeds (block k starts at seed + k * games, so no two
    blocks share a game), and, with `advice`, try changes for each check that fails or is
    borderline (sim.advice)."""
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
            from .advice import advise

            for c in found:
                if c.status in (FAIL, BORDERLINE) and c.id not in advised:
                    c.advice = advise(path, scn, stats, names, c, start, adv_n, n_jobs)
                    advised.add(c.id)
        repeats.append((start, found))
        if k == 0:
            first = stats
    merged = combine(repeats) if checks else []
    return LabResult(scn, games, seed, first, merged, names, max(1, seeds), adv_n if advice else 0)


EXPERIMENTS = (
    "without:", "experiment:", "force:", "uniform_team", "always:", "adaptive-blind",
    "mechanic_off:",
)  # fmt: skip


def is_player(key: str) -> bool:
    """Whether a lab batch is a bot asked for by name (not one of the checks' experiments)."""
    return not key.startswith(EXPERIMENTS)


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
