"""Following the lab's advice: one check at a time, each change confirmed by the whole lab.

What docs/balance.md asks a designer to do by hand, done by the lab (`balance FILE --follow
OUT`): run the lab; take the first failing check in ORDER (the mechanics and the events first,
then the dilemmas and stances, the levers, the meters); try the changes its advice measured,
the ones that passed first (for a check with several problems, all of its passing changes at
once, then each alone), and as a last resort the best change tried that was not enough; keep a
change only when the whole lab, run again on the changed file (the adaptive bot studying it
anew), is better (`better`, below): fewer failing checks with none of the others further from
passing beyond its noise, or no check newly failing and the failing ones together clearly
closer to passing. Every kept change lowers (failing checks, their shortfall, borderline
checks) in that order, so the search cannot go round in circles. A change that fixes its check
but breaks exactly one other gets that check's advice tried on top of it, once; so does one
that fixes its check, breaks none, but pushes another failing check further from passing than
its noise (the one pushed furthest); the pair is kept when the two together make the lab
better. It stops when no check fails, when no advised
change makes the lab better, or after `rounds` rounds.

Every lab run uses the same seeds, so two runs differ only by the change; the last run's
verdict is what the designer gets. Confirm it on other seeds (`--seeds K`) before trusting it.
"""

from __future__ import annotations

import copy
import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...files import atomic_write_text
from .checks import FAIL
from .figures import Z

ORDER = (
    "each_turbulence_has_its_mechanic",
    "every_event_fires",
    "no_dominant_option",
    "best_option_depends_on_situation",
    "adaptive_agrees_with_forced_runs",
    "choosing_matters",
    "no_stance_is_a_recipe",
    "reading_the_situation_pays",
    "every_lever_matters",
    "steady_beats_burst",
    "traits_pay_off_over_time",
    "diverse_beats_uniform",
    "cover_must_be_earned",
    "up_versus_out",
    "adaptive_beats_single_focus",
    "meters_off_their_limits",
    "best_bot_not_saturated",
    "nobody_has_it_all",
    "no_meter_stuck_for_most_bots",
)
MAX_TRIES = 4  # changes tried per check and round


@dataclass
class Step:
    """One change tried: for which check, what it changed, and the whole lab before and after."""

    round: int
    check: str
    levers: tuple[tuple[str, float], ...]  # (lever, factor) of each advice applied
    changes: tuple[tuple[str, float, float], ...]  # (path in the file, old, new)
    how: str  # "advised": as the advice says; "smaller": a smaller factor it tried; "short":
    # the best it tried, which was not enough
    fails_before: tuple[str, ...]
    fails_after: tuple[str, ...]
    borderline_before: int
    borderline_after: int
    kept: bool
    short_before: float = 0.0  # the failing checks' shortfalls added up (Standing.total)
    short_after: float = 0.0
    why: str = ""  # kept because: "fewer" failing checks, "closer" to passing, "borderline"
    # (as many failing, no further, fewer borderline); not kept: "" (see `better`)
    on_top: bool = False  # tried on top of the step before it, which fixed its check but broke
    # this one


@dataclass
class Followed:
    """What following the advice did, and the lab's verdict on the file it wrote."""

    out: Path
    steps: list[Step] = field(default_factory=list)
    first: object = None  # the lab's result on the file as given (sim.balance.LabResult)
    final: object = None  # ... and on the file written
    rounds: int = 0
    reason: str = "passed"  # passed | stuck | rounds

    @property
    def kept(self) -> list[Step]:
        return [s for s in self.steps if s.kept]


def _ordered(checks) -> list:
    rank = {cid: i for i, cid in enumerate(ORDER)}
    return sorted((c for c in checks if c.status == FAIL), key=lambda c: rank.get(c.id, 99))


@dataclass(frozen=True)
class Standing:
    """How far a lab run is from passing: its failing checks, how far each is from passing
    (Check.shortfall: standard errors of its own figures, added over its failing figures) and
    how many of its figures fail, and how many checks pass only just."""

    short: dict[str, float]  # failing check -> its shortfall
    items: dict[str, int]  # failing check -> how many of its figures fail
    borderline: int

    @property
    def fails(self) -> int:
        return len(self.short)

    @property
    def total(self) -> float:
        return float(sum(self.short.values()))

    def noise(self, cid: str, other: Standing) -> float:
        """How much the shortfall of check `cid` may move between two runs by chance alone:
        each failing figure's own interval (±Z standard errors), added in quadrature."""
        return Z * math.sqrt(max(1, self.items.get(cid, 0), other.items.get(cid, 0)))


def standing(result) -> Standing:
    failing = [c for c in result.checks if c.status == FAIL]
    return Standing(
        {c.id: c.shortfall for c in failing},
        {c.id: c.failing_items for c in failing},
        sum(c.status == "borderline" for c in result.checks),
    )


def better(before, after) -> str:
    """Whether lab run `after` is better than `before`, and why ("" when it is not):

    - "fewer": fewer checks fail, and no check is further from passing than its noise allows
      (a check that newly fails counts with its whole shortfall);
    - "closer": no check newly fails, none is further from passing beyond its noise, and the
      failing checks' shortfalls added up fell by more than their noise together;
    - "borderline": the same checks fail, their shortfalls added up did not grow at all, and
      fewer checks are borderline.

    Each of the three lowers (failing checks, total shortfall, borderline checks) in that
    order, strictly: no series of kept changes can come back to where it started."""
    b = before if isinstance(before, Standing) else standing(before)
    a = after if isinstance(after, Standing) else standing(after)
    ids = set(b.short) | set(a.short)
    worse = any(a.short.get(c, 0.0) - b.short.get(c, 0.0) > b.noise(c, a) for c in ids)
    if a.fails < b.fails and not worse:
        return "fewer"
    if set(a.short) <= set(b.short) and not worse:
        together = Z * math.sqrt(
            max(1, sum(max(b.items.get(c, 0), a.items.get(c, 0)) for c in ids))
        )
        if b.total - a.total > together:
            return "closer"
    if set(a.short) == set(b.short) and a.total <= b.total and a.borderline < b.borderline:
        return "borderline"
    return ""


def candidates(advice: list) -> list[list[tuple]]:
    """The changes to try for one check, in order, each a list of (advice, factor): all passing
    advice at once (one per problem), each passing advice alone, each at the smaller factor it
    tried before (when that moved the figure the right way: a smaller change may break less
    elsewhere), then the best advice that was not enough."""
    passing = [a for a in advice if a.passed]
    short = sorted(
        (a for a in advice if not a.passed and a.figure is not None),
        key=lambda a: -a.figure.margin,
    )
    out: list[list[tuple]] = []
    per_item: dict[str, object] = {}
    for a in passing:
        per_item.setdefault(a.item, a)
    if len(per_item) > 1:
        out.append([(a, a.factor) for a in per_item.values()])
    out += [[(a, a.factor)] for a in passing]
    for a in passing:
        tried = [t for t in a.trials if t.figure is not None]
        at = next((i for i, t in enumerate(tried) if t.factor == a.factor), 0)
        if at > 0 and tried[at - 1].figure.margin > a.before.margin:
            out.append([(a, tried[at - 1].factor)])
    if not passing and short:
        out.append([(short[0], short[0].factor)])
    unique, seen = [], set()
    for group in out:
        key = tuple(sorted((a.lever, f) for a, f in group))
        if key not in seen:
            seen.add(key)
            unique.append(group)
    return unique[:MAX_TRIES]


def _how(group: list[tuple]) -> str:
    if any(not a.passed for a, _ in group):
        return "short"
    return "advised" if all(f == a.factor for a, f in group) else "smaller"


def _apply(
    data: dict, group: list[tuple], changes_for: Callable[[object, float], list]
) -> tuple[dict, tuple[tuple[str, float, float], ...]]:
    from .tweaks import set_number

    changed = copy.deepcopy(data)
    done: dict[str, tuple[str, float, float]] = {}
    for adv, factor in group:
        for c in adv.changes if factor == adv.factor else changes_for(adv, factor):
            if c.path not in done:  # two pieces of advice on one number: the first one counts
                set_number(changed, c.path, c.new)
                done[c.path] = (c.path, c.old, c.new)
    return changed, tuple(done.values())


def _dump(data: dict, header: str) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return header + body


def _header(text: str) -> str:
    """The comment lines at the top of the designer's file (the $schema line among them)."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(f"{line}\n" for line in lines)


def _next_check(cid: str, was: Standing, now: Standing, after):
    """The check whose advice to try on top of a change that fixed check `cid` but was not
    kept (None: none): the one other check it broke, or, when it broke none and fewer checks
    fail, the failing check it pushed furthest from passing beyond that check's noise (in the
    walk-through, `cover_erosion` x 1.5 made `cover_must_be_earned` pass and 3 checks fail
    instead of 4, but was not kept: the bot, studying the file anew, built its traits less)."""
    if cid in now.short:
        return None
    failing = _ordered(after.checks)
    broke = [c for c in failing if c.id not in was.short]
    if broke:
        return broke[0] if len(broke) == 1 else None
    if now.fails >= was.fails:
        return None
    grew = {c.id: now.short[c.id] - was.short[c.id] - was.noise(c.id, now) for c in failing}
    worst = max(failing, key=lambda c: grew[c.id], default=None)
    return worst if worst is not None and grew[worst.id] > 0 else None


def follow(
    path: str,
    out: str | Path,
    lab: Callable[[str], object],
    advise_for: Callable[[str, object, object], list],
    rounds: int = 8,
    told: Callable[[str, dict], None] | None = None,
) -> Followed:
    """Follow the lab's advice for the scenario file at `path` and write the result to `out`.

    `lab(file)` runs the whole lab on a file (no advice) and returns its LabResult;
    `advise_for(file, result, check)` the advice for one failing check of that run. `told(key,
    params)` hears of each step (for a progress line); the file is never overwritten."""
    from ...scenario.compile import read_scenario
    from ...scenario.load import ScenarioError, read_text
    from .tweaks import changes_of

    source = Path(path)
    target = Path(out)
    text = read_text(source)
    spec, _ = read_scenario(source, text)
    data = spec.model_dump(mode="json", exclude_none=True, warnings=False)
    header = _header(text)
    work = Path(tempfile.mkdtemp(prefix="turbulentie-follow-"))  # the trial files
    say = told or (lambda key, params: None)
    result = lab(str(source))
    done = Followed(target, first=result)
    current = str(source)

    def attempt(rnd, base, check, against, depth=0):
        """Try the advice for `check` on `base` (data, file, lab result); the first change
        that makes the lab better than `against` is returned as (data, file, result). A
        change that fixes its check but breaks another gets, once, that one's advice on top
        (the step a designer would take next)."""
        data0, file0, result0 = base
        say("advising", {"check": check.id})

        def changes_for(adv, factor):
            return changes_of(file0, result0.scenario, ((adv.lever, factor),)) or []

        for group in candidates(advise_for(file0, result0, check)):
            changed, changes = _apply(data0, group, changes_for)
            trial = work / f"{rnd}-{len(done.steps)}-{source.name}"
            trial.write_text(_dump(changed, header), encoding="utf-8")
            try:
                after = lab(str(trial))
            except ScenarioError:  # not a valid scenario after all: not a change to make
                continue
            was, now = standing(against), standing(after)
            fails_after = tuple(now.short)  # (the failing checks in the lab's order)
            why = better(was, now)
            step = Step(
                rnd,
                check.id,
                tuple((a.lever, f) for a, f in group),
                changes,
                _how(group),
                tuple(was.short),
                fails_after,
                was.borderline,
                now.borderline,
                bool(why),
                was.total,
                now.total,
                why,
                on_top=depth > 0,
            )
            done.steps.append(step)
            say("tried", {"step": step})
            if step.kept:
                return changed, str(trial), after
            nxt = _next_check(check.id, was, now, after) if depth == 0 else None
            if nxt is not None:
                found = attempt(rnd, (changed, str(trial), after), nxt, against, 1)
                if found:
                    for earlier in done.steps[-2::-1]:  # the change it builds on is kept too
                        if not earlier.on_top:
                            earlier.kept = True
                            break
                    return found
        return None

    stuck = False
    try:
        for rnd in range(1, rounds + 1):
            done.rounds = rnd
            failing = _ordered(result.checks)
            if not failing:
                break
            say("round", {"round": rnd, "fails": [c.id for c in failing]})
            found = None
            for check in failing:
                found = attempt(rnd, (data, current, result), check, result)
                if found:
                    break
            if found is None:
                stuck = True
                break
            data, current, result = found
        done.reason = "stuck" if stuck else "rounds" if _ordered(result.checks) else "passed"
        done.final = result
        atomic_write_text(target, _dump(data, header))
    finally:
        for f in work.glob("*"):
            f.unlink(missing_ok=True)
        work.rmdir()
    return done
