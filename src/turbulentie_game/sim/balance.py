"""The balance lab: many games per bot through the batch engine, statistics and design checks."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

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
from .bots import (
    STANCE_CHOICE,
    Bot,
    ForcedOption,
    LateInvestment,
    TraitSchedule,
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

    @property
    def n(self) -> int:
        return self.scores.shape[0]

    def value_per_turn_in_office(self) -> np.ndarray:
        """Mean public value per turn actually played."""
        return self.value_sum / np.maximum(self.ended_turn, 1)


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


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Job:
    """One batch to play: a bot (by name, or a forced dilemma option) over a range of seeds."""

    key: str
    bot: str
    seeds: tuple[int, int]  # start, stop
    variant: str = ""  # "" or "uniform_team"
    force: tuple[int, int] | None = None  # (template, option)
    late_invest: int = 0  # > 0: also build traits in the last this many turns
    schedule: str = ""  # "steady" or "burst": trait work on a fixed schedule


_WORKER_SCENARIOS: dict[str, tuple[ScenarioData, ScenarioData | None]] = {}


def _scenario_for(path: str, variant: str) -> ScenarioData:
    from ..scenario.compile import load_scenario  # loaded once per worker process

    if path not in _WORKER_SCENARIOS:
        _WORKER_SCENARIOS[path] = (load_scenario(path), None)
    base, uniform = _WORKER_SCENARIOS[path]
    if variant.startswith("mechanic:"):
        switched = dict(MECHANICS[variant.split(":", 1)[1]])
        rules = replace(base.rules, constants={**base.rules.constants, **switched})
        return replace(base, rules=rules)
    if variant == "uniform_team":
        if uniform is None:
            uniform = uniform_team_variant(path)
            _WORKER_SCENARIOS[path] = (base, uniform)
        return uniform
    return base


def uniform_team_variant(path: str) -> ScenarioData:
    """The scenario with every member given the team's mean skills (same total skill)."""
    from ..scenario.compile import compile_scenario, read_scenario
    from ..scenario.load import load_rules_spec

    spec, _ = read_scenario(path)
    total: dict[str, float] = {}
    for member in spec.team:
        for k, v in member.skills.items():
            total[k] = total.get(k, 0.0) + v
    mean = {k: v / len(spec.team) for k, v in total.items()}
    team = [m.model_copy(update={"skills": mean}) for m in spec.team]
    return compile_scenario(spec.model_copy(update={"team": team}), load_rules_spec())


def run_job(path: str, job: Job) -> tuple[str, BotStats]:
    """Play one job (in this process or a worker)."""
    scn = _scenario_for(path, job.variant)
    bot = make_bot(job.bot, scn)
    if job.late_invest:
        bot = LateInvestment(name=f"{job.bot}+late", inner=bot, turns=job.late_invest)
    if job.schedule:
        steady, burst = steady_and_burst(scn)
        plan = steady if job.schedule == "steady" else burst
        bot = TraitSchedule(name=f"{job.bot}+{job.schedule}", inner=bot, chips=plan)
    if job.force is not None:
        bot = ForcedOption(
            name=f"{job.bot}+force", inner=bot, template=job.force[0], option=job.force[1]
        )
    seeds = np.arange(job.seeds[0], job.seeds[1], dtype=np.uint64)
    return job.key, play_stats(scn, bot, seeds)


def run_jobs(
    path: str, jobs: list[Job], n_jobs: int = 1, progress: Callable[[int, int], None] | None = None
) -> dict[str, BotStats]:
    """Run every job, in several processes if asked; the results do not depend on n_jobs."""
    parts: dict[str, list[tuple[int, BotStats]]] = {}
    done = 0
    if n_jobs <= 1:
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


# --------------------------------------------------------------------------- checks


@dataclass
class Check:
    """One design check: passed or not, with the figure that decided it."""

    id: str
    passed: bool
    figure: str
    details: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.passed = bool(self.passed)  # numpy comparisons give numpy booleans


def paired_t(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean of a - b over paired games and its t statistic."""
    d = a - b
    se = d.std(ddof=1) / np.sqrt(d.size) if d.size > 1 else 0.0
    return float(d.mean()), float(d.mean() / se) if se > 0 else (np.inf if d.mean() > 0 else 0.0)


DEFAULT_BOTS = ("random", "balanced", "managing-up", "managing-out", "adaptive")


def default_bots(scn: ScenarioData) -> list[str]:
    """The bots the lab plays by default: the named strategies and one per expectation."""
    return list(DEFAULT_BOTS) + [f"single:{e.id}" for e in scn.rules.expectations]


@dataclass
class LabResult:
    """Everything the balance lab measured and concluded."""

    scenario: ScenarioData
    games: int
    seed: int
    stats: dict[str, BotStats]
    checks: list[Check]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


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


def lab_jobs(scn: ScenarioData, bots: list[str], games: int, seed: int, checks: bool) -> list[Job]:
    """Every batch the lab needs: the chosen bots and, for the checks, the extra experiments."""
    jobs: list[Job] = []
    names = list(dict.fromkeys(bots + (default_bots(scn) if checks else [])))
    for b in names:
        jobs += chunks(b, b, seed, games)
    if checks:
        for lever in [e.id for e in scn.rules.expectations] + [t.id for t in scn.rules.traits]:
            jobs += chunks(f"without:{lever}", f"adaptive-without:{lever}", seed, games)
        jobs += chunks("uniform_team", "adaptive", seed, games, variant="uniform_team")
        all_traits = ",".join(t.id for t in scn.rules.traits)
        jobs += chunks("experiment:no_traits", f"adaptive-without:{all_traits}", seed, games)
        jobs += chunks("experiment:late_invest", "adaptive", seed, games, late_invest=LATE_TURNS)
        for t in np.nonzero(scn.t_n_options >= 2)[0]:
            for o in range(int(scn.t_n_options[t])):
                jobs += chunks(f"force:{t}:{o}", "adaptive", seed, games, force=(int(t), o))
        for st in _stances_offered(scn):
            jobs += chunks(f"always:{st}", f"adaptive-always:{st}", seed, games)
        jobs += chunks("adaptive-blind", "adaptive-blind", seed, games)
        jobs += chunks(
            "experiment:no_up", f"adaptive-without:{','.join(_up_ids(scn))}", seed, games
        )
        no_traits = f"adaptive-without:{all_traits}"
        jobs += chunks("experiment:steady", no_traits, seed, games, schedule="steady")
        jobs += chunks("experiment:burst", no_traits, seed, games, schedule="burst")
        for kind in MECHANICS:
            jobs += chunks(
                f"mechanic_off:{kind}", "adaptive", seed, games, variant=f"mechanic:{kind}"
            )
    return jobs


def design_checks(scn: ScenarioData, stats: dict[str, BotStats]) -> list[Check]:
    """The design properties of GAME.md, each as PASS or FAIL with its figure."""
    out: list[Check] = []
    ada = stats["adaptive"]
    am = ada.scores.mean()

    # 1. the adaptive bot beats every single-focus bot and the random bot clearly
    rivals = ["random", "managing-up", "managing-out"] + [
        f"single:{e.id}" for e in scn.rules.expectations
    ]
    details = []
    worst = None
    for r in rivals:
        m = stats[r].scores.mean()
        ratio = m / am if am > 0 else np.inf
        details.append(f"{r}: {m:.1f} ({100 * ratio:.0f}% of adaptive)")
        if worst is None or ratio > worst[1]:
            worst = (r, ratio)
    out.append(
        Check(
            "adaptive_beats_single_focus",
            worst[1] <= 1 - MARGIN,
            f"adaptive {am:.1f}; closest {worst[0]} at {100 * worst[1]:.0f}% "
            f"(needs <= {100 * (1 - MARGIN):.0f}%)",
            details,
        )
    )

    # 2. every expectation and every trait changes the mean score when the adaptive bot is barred:
    # an expectation must be worth using (barring it lowers the score); a trait must change the
    # score either way (barring one that raises the score is flagged: building it costs more
    # than it returns in this scenario)
    details, failing, costly = [], [], []
    exp_ids = {e.id for e in scn.rules.expectations}
    for lever in [e.id for e in scn.rules.expectations] + [t.id for t in scn.rules.traits]:
        diff, t = paired_t(ada.scores, stats[f"without:{lever}"].scores)
        details.append(f"without {lever}: {diff:+.2f} (t = {t:.1f})")
        if lever in exp_ids:
            ok = diff > 0 and t >= T_MIN
        else:
            ok = abs(t) >= T_MIN
            if ok and diff < 0:
                costly.append(lever)
        if not ok:
            failing.append(lever)
    figure = (
        "every expectation lowers the score when barred and every trait changes it"
        if not failing
        else f"no clear effect when barred: {', '.join(failing)}"
    )
    if costly:
        figure += f"; building these costs more than it returns: {', '.join(costly)}"
    out.append(Check("every_lever_matters", not failing, figure, details))

    # 3. managing up keeps cover but creates less value than managing out
    up, outb = stats["managing-up"], stats["managing-out"]
    up_cover, out_cover = up.final[:, COVER].mean(), outb.final[:, COVER].mean()
    up_value, out_value = (
        up.value_per_turn_in_office().mean(),
        outb.value_per_turn_in_office().mean(),
    )
    out.append(
        Check(
            "up_versus_out",
            up_cover > out_cover and up_value < out_value,
            f"cover at the end: up {up_cover:.1f} vs out {out_cover:.1f}; "
            f"value per turn in office: up {up_value:.1f} vs out {out_value:.1f}",
        )
    )

    # 4. a diverse team beats a uniform team of equal total skill
    diff, t = paired_t(ada.scores, stats["uniform_team"].scores)
    out.append(
        Check(
            "diverse_beats_uniform",
            diff > 0 and t >= T_MIN,
            f"diverse {ada.scores.mean():.1f} vs uniform {stats['uniform_team'].scores.mean():.1f} "
            f"({diff:+.2f}, t = {t:.1f})",
        )
    )

    # 5. building traits pays off over a full game, but not in the last turns
    full, t_full = paired_t(ada.scores, stats["experiment:no_traits"].scores)
    late, t_late = paired_t(ada.scores, stats["experiment:late_invest"].scores)
    out.append(
        Check(
            "traits_pay_off_over_time",
            full > 0 and t_full >= T_MIN and late > 0 and t_late >= T_MIN,
            f"building traits adds {full:+.2f} over a game (t = {t_full:.1f}); "
            f"building them in the last {LATE_TURNS} turns costs {late:.2f} (t = {t_late:.1f})",
        )
    )

    # 6. every template can fire
    fired = sum(s.fired.sum(axis=0) for k, s in stats.items() if not k.startswith("force:"))
    never = [scn.templates[i].id for i in np.nonzero(fired == 0)[0]]
    out.append(
        Check(
            "every_event_fires",
            not never,
            f"{scn.n_templates - len(never)} of {scn.n_templates} events fired"
            + (f"; never: {', '.join(never)}" if never else ""),
        )
    )

    # 7. no dilemma option is better (or worse) in every situation
    details, bad = [], []
    for t in np.nonzero(scn.t_n_options >= 2)[0]:
        tmpl = scn.templates[t]
        n_opt = int(scn.t_n_options[t])
        forced = [stats[f"force:{t}:{o}"] for o in range(n_opt)]
        met = forced[0].fired[:, t] > 0  # games in which the dilemma came up (exogenous start)
        for o in range(n_opt):
            others = np.max([forced[p].scores for p in range(n_opt) if p != o], axis=0)
            worse_all = np.min([forced[p].scores for p in range(n_opt) if p != o], axis=0)
            mine = forced[o].scores
            differ = met & (mine != others)
            if differ.sum() < 10:
                continue
            share_best = float((mine[met] > others[met]).mean())
            share_worst = float((mine[met] < worse_all[met]).mean())
            details.append(
                f"{tmpl.id}/{tmpl.option_ids[o]}: best in {100 * share_best:.0f}% of games, "
                f"worst in {100 * share_worst:.0f}% (mean {mine[met].mean():.1f})"
            )
            if share_best >= 0.95:
                bad.append(f"{tmpl.id}/{tmpl.option_ids[o]} is a free win")
            if share_worst >= 0.95:
                bad.append(f"{tmpl.id}/{tmpl.option_ids[o]} is a trap")
    out.append(
        Check(
            "no_dominant_option",
            not bad,
            "every option is best in some games and not in others" if not bad else "; ".join(bad),
            details,
        )
    )
    out += model_checks(scn, stats)
    return out


def _up_ids(scn: ScenarioData) -> list[str]:
    return [
        e.id
        for e, o in zip(scn.rules.expectations, scn.rules.orientation, strict=True)
        if o == "up"
    ]


def _stances_offered(scn: ScenarioData) -> list[str]:
    used = {int(x) for t in range(scn.n_templates) for x in scn.o_stance[t, : scn.t_n_options[t]]}
    return [s for s in STANCE_CHOICE if STANCES.index(s) in used]


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


def model_checks(scn: ScenarioData, stats: dict[str, BotStats]) -> list[Check]:
    """The checks of model 2.0 (judgment wins): situational dilemmas, permanent learning, a
    binding triangle and turbulences with their own mechanics."""
    out: list[Check] = []
    ada = stats["adaptive"]
    am = ada.scores.mean()

    # 8. every dilemma's best option depends on the situation, and choosing matters
    details, bad, gaps = [], [], []
    for t in np.nonzero(scn.t_n_options >= 2)[0]:
        tmpl = scn.templates[t]
        n_opt = int(scn.t_n_options[t])
        forced = np.array([stats[f"force:{t}:{o}"].scores for o in range(n_opt)])
        met = stats[f"force:{t}:0"].fired[:, t] > 0
        if met.sum() < 10:
            continue
        f = forced[:, met]
        best = np.bincount(np.argmax(f, axis=0), minlength=n_opt) / f.shape[1]
        gap = float((f.max(axis=0) - f.min(axis=0)).mean())
        gaps.append(gap)
        top = int(np.argmax(best))
        details.append(
            f"{tmpl.id}: {tmpl.option_ids[top]} best in {100 * best[top]:.0f}% of {f.shape[1]} "
            f"games; mean gap best-worst {gap:.1f} points"
        )
        if best[top] > SITUATIONAL_MAX:
            bad.append(f"{tmpl.id}/{tmpl.option_ids[top]} best in {100 * best[top]:.0f}%")
        acc = predictability(stats[f"force:{t}:0"].arrival[met, t], f)
        if acc is not None:
            details.append(
                f"{tmpl.id}: the situation at arrival names the better option in "
                f"{100 * acc:.0f}% of games (always naming {tmpl.option_ids[top]}: "
                f"{100 * best[top]:.0f}%)"
            )
            if acc < max(PREDICT_MIN, best[top] + PREDICT_LIFT):
                bad.append(
                    f"{tmpl.id}: the situation predicts the better option in {100 * acc:.0f}%"
                )
    out.append(
        Check(
            "best_option_depends_on_situation",
            not bad,
            f"no option best in more than {100 * SITUATIONAL_MAX:.0f}% of games"
            if not bad
            else "; ".join(bad),
            details,
        )
    )
    mean_gap = float(np.mean(gaps)) if gaps else 0.0
    out.append(
        Check(
            "choosing_matters",
            mean_gap >= CHOICE_GAP,
            f"mean gap between the best and worst option {mean_gap:.1f} points "
            f"(needs >= {CHOICE_GAP:.0f})",
        )
    )

    # 9. no stance is a recipe
    details, worst = [], (None, 0.0)
    for st in _stances_offered(scn):
        m = stats[f"always:{st}"].scores.mean()
        ratio = m / am if am > 0 else np.inf
        details.append(f"always {st}: {m:.1f} ({100 * ratio:.0f}% of adaptive)")
        if ratio > worst[1]:
            worst = (st, ratio)
    out.append(
        Check(
            "no_stance_is_a_recipe",
            worst[0] is None or worst[1] <= STANCE_MAX,
            f"closest: always {worst[0]} at {100 * worst[1]:.0f}% (needs <= {100 * STANCE_MAX:.0f}%)",
            details,
        )
    )

    # 10. steady trait work beats a burst of the same chips
    steady, burst = stats["experiment:steady"].scores, stats["experiment:burst"].scores
    diff, t = paired_t(steady, burst)
    out.append(
        Check(
            "steady_beats_burst",
            diff > 0 and t >= T_MIN,
            f"steady {steady.mean():.1f}, burst {burst.mean():.1f} ({diff:+.1f}, t = {t:.1f})",
        )
    )

    # 11. reading the situation pays
    blind = stats["adaptive-blind"].scores.mean()
    ratio = blind / am if am > 0 else np.inf
    out.append(
        Check(
            "reading_the_situation_pays",
            ratio <= BLIND_MAX,
            f"without its situational reading the adaptive bot scores {blind:.1f}, "
            f"{100 * ratio:.0f}% of itself (needs <= {100 * BLIND_MAX:.0f}%)",
        )
    )

    # 12. the triangle binds: nobody has it all, nothing saturates
    details, worst = [], (None, 0.0)
    for name, st in stats.items():
        if name.startswith("mechanic_off:"):  # another model, not a way of playing this one
            continue
        share = float((st.final >= ALL_HIGH).all(axis=1).mean())
        if share > worst[1]:
            worst = (name, share)
    out.append(
        Check(
            "nobody_has_it_all",
            worst[1] <= ALL_HIGH_MAX,
            f"most often all three meters >= {ALL_HIGH:.0f} at the end: {worst[0] or 'none'} in "
            f"{100 * worst[1]:.0f}% of games (needs <= {100 * ALL_HIGH_MAX:.0f}%)",
        )
    )
    played = np.arange(ada.history.shape[1])[None, :] <= ada.ended_turn[:, None]
    band = LIMIT_BAND
    at_limit = ((ada.history >= 100.0 - band) | (ada.history <= band)) & played[..., None]
    per_game = float(at_limit[:, 1:].sum(axis=(1, 2)).mean())
    out.append(
        Check(
            "meters_off_their_limits",
            per_game <= LIMIT_TURNS_MAX,
            f"the adaptive bot's meters sit within {band:.0f} of 0 or 100 for {per_game:.1f} "
            f"meter-turns a game "
            f"(needs <= {LIMIT_TURNS_MAX:.0f})",
        )
    )
    no_up = stats["experiment:no_up"]
    ratio = no_up.scores.mean() / am if am > 0 else np.inf
    lost = float((no_up.ended_because == END_COVER).mean())
    out.append(
        Check(
            "cover_must_be_earned",
            ratio <= UP_MAX and lost >= UP_LOST_MIN,
            f"barred from managing up: {100 * ratio:.0f}% of adaptive (needs <= "
            f"{100 * UP_MAX:.0f}%), cover lost in {100 * lost:.0f}% of games (needs >= "
            f"{100 * UP_LOST_MIN:.0f}%)",
        )
    )

    # 13. each turbulence kind's own mechanic matters
    details, weak = [], []
    for kind in MECHANICS:
        off = stats[f"mechanic_off:{kind}"].scores.mean()
        details.append(f"{kind} mechanic off: adaptive {off:.1f} ({off - am:+.1f})")
        if abs(off - am) < MECHANIC_MIN:
            weak.append(kind)
    out.append(
        Check(
            "each_turbulence_has_its_mechanic",
            not weak,
            f"every kind's mechanic moves the adaptive mean by >= {MECHANIC_MIN:.0f} points"
            if not weak
            else f"too weak: {', '.join(weak)}",
            details,
        )
    )
    return out


def run_lab(
    path: str,
    scn: ScenarioData,
    games: int = 2000,
    bots: list[str] | None = None,
    seed: int = 1,
    checks: bool = True,
    n_jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> LabResult:
    """Play the scenario with every bot and run the design checks."""
    bots = bots or default_bots(scn)
    jobs = lab_jobs(scn, bots, games, seed, checks)
    stats = run_jobs(path, jobs, n_jobs=n_jobs, progress=progress)
    return LabResult(scn, games, seed, stats, design_checks(scn, stats) if checks else [])


EXPERIMENTS = (
    "without:", "experiment:", "force:", "uniform_team", "always:", "adaptive-blind",
    "mechanic_off:",
)  # fmt: skip


def is_player(key: str) -> bool:
    """Whether a lab batch is a bot asked for by name (not one of the checks' experiments)."""
    return not key.startswith(EXPERIMENTS)


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
        bots[name] = {
            "games": st.n,
            "score": {
                "mean": round(float(st.scores.mean()), 3),
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
    fired = sum(s.fired.sum(axis=0) for k, s in result.stats.items() if not k.startswith("force:"))
    dilemmas = {}
    for t in np.nonzero(scn.t_n_options >= 2)[0]:
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
        "bots": bots,
        "never_fired": [scn.templates[i].id for i in np.nonzero(fired == 0)[0]],
        "dilemmas": dilemmas,
        "checks": [
            {"id": c.id, "passed": c.passed, "figure": c.figure, "details": c.details}
            for c in result.checks
        ],
        "passed": result.passed,
    }


def default_jobs() -> int:
    """Worker processes to use when asked for all cores."""
    return max(1, os.cpu_count() or 1)
