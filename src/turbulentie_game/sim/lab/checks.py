"""The design checks: which batches each reads and which bots it needs, and each check as a
function of the statistics giving its verdict (pass, borderline, fail, skipped), its figures
and its sentences (as data; words.lab says them)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from ...core.model import COVER, END_COVER, MECHANICS, METERS, STANCES, ScenarioData
from ...i18n import Said, said
from ..bots import STANCE_CHOICE
from .figures import (
    Figure,
    Num,
    Z,
    diff_figure,
    mean_figure,
    paired,
    ratio_figure,
    share_figure,
    t_figure,
    worst,
)
from .runs import BotStats, Job, chunks

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
    advice: list = field(default_factory=list)  # sim.lab.advice.Advice
    repeats: list[tuple[int, str, Figure | None]] = field(default_factory=list)  # --seeds

    @property
    def passed(self) -> bool:
        """Passed, borderline or not (a skipped check fails nothing)."""
        return self.status != FAIL

    @property
    def deciding(self) -> Figure | None:
        """The figure closest to failing."""
        return worst(self.items.values())

    @property
    def shortfall(self) -> float:
        """How far the check is from passing: the shortfalls of its failing figures added up,
        each in standard errors of its own figure (Figure.shortfall); 0 when it passes."""
        if self.status != FAIL:
            return 0.0
        return float(sum(f.shortfall for f in self.items.values()))

    @property
    def failing_items(self) -> int:
        """How many of its figures fail."""
        return sum(not f.passed for f in self.items.values()) if self.status == FAIL else 0

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
    return ALL_EXPERIMENTS in bots and name.startswith("adaptive")


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
        elif b == ALL_EXPERIMENTS:
            out.append("adaptive")
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
    items, details, costly, unused = {}, [], [], []
    exp_ids = {e.id for e in scn.rules.expectations}
    for lever in [e.id for e in scn.rules.expectations] + [t.id for t in scn.rules.traits]:
        barred = stats[f"without:{lever}"].scores
        diff, se, t = paired(ada.scores, barred)
        if np.array_equal(ada.scores, barred):  # the same games: the bot never works on it
            unused.append(lever)
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
    if unused:
        figure.append(said("lab.f.every_lever_matters.unused", levers=unused))
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


EXPERIMENTS = (
    "without:", "experiment:", "force:", "uniform_team", "always:", "adaptive-blind",
    "mechanic_off:",
)  # fmt: skip


def is_player(key: str) -> bool:
    """Whether a lab batch is a bot asked for by name (not one of the checks' experiments)."""
    return not key.startswith(EXPERIMENTS)
