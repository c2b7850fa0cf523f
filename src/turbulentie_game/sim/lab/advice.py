"""The lab's advice: for a check that fails or is borderline, change numbers and measure.

For each problem the lab knows which numbers move it (a *lever*: an option's effects or demand,
a trait's knob coefficients, an engine constant, a turbulence kind's own constants) and in
which direction. It builds the scenario with the lever's numbers multiplied by a factor
(smallest change first), re-runs only the experiments the check reads, on the same seeds as
the lab (paired), recomputes the check's figure and stops at the first factor that passes
clearly. What it reports is what it measured: the smallest change that passed, or honestly
the best one tried.

Like the sensitivity screening, the adaptive bot keeps what it learnt about the unchanged
scenario (its study), except for a change to a trait, whose worth is what the study measures:
then the changed scenario is studied anew. A lab run on the changed file studies it anew in any
case, which is why the advice says to confirm it by running the lab again.

The changes themselves: sim.lab.tweaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ...core.model import METERS, ScenarioData
from .checks import (
    CHECK_FUNCTIONS,
    Check,
    _forced_keys,
    best_bot,
    experiment,
    limit_turns,
    stuck_shares,
)
from .figures import Figure
from .runs import BotStats, _scenario_for, chunks, run_jobs
from .tweaks import (
    Change,
    Tweaks,
    _spec,
    changes_of,
    far_outside,
    restudies,
    trait_knobs,
    usual_values,
)

DOWN = (0.85, 0.7, 0.5, 0.3)
UP = (1.2, 1.5, 2.0, 3.0)
STRONG = (1.5, 2.0, 3.0)
WEAKER, STRONGER = (0.5, 0.0), (2.0, 3.0)  # one knob of a trait
RATE = (1.5, 2.0, 3.0)  # a turbulence kind's base rate
FADING = ("temporal", "agenda")  # kinds whose successes fade as the event ages (core.resolution)
MAX_ITEMS = 3  # problems advised per check (the worst first)
STUCK_GAMES = 300  # games per trial when every bot plays it (a share of bots; enough)


@dataclass
class Trial:
    """One factor tried and the figure it gave."""

    factor: float
    figure: Figure | None  # None: the change is not a valid scenario


@dataclass
class Advice:
    """What the lab measured when it changed one lever for one problem of a check."""

    check: str
    item: str  # the check's figure it is about (e.g. "trait:lerend", "often:7:1")
    lever: str  # the parameter changed (see the module)
    subject: str  # the item in words' terms: an option, a trait, a meter, a kind
    before: Figure
    trials: list[Trial] = field(default_factory=list)
    factor: float | None = None  # the factor advised (the first that passed, or the best tried)
    figure: Figure | None = None  # the figure at that factor
    changes: list[Change] = field(default_factory=list)
    together: tuple[str, ...] = ()  # other levers changed in the same trial
    games: int = 0
    wide: bool = False  # the lever changes more than this problem (a constant of every dilemma)
    combined: Figure | None = None  # the figure with all of the check's advice applied at once

    @property
    def passed(self) -> bool:
        return self.figure is not None and self.figure.passed

    def as_dict(self) -> dict:
        return {
            "check": self.check,
            "item": self.item,
            "lever": self.lever,
            "subject": self.subject,
            "factor": self.factor,
            "passed": self.passed,
            "borderline": bool(self.figure is not None and self.figure.borderline),
            "before": self.before.as_dict(),
            "figure": None if self.figure is None else self.figure.as_dict(),
            "tried": [
                {"factor": t.factor, "figure": None if t.figure is None else t.figure.as_dict()}
                for t in self.trials
            ],
            "changes": [
                {"path": c.path, "old": c.old, "new": c.new, "usual": c.usual} for c in self.changes
            ],
            "together": list(self.together),
            "games": self.games,
            "wide": self.wide,
            "combined": None
            if self.combined is None
            else {**self.combined.as_dict(), "passed": self.combined.passed},
        }


# --------------------------------------------------------------------------- trials


@dataclass
class Context:
    """What a trial needs: the lab's file, scenario, statistics and seeds."""

    path: str
    scn: ScenarioData
    stats: dict[str, BotStats]
    played: list[str]
    seed: int
    games: int
    n_jobs: int = 1
    all_levers: bool = False  # go on after a clear fix: the other levers are alternatives
    _base: dict[int, dict[str, BotStats]] = field(default_factory=dict)

    def base(self, games: int | None = None) -> dict[str, BotStats]:
        """The lab's statistics on the trial's games (the first `games`, default all)."""
        n = min(games or self.games, self.games)
        if n not in self._base:
            self._base[n] = {k: v.head(n) for k, v in self.stats.items()}
        return self._base[n]


def trial(
    ctx: Context, tweaks: Tweaks, keys: list[str], cid: str, games: int | None = None
) -> Check | None:
    """Re-run `keys` on the changed scenario and recompute check `cid` (None: not valid), on
    the lab's first `games` games (default: the advice's games)."""
    from .. import bots

    if changes_of(ctx.path, ctx.scn, tweaks) is None:
        return None
    try:
        variant = _scenario_for(ctx.path, "", tweaks)
    except ValueError:  # pydantic's errors are ValueErrors: not a valid scenario
        return None
    if restudies(tweaks):
        bots.study(variant)  # here, once: worker processes started by fork inherit it
    n = min(games or ctx.games, ctx.games)
    jobs = []
    for key in keys:
        bot, extra = experiment(ctx.scn, key)
        jobs += chunks(key, bot, ctx.seed, n, tweaks=tweaks, **extra)
    merged = {**ctx.base(n), **run_jobs(ctx.path, jobs, n_jobs=ctx.n_jobs)}
    return CHECK_FUNCTIONS[cid](ctx.scn, merged, ctx.played)


def _family(item: str) -> str:
    """Items that name the same problem (a dilemma's most-often-best option may change)."""
    parts = item.split(":")
    return ":".join(parts[:2]) if parts[0] in ("often", "predict", "agree") else item


def _find(check: Check | None, item: str) -> Figure | None:
    if check is None:
        return None
    fam = _family(item)
    return next((f for k, f in check.items.items() if _family(k) == fam), None)


def _settle(advice: Advice) -> None:
    """Pick the factor to advise: the first that passes clearly, else the first borderline
    pass, else the one that came closest."""
    tried = [t for t in advice.trials if t.figure is not None]
    clear = [t for t in tried if t.figure.passed and not t.figure.borderline]
    near = [t for t in tried if t.figure.passed]
    pick = (clear or near or sorted(tried, key=lambda t: -t.figure.margin) or [None])[0]
    if pick is not None:
        advice.factor, advice.figure = pick.factor, pick.figure


def _before(ctx: Context, check: Check, n: int) -> dict[str, Figure]:
    """The check's figures without a change, on the trial's first n games."""
    lab_games = max((st.n for st in ctx.stats.values()), default=n)
    if n >= lab_games:
        return check.items
    again = CHECK_FUNCTIONS[check.id](ctx.scn, ctx.base(n), ctx.played)
    return {k: _find(again, k) or f for k, f in check.items.items()}


def try_levers(
    ctx: Context,
    check: Check,
    item: str,
    subject: str,
    levers: list[tuple[str, tuple[float, ...]]],
    keys: list[str],
    wide: tuple[str, ...] = (),
    games: int | None = None,
) -> list[Advice]:
    """Each lever in turn, its factors smallest change first, until one passes clearly."""
    out = []
    n = min(games or ctx.games, ctx.games)
    before = _before(ctx, check, n).get(item, check.items[item])
    for lever, factors in levers:
        adv = Advice(check.id, item, lever, subject, before, games=n)
        adv.wide = lever in wide
        for f in factors:
            fig = _find(trial(ctx, ((lever, f),), keys, check.id, n), item)
            adv.trials.append(Trial(f, fig))
            if fig is not None and fig.passed and not fig.borderline:
                break
        _settle(adv)
        if adv.factor is not None:
            adv.changes = changes_of(ctx.path, ctx.scn, ((lever, adv.factor),)) or []
            out.append(adv)
        if adv.passed and not adv.figure.borderline and not ctx.all_levers:
            break  # a clear fix found: the next lever is not needed
    return out


def try_together(
    ctx: Context,
    check: Check,
    items: list[str],
    levers: dict[str, str],
    factors: tuple[float, ...],
    keys: list[str],
) -> list[Advice]:
    """Several problems of one kind (traits without effect) changed in the same trials: per
    problem, the smallest factor at which it passed."""
    open_items = list(items)
    before = _before(ctx, check, ctx.games)
    found = {
        i: Advice(check.id, i, levers[i], i.split(":", 1)[1], before[i], games=ctx.games)
        for i in items
    }
    results: dict[frozenset, Check | None] = {}  # the trials run, by their changes
    for f in factors:
        if not open_items:
            break
        tweaks = tuple((levers[i], f) for i in open_items)
        result = results[frozenset(tweaks)] = trial(ctx, tweaks, keys, check.id)
        for i in list(open_items):
            fig = _find(result, i)
            found[i].trials.append(Trial(f, fig))
            found[i].together = tuple(levers[j].split(":", 1)[1] for j in open_items if j != i)
            if fig is not None and fig.passed and not fig.borderline:
                open_items.remove(i)
    out = []
    for adv in found.values():
        _settle(adv)
        if adv.factor is not None:
            adv.changes = changes_of(ctx.path, ctx.scn, ((adv.lever, adv.factor),)) or []
            out.append(adv)
    advised = tuple((adv.lever, adv.factor) for adv in out)
    if len(out) > 1 and frozenset(advised) not in results:
        # each was measured at its own trial's factors: measure them as advised, all at once
        result = trial(ctx, advised, keys, check.id)
        for adv in out:
            adv.combined = _find(result, adv.item)
    return out


# --------------------------------------------------------------------------- advisors

# levers that push a meter down (when it sits at 100) or up (when it sits at 0)
METER_LEVERS = {
    ("public_value", "100"): [("constant:value_decay", UP), ("task:value_rate", DOWN)],
    ("political_cover", "100"): [("constant:cover_erosion", UP), ("constant:cover_gain", DOWN)],
    ("trust", "100"): [("constant:trust_erosion", UP), ("constant:trust_gain", DOWN)],
    ("public_value", "0"): [("task:value_rate", UP), ("constant:value_decay", DOWN)],
    ("political_cover", "0"): [("constant:cover_gain", UP), ("constant:cover_erosion", DOWN)],
    ("trust", "0"): [
        ("constant:trust_gain", UP),
        ("constant:trust_erosion", DOWN),
        ("constant:trust_fall", DOWN),
        ("constant:trust_rise", UP),
    ],
}


def _option_target(scn: ScenarioData, t: int, o: int) -> str:
    tm = scn.templates[t]
    return f"{tm.id}/{tm.option_ids[o]}"


def _worst_items(check: Check, prefix: str = "") -> list[str]:
    probs = {k: f for k, f in check.problems().items() if k.startswith(prefix)}
    return sorted(probs, key=lambda k: probs[k].margin)[:MAX_ITEMS]


def advise_every_lever_matters(ctx: Context, check: Check) -> list[Advice]:
    out = []
    items = check.problems()
    traits = [i for i in items if i.startswith("trait:")]
    exps = [i for i in items if i.startswith("expectation:")]
    for group, lever in ((traits, "trait"), (exps, "weights")):
        if not group:
            continue
        names = [i.split(":", 1)[1] for i in group]
        keys = ["adaptive", *(f"without:{n}" for n in names)]
        levers = {i: f"{lever}:{i.split(':', 1)[1]}" for i in group}
        out += try_together(ctx, check, group, levers, STRONG, keys)
    # a trait whose knobs, made stronger together, gave no clear effect: one knob at a time,
    # weaker and stronger (a knob can work against the trait's worth: a trait that softens
    # threats costs the stance payoffs and successes a good player gains from them)
    for item in traits:
        if any(a.item == item and a.passed and not a.figure.borderline for a in out):
            continue
        tid = item.split(":", 1)[1]
        levers = []
        for knob, value in trait_knobs(_spec(ctx.path).model_dump(), tid).items():
            if value:
                levers += [(f"trait_knob:{tid}.{knob}", f) for f in (WEAKER, STRONGER)]
        keys = ["adaptive", f"without:{tid}"]
        out += try_levers(ctx, check, item, tid, levers, keys)
    return out


def _dilemma_keys(ctx: Context, t: int) -> list[str]:
    return _forced_keys(ctx.scn, t)


def advise_no_dominant_option(ctx: Context, check: Check) -> list[Advice]:
    out = []
    items = _worst_items(check)
    wins = {i.split(":")[1] for i in items if i.startswith("best:")}
    # a free win makes the other options traps: weakening it is the one fix to try
    for item in [i for i in items if i.startswith("best:") or i.split(":")[1] not in wins]:
        what, t, o = item.split(":")
        target = _option_target(ctx.scn, int(t), int(o))
        if what == "best":  # a free win: make it weaker or harder
            levers = [(f"option_effects:{target}", DOWN), (f"option_demand:{target}", UP)]
        else:  # a trap: make it stronger or easier
            levers = [(f"option_effects:{target}", UP), (f"option_demand:{target}", DOWN)]
        out += try_levers(ctx, check, item, target, levers, _dilemma_keys(ctx, int(t)))
    return out


def advise_best_option_depends_on_situation(ctx: Context, check: Check) -> list[Advice]:
    out = []
    for item in _worst_items(check):
        what, t, o = item.split(":")
        target = _option_target(ctx.scn, int(t), int(o))
        keys = _dilemma_keys(ctx, int(t))
        wide = ("constant:stance_payoff_scale",)
        if what == "often":
            levers = [(f"option_effects:{target}", DOWN), (f"option_demand:{target}", UP)]
            # ... or its rivals stronger or easier, so that they win where they fit
            for rival in range(len(ctx.scn.templates[int(t)].option_ids)):
                if rival != int(o):
                    other = _option_target(ctx.scn, int(t), rival)
                    levers += [(f"option_effects:{other}", UP), (f"option_demand:{other}", DOWN)]
            levers.append(("constant:stance_payoff_scale", STRONG))
        else:  # the situation does not show which option is better: let stances weigh more
            levers = [("constant:stance_payoff_scale", STRONG)]
        out += try_levers(ctx, check, item, target, levers, keys, wide)
    return out


def advise_choosing_matters(ctx: Context, check: Check) -> list[Advice]:
    levers = [("constant:stance_payoff_scale", STRONG)]
    return try_levers(ctx, check, "gap", "", levers, _forced_keys(ctx.scn), levers[0][:1])


def advise_steady_beats_burst(ctx: Context, check: Check) -> list[Advice]:
    levers = [
        ("constant:practice_fallback", (1.2, 1.5)),
        ("constant:embed_streak", (1.25, 1.5, 2.0)),
        ("constant:embed_rate", STRONG),
    ]
    return try_levers(ctx, check, "t", "", levers, ["experiment:steady", "experiment:burst"])


def advise_meters_off_their_limits(ctx: Context, check: Check) -> list[Advice]:
    top, bottom = limit_turns(ctx.base()["adaptive"])
    pairs = [((m, "100"), top[:, i].mean()) for i, m in enumerate(METERS)]
    pairs += [((m, "0"), bottom[:, i].mean()) for i, m in enumerate(METERS)]
    (meter, side), _ = max(pairs, key=lambda p: p[1])
    levers = [*METER_LEVERS[(meter, side)], ("constant:soft_limit", UP)]
    return try_levers(ctx, check, "all", f"{meter}:{side}", levers, ["adaptive"])


def advise_nobody_has_it_all(ctx: Context, check: Check) -> list[Advice]:
    item = _worst_items(check)[0]
    st = ctx.base()[item]
    meter = METERS[int(np.argmax(st.final.mean(axis=0)))]
    return try_levers(ctx, check, item, f"{meter}:100", METER_LEVERS[(meter, "100")], [item])


def advise_best_bot_not_saturated(ctx: Context, check: Check) -> list[Advice]:
    bot = best_bot(ctx.base(), ctx.played)
    out = []
    for item in _worst_items(check):
        out += try_levers(ctx, check, item, f"{item}:100", METER_LEVERS[(item, "100")], [bot])
    return out


def advise_no_meter_stuck_for_most_bots(ctx: Context, check: Check) -> list[Advice]:
    out = []
    for item in _worst_items(check)[:1]:  # every bot plays each trial: the worst one only
        meter, side = item.split(":")
        bots = [b for b in ctx.played if b in ctx.stats]
        i = METERS.index(meter)
        stuck = [b for b in bots if stuck_shares(ctx.base()[b])[0 if side == "100" else 1][i] > 0]
        levers = METER_LEVERS[(meter, side)]
        out += try_levers(ctx, check, item, item, levers, stuck or bots, games=STUCK_GAMES)
    return out


def advise_each_turbulence_has_its_mechanic(ctx: Context, check: Check) -> list[Advice]:
    out = []
    for kind in _worst_items(check):
        # switching the mechanic off gives the same scenario as before: only the adaptive bot
        # plays the stronger mechanic
        found = try_levers(ctx, check, kind, kind, [(f"mechanic:{kind}", STRONG)], ["adaptive"])
        if ctx.all_levers or not any(a.passed and not a.figure.borderline for a in found):
            # more of the kind's events, or weightier ones, so that its mechanic comes into
            # play more (both runs change: the one with the mechanic switched off too)
            keys = ["adaptive", f"mechanic_off:{kind}"]
            levers = [(f"kind_rate:{kind}", RATE), (f"kind_severity:{kind}", RATE)]
            if kind in FADING:  # a success fades with the event's age: give it time to age
                levers.append((f"kind_deadline:{kind}", (2.0, 3.0)))
            found += try_levers(ctx, check, kind, kind, levers, keys)
            if not any(a.passed for a in found):
                found += _two_together(ctx, check, kind, found, keys)
        out += found
    return out


def _two_together(ctx: Context, check: Check, item: str, tried: list[Advice], keys) -> list:
    """No lever was enough alone: the two that came closest, each at its best factor, in one
    trial (advice whose changes are both levers')."""
    best = sorted((a for a in tried if a.figure is not None), key=lambda a: -a.figure.margin)
    best = [a for i, a in enumerate(best) if a.lever not in {b.lever for b in best[:i]}][:2]
    if len(best) < 2:
        return []
    tweaks = tuple((a.lever, a.factor) for a in best)
    fig = _find(trial(ctx, tweaks, keys, check.id), item)
    changes = changes_of(ctx.path, ctx.scn, tweaks)
    if fig is None or changes is None:
        return []
    first, second = best
    adv = Advice(check.id, item, first.lever, first.subject, first.before, games=first.games)
    adv.trials = [Trial(first.factor, fig)]
    adv.factor, adv.figure, adv.changes = first.factor, fig, changes
    adv.together = (f"{second.lever} ×{second.factor:g}",)
    return [adv]


def advise_cover_must_be_earned(ctx: Context, check: Check) -> list[Advice]:
    out = []
    for item in _worst_items(check)[:1]:
        levers = [("constant:cover_erosion", UP), ("constant:task_cover", DOWN)]
        out += try_levers(ctx, check, item, "", levers, ["adaptive", "experiment:no_up"])
    return out


def advise_reading_the_situation_pays(ctx: Context, check: Check) -> list[Advice]:
    levers = [("constant:stance_payoff_scale", STRONG)]
    return try_levers(ctx, check, "share", "", levers, ["adaptive", "adaptive-blind"])


def advise_no_stance_is_a_recipe(ctx: Context, check: Check) -> list[Advice]:
    out = []
    for st in _worst_items(check)[:1]:
        levers = [("constant:stance_payoff_scale", STRONG)]
        out += try_levers(ctx, check, st, st, levers, ["adaptive", f"always:{st}"])
    return out


def advise_adaptive_agrees_with_forced_runs(ctx: Context, check: Check) -> list[Advice]:
    out = []
    for item in _worst_items(check):
        _, t, a, b = item.split(":")
        picked = _option_target(ctx.scn, int(t), int(a))
        better = _option_target(ctx.scn, int(t), int(b))
        levers = [(f"option_effects:{better}", DOWN), (f"option_effects:{picked}", UP)]
        keys = ["adaptive", *_dilemma_keys(ctx, int(t))]
        out += try_levers(ctx, check, item, f"{picked}|{better}", levers, keys)
    return out


# what lowers a rival bot's score against the adaptive bot's (adaptive_beats_single_focus)
RIVAL_LEVERS = {
    "managing-up": [("constant:cover_gain", DOWN), ("constant:cover_erosion", UP)],
    "managing-out": [("constant:network_value", DOWN), ("constant:cover_erosion", UP)],
    "random": [("constant:stance_payoff_scale", STRONG)],
}
# what a single-focus bot's one expectation feeds, by its orientation
ORIENTATION_LEVERS = {
    "up": ("constant:cover_gain", DOWN),
    "out": ("constant:network_value", DOWN),
    "task": ("task:value_rate", DOWN),
}
LOOSER = (1.5, 2.0, 4.0)  # conditions loosened: the share of values they exclude divided by this
MORE = (2.0, 4.0, 8.0)  # an event's weight or its kind's rate


def advise_adaptive_beats_single_focus(ctx: Context, check: Check) -> list[Advice]:
    out = []
    rules = ctx.scn.rules
    orientation = dict(zip([e.id for e in rules.expectations], rules.orientation, strict=True))
    for rival in _worst_items(check)[:2]:
        if rival.startswith("single:"):
            exp = rival.split(":", 1)[1]
            levers = [(f"weights:{exp}", DOWN), ORIENTATION_LEVERS[orientation[exp]]]
        else:
            levers = RIVAL_LEVERS[rival]
        out += try_levers(ctx, check, rival, rival, levers, ["adaptive", rival])
    return out


def advise_up_versus_out(ctx: Context, check: Check) -> list[Advice]:
    levers = {
        # managing up should keep more cover than managing out
        "cover": [("constant:cover_gain", UP), ("constant:cover_erosion", UP)],
        # managing out should create more value than managing up
        "value": [("constant:network_value", UP), ("constant:trust_gain", UP)],
    }
    out = []
    for item in _worst_items(check):
        out += try_levers(ctx, check, item, item, levers[item], ["managing-up", "managing-out"])
    return out


def advise_diverse_beats_uniform(ctx: Context, check: Check) -> list[Advice]:
    levers = [("team:spread", STRONG)]
    return try_levers(ctx, check, "t", "", levers, ["adaptive", "uniform_team"])


def advise_traits_pay_off_over_time(ctx: Context, check: Check) -> list[Advice]:
    levers = {
        # building traits should pay over a whole game
        "full_game": [("constant:trait_gain_per_chip", UP), ("trait:*", STRONG)],
        # ... and not in the last turns: slower embedding, quicker loss of what is not embedded
        "last_turns": [("constant:embed_streak", UP), ("constant:trait_gain_per_chip", DOWN)],
    }
    keys = {"full_game": "experiment:no_traits", "last_turns": "experiment:late_invest"}
    out = []
    for item in _worst_items(check):
        out += try_levers(ctx, check, item, item, levers[item], ["adaptive", keys[item]])
    return out


def advise_every_event_fires(ctx: Context, check: Check) -> list[Advice]:
    """An event that never (or hardly ever) came: loosen its conditions, raise its weight or
    its kind's rate; a follow-up or calendar event only is left to the hint (it depends on
    what brings it)."""
    from .tweaks import LOOSE_SKIP

    out = []
    spec = {e.id: e for e in _spec_events(ctx.path)}
    for eid in _worst_items(check):
        ev = spec.get(eid)
        if ev is None or not ev.spontaneous:
            continue
        levers = []
        if any(not name.startswith(LOOSE_SKIP) for name in ev.when):
            levers.append((f"event_when:{eid}", LOOSER))
        levers += [(f"event_weight:{eid}", MORE), (f"kind_rate:{ev.kind}", MORE)]
        out += try_levers(ctx, check, eid, eid, levers, ["adaptive", "random"])
    return out


def _spec_events(path: str) -> list:
    from .tweaks import _spec

    return list(_spec(path).events)


ADVISORS = {
    name.removeprefix("advise_"): fn
    for name, fn in globals().items()
    if name.startswith("advise_") and callable(fn)
}


def advise(
    path: str,
    scn: ScenarioData,
    stats: dict[str, BotStats],
    played: list[str],
    check: Check,
    seed: int,
    games: int,
    n_jobs: int = 1,
    all_levers: bool = False,
) -> list[Advice]:
    """Advice for a check that fails or is borderline, each measured by simulation (an empty
    list: the lab has no lever for this check; words.lab then gives a hint to read); with
    `all_levers`, every lever of a problem is tried, not only up to the first clear fix (the
    others are alternatives for `balance --follow`)."""
    fn = ADVISORS.get(check.id)
    if fn is None or not check.problems():
        return []
    ctx = Context(path, scn, stats, played, seed, games, n_jobs, all_levers)
    out = fn(ctx, check)
    for adv in out:  # an engine number pushed far past what the rules and built-ins use
        adv.changes = [
            replace(c, usual=far_outside(c.new, usual_values(c.path))) for c in adv.changes
        ]
    return out
