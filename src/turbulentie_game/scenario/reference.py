"""The designer's reference (docs/reference.md), generated from the rules, the schema and the
built-in scenarios, so that it names every id, knob, constant and field the game knows today.

`turbulentie-game reference --out docs/reference.md` writes it; a test checks it is current.
"""

from __future__ import annotations

import re
import statistics
from functools import lru_cache
from pathlib import Path

from ..core.model import FIXED_FEATURES, HOOKS, KINDS, SITUATION
from ..paths import assets_dir, scenarios_dir
from ..yamlread import read_yaml
from .load import load_rules_spec, read_text
from .schema import scenario_schema
from .spec import RulesSpec

NOTES = "reference_notes.yaml"
COMMAND = "turbulentie-game reference --out docs/reference.md"
_NO_NOTE = "(no note yet)"


@lru_cache(maxsize=1)
def _notes() -> dict:
    data = read_yaml((assets_dir() / NOTES).read_text(encoding="utf-8")).data
    return data if isinstance(data, dict) else {}


def _note(section: str, name: str) -> str:
    return str((_notes().get(section) or {}).get(name, _NO_NOTE))


def _num(x) -> str:
    """A number as a designer writes it (no trailing zeros)."""
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out + [""]


def constant_comments(rules_text: str) -> dict[str, str]:
    """The comment after each constant in the rules file (its meaning, in the designer's words);
    a comment that starts with '...' continues the one before it."""
    out: dict[str, str] = {}
    inside = False
    last = ""
    for line in rules_text.splitlines():
        if re.match(r"^constants:\s*(#.*)?$", line):
            inside = True
            continue
        if inside and line and not line[0].isspace() and not line.startswith("#"):
            inside = False
        m = (
            re.match(r"^\s+([a-z_][a-z0-9_]*):\s*[^#\s]+\s*(?:#\s*(.*))?$", line)
            if inside
            else None
        )
        if m:
            comment = (m.group(2) or "").strip()
            if comment.startswith("...") and last:
                out[last] = out[last].rstrip(" .")
                comment = f"{comment.removeprefix('...').strip()} (read with `{last}`)"
            out[m.group(1)] = comment
            last = m.group(1)
    return out


# --------------------------------------------------------------------------- the rules


def _knob_effect(knob: str, value: float) -> str:
    pct = round(abs(value) * 100)
    more = "higher" if value > 0 else "lower"
    less = "lower" if value > 0 else "higher"
    return f"`{knob}` {value:+g}: {pct} % {more} at trait 100 than at 50, {pct} % {less} at 0"


def _stance_parts(stance) -> tuple[float, dict, dict]:
    """(bias, weights, payoff) of a stance (a plain mapping of weights in older rules files)."""
    if isinstance(stance, dict):
        return 0.0, stance, {}
    return stance.bias, dict(stance.weights), dict(stance.payoff)


def _rules_section(rules: RulesSpec, rules_text: str) -> list[str]:
    out = ["## The eight expectations", ""]
    out += [
        "Coverage of an expectation is the team's work on it: chips × skill^`skill_exponent` × "
        "energy factor × trait multipliers. `orientation` says whether it counts as managing up, "
        "managing out or task work; `cover`, `trust` and `network` say how much a point of its "
        "coverage feeds political cover, trust and network value.",
        "",
    ]
    extra = [
        f
        for f in type(rules.expectations[0]).model_fields
        if f not in ("id", "name", "description")
    ]
    rows = []
    for e in rules.expectations:
        rows.append(
            [
                f"`{e.id}`",
                e.name.nl,
                e.name.en or "",
                *[_num(getattr(e, f)) for f in extra],
                e.description.en or e.description.nl,
            ]
        )
    out += _table(["id", "Dutch", "English", *extra, "what it means"], rows)

    out += ["## The ten organisation traits", ""]
    out += [
        "Traits run from 0 to 100 (a scenario's `start.traits`, default 40). Each scales engine "
        "knobs: the number is the relative change at trait 100 compared with trait 50, and minus "
        "that at trait 0; the traits' changes add up, and the multiplier stays between 0.05 and 5. "
        "A chip on a trait adds `trait_gain_per_chip` points (practised); "
        "sustained work embeds it; unembedded practice falls back.",
        "",
    ]
    rows = []
    for t in rules.traits:
        effects = "; ".join(_knob_effect(k, v) for k, v in t.effects.items()) or "—"
        rows.append(
            [f"`{t.id}`", t.name.nl, t.name.en or "", t.description.en or t.description.nl, effects]
        )
    out += _table(["id", "Dutch", "English", "what it does", "effects (numbers)"], rows)
    special = []
    if rules.deadline_bonus:
        d = rules.deadline_bonus
        special.append(
            f"- `{d.trait}` at {_num(d.at_least)} or more gives {d.kind} events {d.turns} extra "
            "turn(s) to respond (`deadline_bonus`)."
        )
    if rules.foresight:
        f = rules.foresight
        special.append(
            f"- The calendar is visible {_num(f.base)} turn(s) ahead, plus one per "
            f"{_num(f.per_points)} points of `{f.trait}` (`foresight`)."
        )
    if rules.porous_trait:
        special.append(
            f"- `{rules.porous_trait}` is worn down by red tape and by managing up too much "
            "(`porous_trait`)."
        )
    out += special + ([""] if special else [])

    out += ["## Engine knobs", ""]
    out += [
        "The knobs the traits (and the setting's quadrant) scale. In a scenario, "
        "`tuning.traits.<trait>.<knob>` changes a trait's effect on a knob.",
        "",
    ]
    rows = []
    for knob in HOOKS:
        by = [f"`{t.id}` {v:+g}" for t in rules.traits for k, v in t.effects.items() if k == knob]
        rows.append([f"`{knob}`", _note("knobs", knob), ", ".join(by) or "—"])
    out += _table(["knob", "what it scales", "traits that move it"], rows)

    out += ["## The setting's quadrant", ""]
    out += [
        "A scenario's `setting.harmony` and `setting.task_nature` multiply these knobs "
        "(1 is no change).",
        "",
    ]
    rows = []
    for axis in type(rules.settings).model_fields:
        for place, knobs in getattr(rules.settings, axis).items():
            rows.append(
                [f"`{axis}: {place}`", ", ".join(f"`{k}` × {_num(v)}" for k, v in knobs.items())]
            )
    out += _table(["setting", "knob factors"], rows)

    out += ["## Stances of dilemma options", ""]
    out += [
        "An option's `stance` makes its outcome depend on the situation. When it is chosen, "
        "fit = tanh(bias + Σ weight × situation part), between −1 (it backfires) and +1 (it "
        "fits), and the meters change by fit × payoff × severity × `stance_payoff_scale`, on top "
        "of the option's own effects. A positive weight means the stance fits better when that "
        "part is high.",
        "",
    ]
    stances = {k: _stance_parts(v) for k, v in rules.stances.items()}
    parts = [p for p in SITUATION if any(p in w for _, w, _ in stances.values())]
    parts += sorted({p for _, w, _ in stances.values() for p in w} - set(parts))
    meters = sorted({m for _, _, pay in stances.values() for m in pay})
    rows = [
        [
            f"`{s}`",
            _note("stances", s),
            _num(bias),
            *[_num(w[p]) if p in w else "" for p in parts],
            ", ".join(f"{m} {_num(pay[m])}" for m in meters if m in pay),
        ]
        for s, (bias, w, pay) in stances.items()
    ]
    out += _table(["stance", "what it is", "bias", *parts, "payoff at full fit"], rows)
    out += _table(
        ["situation part", "how it is measured"], [[f"`{p}`", _note("situation", p)] for p in parts]
    )
    actors = getattr(rules, "actors", None) or {}
    if actors:
        out += ["## Actors", ""]
        out += [
            "The actors outside the team, each a mood or attention of 0–100 that drifts back to "
            "its baseline and is pushed by the outside world and by what the team does "
            "(constants `executive_*`, `council_*`, `press_*`, `citizens_*`).",
            "",
        ]
        fields = list(type(next(iter(actors.values()))).model_fields)
        rows = [
            [f"`{a}`", _note("actors", a), *[_num(getattr(spec, f)) for f in fields]]
            for a, spec in actors.items()
        ]
        out += _table(["actor", "what it is", *fields], rows)

    if rules.archetypes:
        out += ["## Member archetypes", ""]
        out += [
            "A team member's `archetype` is a mechanical profile: factors on their coverage of "
            "the task, managing-up and managing-out expectations, on how much work tires them, "
            "how much open threats weigh on them and how fast they learn (1 is no change).",
            "",
        ]
        fields = list(type(next(iter(rules.archetypes.values()))).model_fields)
        rows = [
            [f"`{a}`", *[_num(getattr(spec, f)) for f in fields]]
            for a, spec in rules.archetypes.items()
        ]
        out += _table(["archetype", *fields], rows)
    if rules.generations:
        out += ["## Generations of challenges", ""]
        out += [
            "A scenario's `setting.generations` names the generations it plays; for each one it "
            "leaves out, these knobs are multiplied (its challenges are absent).",
            "",
        ]
        rows = [
            [f"`{g}`", ", ".join(f"`{k}` × {_num(v)}" for k, v in knobs.items())]
            for g, knobs in rules.generations.items()
        ]
        out += _table(["generation left out", "knob factors"], rows)

    out += ["## Engine constants", ""]
    out += [
        "Every constant of `assets/rules.yaml`. A scenario may change them for itself in "
        "`tuning.constants` (only for that scenario).",
        "",
    ]
    comments = constant_comments(rules_text)
    rows = [
        [f"`{k}`", _num(v), comments.get(k) or _note("constants", k)]
        for k, v in rules.constants.items()
    ]
    out += _table(["constant", "value", "meaning"], rows)
    return out


def _conditions_section(rules: RulesSpec) -> list[str]:
    out = ["## Condition variables", ""]
    out += [
        "`when:` of an event (and of a weight modifier) maps these names to a range "
        "(`min`, `max`, `above`, `below`); the event is eligible while all hold.",
        "",
    ]
    rows = [[f"`{f}`", _note("conditions", f)] for f in FIXED_FEATURES]
    rows.append([", ".join(f"`{t.id}`" for t in rules.traits), _note("conditions", "<trait id>")])
    rows.append(
        [", ".join(f"`pressure_{k}`" for k in KINDS), _note("conditions", "pressure_<kind>")]
    )
    for name in ("until_<calendar id>", "fired_<event id>", "active_<event id>"):
        rows.append([f"`{name}`", _note("conditions", name)])
    return out + _table(["name", "range and meaning"], rows)


# --------------------------------------------------------------------------- the schema


def _type_of(node: dict) -> str:
    if "$ref" in node:
        return f"[{node['$ref'].rsplit('/', 1)[-1]}](#{node['$ref'].rsplit('/', 1)[-1].lower()})"
    for key in ("allOf", "oneOf", "anyOf"):
        if key in node:
            kinds = [_type_of(n) for n in node[key] if n.get("type") != "null"]
            return " or ".join(kinds)
    kind = node.get("type", "")
    if kind == "array":
        return f"list of {_type_of(node.get('items', {}))}"
    if kind == "object":
        keys = node.get("propertyNames", {}).get("enum")
        value = (
            _type_of(node.get("additionalProperties", {}))
            if isinstance(node.get("additionalProperties"), dict)
            else ""
        )
        if keys:
            rules = load_rules_spec()
            if set(keys) == {e.id for e in rules.expectations}:
                named = "expectation id"
            elif set(keys) == {t.id for t in rules.traits}:
                named = "trait id"
            else:
                named = " / ".join(f"`{k}`" for k in keys)
            return f"mapping of {named} to {value}".strip()
        return f"mapping of name to {value}".strip() if value else "mapping"
    if isinstance(kind, list):
        return " or ".join(kind)
    return kind or "any"


def _range_of(node: dict) -> str:
    parts = []
    if "enum" in node:
        parts.append(", ".join(f"`{v}`" for v in node["enum"]))
    if "const" in node:
        parts.append(f"`{node['const']}`")
    lo = node.get("minimum", node.get("exclusiveMinimum"))
    hi = node.get("maximum", node.get("exclusiveMaximum"))
    if lo is not None or hi is not None:
        left = ("(" if "exclusiveMinimum" in node else "[") if lo is not None else "("
        right = (")" if "exclusiveMaximum" in node else "]") if hi is not None else ")"
        parts.append(
            f"{left}{_num(lo) if lo is not None else '−∞'}, {_num(hi) if hi is not None else '∞'}{right}"
        )
    for unit, lo_key, hi_key in (
        ("characters", "minLength", "maxLength"),
        ("items", "minItems", "maxItems"),
    ):
        lo, hi = node.get(lo_key), node.get(hi_key)
        if lo is not None and hi is not None:
            parts.append(f"{lo}–{hi} {unit}")
        elif hi is not None:
            parts.append(f"at most {hi} {unit}")
        elif lo is not None:
            parts.append(f"at least {lo} {unit}")
    if "pattern" in node:
        parts.append("an id (lower_snake)")
    for key in ("additionalProperties", "items"):
        inner = node.get(key)
        if isinstance(inner, dict) and "$ref" not in inner:
            sub = _range_of(inner)
            if sub:
                parts.append(f"each {sub}")
    return "; ".join(parts)


def _default(node: dict) -> str:
    if "default" not in node:
        return ""
    value = node["default"]
    if value is None:
        return "none"
    if isinstance(value, dict | list):
        return (
            "`" + ", ".join(f"{k}: {_num(v)}" for k, v in value.items()) + "`"
            if isinstance(value, dict) and value
            else "empty"
        )
    return f"`{_num(value)}`"


def _schema_section() -> list[str]:
    schema = scenario_schema(load_rules_spec())
    out = ["## Scenario fields", ""]
    out += [
        "Every field of a scenario file, from the JSON Schema (`turbulentie-game schema`), with "
        "the range the game accepts. A range is written [low, high]; a round bracket excludes "
        "that end.",
        "",
    ]
    sections = [("The file", schema)] + sorted(schema.get("definitions", {}).items())
    for name, node in sections:
        props = node.get("properties", {})
        if not props:
            continue
        out += [f"### {name}", ""]
        if node.get("description"):
            out += [node["description"], ""]
        required = set(node.get("required", []))
        rows = []
        for field, sub in props.items():
            default = _default(sub)
            rows.append(
                [
                    f"`{field}`" + (" (required)" if field in required else ""),
                    _type_of(sub),
                    _range_of(sub),
                    default,
                    sub.get("description", ""),
                ]
            )
        out += _table(["field", "type", "range", "default", "meaning"], rows)
    return out


# --------------------------------------------------------------------------- the built-ins


def _flatten(node, path: str, exps: set[str], traits: set[str], out: dict[str, list[float]]):
    if isinstance(node, bool) or node is None or isinstance(node, str):
        return
    if isinstance(node, int | float):
        out.setdefault(path, []).append(float(node))
        return
    if isinstance(node, list):
        for item in node:
            _flatten(item, f"{path}[]", exps, traits, out)
        return
    if isinstance(node, dict):
        here = path
        if isinstance(node.get("op"), str):
            here = f"{path}{{op: {node['op']}}}"
        for key, value in node.items():
            if path.endswith("when"):
                label = "<condition>"
            elif key in exps:
                label = "<expectation>"
            elif key in traits:
                label = "<trait>"
            else:
                label = str(key)
            _flatten(value, f"{here}.{label}" if here else label, exps, traits, out)


def builtin_scale(rules: RulesSpec, folder: Path | None = None) -> dict[str, list[float]]:
    """Every number the built-in scenarios write, grouped by where it stands (what designers
    actually wrote: defaults they left out do not count)."""
    exps = {e.id for e in rules.expectations}
    traits = {t.id for t in rules.traits}
    out: dict[str, list[float]] = {}
    for path in sorted((folder or scenarios_dir()).glob("*.yaml")):
        data = read_yaml(read_text(path)).data
        _flatten(data, "", exps, traits, out)
    return out


def _scale_section(rules: RulesSpec) -> list[str]:
    scale = builtin_scale(rules)
    n = len(list(scenarios_dir().glob("*.yaml")))
    out = ["## The scale of the built-in scenarios", ""]
    out += [
        f"What the {n} built-in scenarios write at each place (median, and lowest to highest), "
        "so that you know what a number means: an event demand of 8 on one expectation is "
        "a large one, a `by` of 2 on a meter effect is a typical one. `[]` is any item of a "
        "list, `<expectation>` any expectation id, `<trait>` any trait id, `<condition>` any "
        "condition variable; effects are grouped by their `op`. Demands are at severity 1 and "
        "effects are multiplied by the event's severity.",
        "",
    ]
    rows = []
    for path in sorted(scale):
        values = scale[path]
        if path.startswith(("format", "order")) or (
            path.endswith(".turn") and "calendar" not in path
        ):
            continue
        rows.append(
            [
                f"`{path}`",
                len(values),
                _num(statistics.median(values)),
                f"{_num(min(values))} – {_num(max(values))}",
            ]
        )
    return out + _table(["where", "count", "median", "range"], rows)


# --------------------------------------------------------------------------- the whole page


_COMMANDS = [
    (
        "turbulentie-game new ID [--out FILE]",
        "write a commented template ID.yaml (or FILE); never overwrites",
    ),
    (
        "turbulentie-game validate FILE…",
        "every problem of each file at once, as FILE:LINE:COL: message, in the chosen language (--lang en)",
    ),
    (
        "turbulentie-game lint FILE… [--strict] [--ignore IDS]",
        "warnings for valid files, among them texts that will not fit the window at 1280×720",
    ),
    (
        "turbulentie-game install FILE",
        "validate the file and copy it into your scenario folder: the menu lists it",
    ),
    (
        "turbulentie-game scenarios",
        "the built-in scenarios, your own, and the broken files with their first problem",
    ),
    ("turbulentie-game schema [--out FILE]", "the JSON Schema, for editors"),
    (
        "turbulentie-game balance FILE [--sensitivity]",
        "the balance lab (README); --sensitivity ranks the numbers that move the score most",
    ),
    (COMMAND, "this page"),
]


def _commands_section() -> list[str]:
    return [
        "## Commands for designers",
        "",
        *_table(["command", "what it does"], [[f"`{c}`", w] for c, w in _COMMANDS])[:-1],
        "",
        "Every command also finds scenarios by id in your scenario folder (`scenarios` in the "
        "game's data folder: `~/.local/share/turbulentie_game/scenarios` on Linux, "
        "`%APPDATA%\\turbulentie_game\\scenarios` on Windows, `~/Library/Application Support/"
        "turbulentie_game/scenarios` on macOS; `TURBULENTIE_DATA_DIR` moves it) and in every "
        "`--scenarios DIR` given on the command line. The menu lists them under "
        '"your own scenarios"; a broken file is shown with its first problem.',
        "",
        "`new` and `install` write a first line `# yaml-language-server: $schema=file:///…` "
        "that points at a copy of the schema in the data folder by its absolute address, so "
        "editors keep completing and explaining fields after the file is moved.",
        "",
    ]


def reference_text() -> str:
    """The whole reference page, as Markdown."""
    rules = load_rules_spec()
    rules_text = (assets_dir() / "rules.yaml").read_text(encoding="utf-8")
    lines = [
        "# Scenario reference",
        "",
        f"<!-- generated by `{COMMAND}` from assets/rules.yaml, assets/{NOTES}, the JSON Schema "
        "and the built-in scenarios; do not edit by hand -->",
        "",
        "Everything a scenario can name, with its range and meaning. The format itself, "
        "with examples, is in [scenario-format.md](scenario-format.md).",
        "",
    ]
    lines += _commands_section()
    lines += _rules_section(rules, rules_text)
    lines += _conditions_section(rules)
    lines += _scale_section(rules)
    lines += _schema_section()
    return "\n".join(lines).rstrip() + "\n"
