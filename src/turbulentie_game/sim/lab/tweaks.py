"""Changed scenarios: a scenario file's numbers multiplied by factors (the advice's trials),
built as the file would be (the same spec, bounds and compiler), and the uniform-team variant.

Parameters (`Tweaks`), each a factor:
- `constant:<name>` — an engine constant (the scenario's `tuning.constants`);
- `mechanic:<kind>` — that kind's constants of core.model.MECHANICS, moved away from the
  values that switch the mechanic off: an amount whose "off" is 0 times the factor, a
  multiplier whose "off" is 1 to the power of the factor (a fade of 0.3 becomes 0.16 at 1.5);
- `trait:<id>` — every knob coefficient of a trait (`tuning.traits.<id>`);
- `trait_knob:<id>.<knob>` — one knob coefficient of a trait, its others unchanged (a knob
  that works against the trait's worth in this scenario can be weakened on its own);
- `weights:<expectation>` — how its coverage feeds cover, trust and network work
  (`tuning.expectations.<id>`);
- `option_effects:<event>/<option>` — every `by` and `per_turn` of the option's own effects;
- `option_demand:<event>/<option>` — the option's demand (its factor, or its own demand);
- `task:value_rate` — the central task's value rate;
- `trait:*` — every trait's knob coefficients at once;
- `team:spread` — every member's skills moved away from the team's mean skill on that
  expectation (the factor times the difference, kept within 0-5): a more diverse team;
- `event_weight:<event>` — the event's weight among the events of its kind;
- `event_when:<event>` — the event's conditions loosened: each bound on a meter, trait, the
  team's energy or the turn moves towards the end of the values it can take, the share it
  excludes divided by the factor (a `min: 90` on a 0-100 meter becomes 45 at factor 2; a
  turn is rounded to a whole turn, outwards);
- `kind_rate:<kind>` — the base rate of a turbulence kind;
- `kind_severity:<kind>` — the severity (lowest and highest) of every event of that kind, so
  that its events ask more and weigh more (kept within the schema's 0.1-5);
- `kind_deadline:<kind>` — the deadline of every event of that kind times the factor, at least
  one turn longer (at most 8): an event settled in the turn it comes never ages, so the fading
  of temporal and agenda successes cannot touch it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from ...core.model import MECHANICS, ScenarioData

Tweaks = tuple[tuple[str, float], ...]  # (parameter, factor) pairs


def uniform_team_variant(path: str) -> ScenarioData:
    """The scenario with every member given the team's mean skills (same total skill)."""
    from ...scenario.compile import compile_scenario, read_scenario
    from ...scenario.load import load_rules_spec

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


# constants that are shares (0-1): a factor never takes them past 1
SHARES = {
    "practice_fallback", "embed_rate", "value_decay", "trait_erosion", "temporal_fade",
    "opportunity_fade", "red_tape_decay", "slip_decay", "pressure_decay", "commotion_fade",
    "value_memory_rate", "election_turnover", "success_threshold", "task_floor", "trust_base",
}  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One number of the scenario file and the value the advice gives it."""

    path: str  # where in the scenario file, e.g. tuning.constants.embed_rate
    old: float
    new: float
    usual: tuple[float, float] | None = None  # set when `new` is far outside this usual range


def usual_values(path: str) -> list[float]:
    """What the rules file and the built-in scenarios write for the engine number at a path of
    the advice (`tuning.constants.<name>`, `tuning.traits.<id>.<knob>`,
    `tuning.expectations.<id>.<weight>`); empty for the scenario's own content."""
    rules = _rules_spec()
    parts = path.split(".")
    if parts[:2] == ["tuning", "constants"] and len(parts) == 3:
        key, own = path, [rules.constants.get(parts[2])]
    elif parts[:2] == ["tuning", "traits"] and len(parts) == 4:
        key = f"tuning.traits.<trait>.{parts[3]}"
        own = [t.effects.get(parts[3]) for t in rules.traits]
    elif parts[:2] == ["tuning", "expectations"] and len(parts) == 4:
        key, own = "", [getattr(e, parts[3], None) for e in rules.expectations]
    else:
        return []
    values = [float(v) for v in own if isinstance(v, int | float)]
    return values + _builtin_scale().get(key, [])


@lru_cache(maxsize=1)
def _builtin_scale() -> dict[str, list[float]]:
    from ...scenario.reference import builtin_scale

    return builtin_scale(_rules_spec())


def far_outside(new: float, values: list[float]) -> tuple[float, float] | None:
    """The usual range (lowest, highest) when `new` lies far outside it: more than twice the
    largest size, or less than half the smallest (same sign), or of the other sign."""
    if not values:
        return None
    lo, hi = min(values), max(values)
    sizes = [abs(v) for v in values if v != 0]
    if not sizes or (new == 0 and lo <= 0 <= hi):
        return None
    signs = {v > 0 for v in values if v != 0}
    other_sign = new != 0 and len(signs) == 1 and (new > 0) not in signs
    if other_sign or abs(new) > 2 * max(sizes) or (0 not in values and abs(new) < min(sizes) / 2):
        return (lo, hi)
    return None


# --------------------------------------------------------------------------- changed scenarios

_SPECS: dict[str, object] = {}


def _spec(path: str):
    if path not in _SPECS:
        from ...scenario.compile import read_scenario

        _SPECS[path] = read_scenario(path)[0]
    return _SPECS[path]


def _rules_spec():
    from ...scenario.load import load_rules_spec

    return load_rules_spec()


def _round(x: float) -> float:
    return float(f"{x:.3g}")


def _scale_effects(effects: list | None, f: float, where: str, changes: list[Change]) -> None:
    for i, eff in enumerate(effects or []):
        for key in ("by", "per_turn"):
            v = eff.get(key)
            if isinstance(v, int | float) and not isinstance(v, bool) and v != 0:
                eff[key] = _round(v * f)
                changes.append(Change(f"{where}[{i}].{key}", v, eff[key]))


def _option(data: dict, target: str) -> tuple[dict, str]:
    ev_id, _, opt_id = target.partition("/")
    ev = next(e for e in data["events"] if e["id"] == ev_id)
    opt = next(o for o in ev["options"] if o["id"] == opt_id)
    return opt, f"events.{ev_id}.options.{opt_id}"


def _event(data: dict, event_id: str) -> dict:
    return next(e for e in data["events"] if e["id"] == event_id)


def _spread_team(team: list[dict], f: float) -> list[Change]:
    """Each member's skills moved away from the team's mean on that expectation by factor f."""
    changes: list[Change] = []
    names = sorted({k for m in team for k in m["skills"]})
    for name in names:
        mean = sum(m["skills"].get(name, 0.0) for m in team) / len(team)
        for i, m in enumerate(team):
            old = float(m["skills"].get(name, 0.0))
            new = min(5.0, max(0.0, _round(mean + (old - mean) * f)))
            if new != old:
                m["skills"][name] = new
                changes.append(Change(f"team[{i}].skills.{name}", old, new))
    return changes


LOOSE_SKIP = ("fired_", "active_", "until_", "pressure_")  # counts and dates: not loosened


def _loosen(ev: dict, f: float, turns: int, where: str) -> list[Change]:
    """An event's conditions loosened by factor f (see the module)."""
    changes: list[Change] = []
    for name, rng in (ev.get("when") or {}).items():
        if name.startswith(LOOSE_SKIP):
            continue
        lo, hi = (1.0, float(turns)) if name == "turn" else (0.0, 100.0)
        for bound in ("min", "above", "max", "below"):
            old = rng.get(bound)
            if old is None:
                continue
            edge = lo if bound in ("min", "above") else hi
            new = _round(edge + (float(old) - edge) / f)
            if name == "turn":  # a whole turn, still at least as loose
                new = float(math.floor(new) if edge == lo else math.ceil(new))
            if new != old:
                rng[bound] = new
                changes.append(Change(f"{where}.{name}.{bound}", float(old), new))
    return changes


def apply_tweaks(data: dict, scn: ScenarioData, tweaks: Tweaks) -> list[Change]:
    """Change a scenario spec's data (model_dump) by the tweaks; returns what changed."""
    rules_spec = _rules_spec()
    tuning = data.setdefault("tuning", {})
    consts = tuning.setdefault("constants", {})
    changes: list[Change] = []
    for param, f in tweaks:
        kind, _, what = param.partition(":")
        if kind == "constant":
            old = float(consts.get(what, scn.rules.constants[what]))
            new = _round(old * f)
            if what in SHARES and old <= 1.0:
                new = min(new, 1.0)
            consts[what] = new
            if new != old:  # a share already at 1 stays: nothing to write in the file
                changes.append(Change(f"tuning.constants.{what}", old, new))
        elif kind == "mechanic":
            for name, off in MECHANICS[what]:
                old = float(consts.get(name, scn.rules.constants[name]))
                # away from "off": a multiplier (off 1) to the power f, an amount (off 0) times f
                new = _round(old**f if off == 1.0 and old > 0 else off + (old - off) * f)
                new = max(0.0, min(new, 1.0) if name in SHARES else new)
                consts[name] = new
                if new != old:
                    changes.append(Change(f"tuning.constants.{name}", old, new))
        elif kind == "trait":
            for tid in [t.id for t in rules_spec.traits] if what == "*" else [what]:
                base = next(t for t in rules_spec.traits if t.id == tid).effects
                knobs = {**base, **tuning.setdefault("traits", {}).get(tid, {})}
                new = {k: _round(v * f) for k, v in knobs.items()}
                tuning["traits"][tid] = new
                changes += [
                    Change(f"tuning.traits.{tid}.{k}", v, new[k]) for k, v in knobs.items() if v
                ]
        elif kind == "trait_knob":
            tid, _, knob = what.partition(".")
            knobs = trait_knobs(data, tid)
            old = float(knobs[knob])  # a knob the trait does not have: not a valid change
            knobs[knob] = _round(old * f)
            tuning.setdefault("traits", {})[tid] = knobs
            if knobs[knob] != old:
                changes.append(Change(f"tuning.traits.{tid}.{knob}", old, knobs[knob]))
        elif param == "team:spread":
            changes += _spread_team(data["team"], f)
        elif kind == "event_weight":
            ev = _event(data, what)
            old = float(ev.get("weight", 1.0))
            ev["weight"] = min(100.0, _round(old * f))
            changes.append(Change(f"events.{what}.weight", old, ev["weight"]))
        elif kind == "event_when":
            changes += _loosen(_event(data, what), f, data["turns"], f"events.{what}.when")
        elif kind == "kind_rate":
            ks = data["turbulence"][what]
            old = float(ks["base_rate"])
            ks["base_rate"] = min(5.0, _round(old * f))
            changes.append(Change(f"turbulence.{what}.base_rate", old, ks["base_rate"]))
        elif kind == "kind_severity":
            for ev in data["events"]:
                if ev["kind"] != what:
                    continue
                for bound in ("min", "max"):
                    old = float(ev["severity"][bound])
                    ev["severity"][bound] = min(5.0, _round(old * f))
                    where = f"events.{ev['id']}.severity.{bound}"
                    changes.append(Change(where, old, ev["severity"][bound]))
        elif kind == "kind_deadline":
            for ev in data["events"]:
                if ev["kind"] != what:
                    continue
                old = int(ev.get("deadline", 2))
                new = min(8, max(old + 1, round(old * f)))
                if new != old:
                    ev["deadline"] = new
                    changes.append(Change(f"events.{ev['id']}.deadline", float(old), float(new)))
        elif kind == "weights":
            e = next(x for x in rules_spec.expectations if x.id == what)
            own = tuning.setdefault("expectations", {}).get(what) or {}
            w = {
                k: float(own[k] if own.get(k) is not None else getattr(e, k))
                for k in ("cover", "trust", "network")
            }
            new = {k: min(5.0, _round(v * f)) for k, v in w.items()}
            tuning["expectations"][what] = new
            where = f"tuning.expectations.{what}"
            changes += [Change(f"{where}.{k}", v, new[k]) for k, v in w.items() if v]
        elif kind == "option_effects":
            opt, where = _option(data, what)
            for part in ("choose", "success", "failure"):
                _scale_effects(opt.get(part), f, f"{where}.{part}", changes)
        elif kind == "option_demand":
            opt, where = _option(data, what)
            d = opt.get("demand", 1.0)
            if isinstance(d, dict):
                new = {k: min(100.0, _round(v * f)) for k, v in d.items()}
                opt["demand"] = new
                changes += [Change(f"{where}.demand.{k}", v, new[k]) for k, v in d.items()]
            else:
                opt["demand"] = min(10.0, _round(float(d) * f))
                changes.append(Change(f"{where}.demand", float(d), opt["demand"]))
        elif param == "task:value_rate":
            old = data["task"]["value_rate"]
            data["task"]["value_rate"] = _round(old * f)
            changes.append(Change("task.value_rate", old, data["task"]["value_rate"]))
        else:
            raise ValueError(f"unknown parameter '{param}'")
    return changes


def trait_knobs(data: dict, tid: str) -> dict[str, float]:
    """A trait's knob coefficients in a scenario's data: the rules file's, with the scenario's
    own `tuning.traits.<id>` over them."""
    base = next(t for t in _rules_spec().traits if t.id == tid).effects
    return {**base, **((data.get("tuning") or {}).get("traits") or {}).get(tid, {})}


def set_number(data: dict, path: str, value: float) -> None:
    """Put a number into a scenario's data at a path as the advice names it
    (`events.<id>.options.<id>.choose[0].by`, `tuning.constants.<name>`, …)."""
    node = data
    parts = path.split(".")
    for i, part in enumerate(parts):
        name, _, index = part.partition("[")
        last = i == len(parts) - 1
        if isinstance(node, list):  # events and options are found by id
            node = next(x for x in node if x.get("id") == name)
            continue
        if last and not index:
            whole = isinstance(node.get(name), int) and not isinstance(node.get(name), bool)
            node[name] = int(value) if whole and float(value).is_integer() else value
            return
        node = node.setdefault(name, {}) if not index else node[name]
        if index:
            node = node[int(index.rstrip("]"))]
            if last:
                raise ValueError(f"'{path}' names a list item, not a number")
    raise ValueError(f"'{path}' does not name a number")


RESTUDY = ("trait:", "trait_knob:", "constant:trait_gain_per_chip", "constant:trait_erosion")


def restudies(tweaks: Tweaks) -> bool:
    """Whether the adaptive bot studies a changed scenario anew (a trait's worth changed)."""
    return any(p.startswith(RESTUDY) for p, _ in tweaks)


def tweaked(path: str, base: ScenarioData, tweaks: Tweaks, uniform: bool = False) -> ScenarioData:
    """The scenario of a file (or its uniform-team variant) with its numbers changed; it keeps
    the unchanged scenario's content hash, so the adaptive bot keeps its study, unless a trait
    changed (see the module)."""
    from ...scenario.compile import compile_scenario
    from ...scenario.spec import ScenarioSpec

    data = _spec(path).model_dump()
    apply_tweaks(data, base, tweaks)
    spec = ScenarioSpec.model_validate(data)
    if uniform:  # after the changes: the uniform team has the changed team's total skill
        spec = uniform_team_spec(spec)
    out = compile_scenario(spec, _rules_spec())
    if not restudies(tweaks):
        out = replace(out, content_hash=base.content_hash)
    return out


def changes_of(path: str, scn: ScenarioData, tweaks: Tweaks) -> list[Change] | None:
    """What the tweaks change in the scenario file (None: not a valid scenario then)."""
    from pydantic import ValidationError

    from ...scenario.spec import ScenarioSpec

    data = _spec(path).model_dump()
    try:
        changes = apply_tweaks(data, scn, tweaks)
        ScenarioSpec.model_validate(data)
    except (ValidationError, KeyError, StopIteration, ValueError):
        return None
    return changes
