"""Check a scenario's references and compile it (with the rules) into engine arrays."""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np

from ..core.model import (
    ACTORS,
    CONSTANTS,
    HOOK,
    HOOKS,
    KINDS,
    METERS,
    POLARITIES,
    PROFILE,
    SITUATION,
    STANCES,
    Bundles,
    CalendarEntry,
    Concept,
    Member,
    Rules,
    ScenarioData,
    Template,
    Texts,
    feature_names,
)
from ..i18n import Said, said
from ..yamlread import Document
from .load import (
    ScenarioError,
    ScenarioProblem,
    content_hash,
    dotted_path,
    load_rules_spec,
    parse,
    problem,
    read_text,
)
from .spec import ActorSpec, ArchetypeSpec, RulesSpec, ScenarioSpec

DEFAULT_TRAIT = 40.0


def texts(t) -> Texts:
    """A TextSpec as engine Texts."""
    return Texts(nl=t.nl, en=t.en)


def compile_rules(spec: RulesSpec) -> Rules:
    """Turn the rules spec into arrays (raises ScenarioError on unknown knobs or traits)."""
    problems = []
    trait_ids = [t.id for t in spec.traits]
    hooks = np.zeros((len(spec.traits), len(HOOKS)))
    for i, t in enumerate(spec.traits):
        for knob, value in t.effects.items():
            if knob not in HOOK:
                problems.append(f"trait {t.id}: unknown knob '{knob}' (known: {', '.join(HOOKS)})")
                continue
            hooks[i, HOOK[knob]] = value
    for axis in (spec.settings.harmony, spec.settings.task_nature):
        for value, knobs in axis.items():
            for knob in knobs:
                if knob not in HOOK:
                    problems.append(
                        f"settings {value}: unknown knob '{knob}' (known: {', '.join(HOOKS)})"
                    )
    for generation, knobs in spec.generations.items():
        for knob in knobs:
            if knob not in HOOK:
                problems.append(
                    f"generations {generation}: unknown knob '{knob}' (known: {', '.join(HOOKS)})"
                )
    for ref in (spec.deadline_bonus.trait, spec.foresight.trait):
        if ref not in trait_ids:
            problems.append(f"unknown trait '{ref}'")
    if spec.porous_trait is not None and spec.porous_trait not in trait_ids:
        problems.append(f"porous_trait: unknown trait '{spec.porous_trait}'")
    stance_weights = np.zeros((len(STANCES), len(SITUATION)))
    stance_bias = np.zeros(len(STANCES))
    stance_payoff = np.zeros((len(STANCES), len(METERS)))
    for stance, st in spec.stances.items():
        i = STANCES.index(stance)
        stance_bias[i] = st.bias
        for feature, w in st.weights.items():
            stance_weights[i, SITUATION.index(feature)] = w
        for meter, v in st.payoff.items():
            stance_payoff[i, METERS.index(meter)] = v
    actor = {name: spec.actors.get(name, ActorSpec()) for name in ACTORS}
    needed = set(CONSTANTS)
    missing = sorted(needed - set(spec.constants))
    if missing:
        problems.append(f"constants missing: {', '.join(missing)}")
    if problems:
        raise ScenarioError([ScenarioProblem("rules.yaml", 1, 1, p) for p in problems])
    return Rules(
        expectations=tuple(
            Concept(e.id, texts(e.name), texts(e.description)) for e in spec.expectations
        ),
        traits=tuple(Concept(t.id, texts(t.name), texts(t.description)) for t in spec.traits),
        orientation=tuple(e.orientation for e in spec.expectations),
        cover_weight=np.array([e.cover for e in spec.expectations]),
        trust_weight=np.array([e.trust for e in spec.expectations]),
        network_weight=np.array([e.network for e in spec.expectations]),
        trait_hooks=hooks,
        constants=dict(spec.constants),
        deadline_bonus_trait=trait_ids.index(spec.deadline_bonus.trait),
        deadline_bonus_kind=KINDS.index(spec.deadline_bonus.kind),
        deadline_bonus_at=spec.deadline_bonus.at_least,
        deadline_bonus_turns=spec.deadline_bonus.turns,
        foresight_trait=trait_ids.index(spec.foresight.trait),
        foresight_base=spec.foresight.base,
        foresight_per_points=spec.foresight.per_points,
        stance_weights=stance_weights,
        stance_bias=stance_bias,
        stance_payoff=stance_payoff,
        actor_start=np.array([actor[a].start for a in ACTORS]),
        actor_baseline=np.array([actor[a].baseline for a in ACTORS]),
        actor_drift=np.array([actor[a].drift for a in ACTORS]),
        actor_noise=np.array([actor[a].noise for a in ACTORS]),
        porous_trait=trait_ids.index(spec.porous_trait) if spec.porous_trait in trait_ids else -1,
        archetypes={
            name: np.array([getattr(a, f) for f in PROFILE], dtype=np.float64)
            for name, a in spec.archetypes.items()
        },
        generations_absent={gen: knob_factors(knobs) for gen, knobs in spec.generations.items()},
    )


def knob_factors(knobs: dict[str, float]) -> np.ndarray:
    """A factor per engine knob [H] from a mapping knob -> factor (1 where not named)."""
    out = np.ones(len(HOOKS))
    for knob, factor in knobs.items():
        if knob in HOOK:
            out[HOOK[knob]] *= factor
    return out


def member_profiles(rules: Rules, archetypes) -> tuple[np.ndarray, np.ndarray]:
    """Each member's archetype factors [M, PROFILE] and coverage factor per expectation [M, E]."""
    neutral = np.array([getattr(ArchetypeSpec(), f) for f in PROFILE], dtype=np.float64)
    profile = np.array([rules.archetypes.get(a, neutral) for a in archetypes]).reshape(
        len(archetypes), len(PROFILE)
    )
    column = [PROFILE.index(o) for o in rules.orientation]
    return profile, profile[:, column]


def setting_knobs(rules: RulesSpec, setting) -> np.ndarray:
    """The factor on every engine knob that the scenario's quadrant brings [H], and the
    generations of challenges it does not play (later generations add turbulence on top)."""
    base = np.ones(len(HOOKS))
    for generation, knobs in rules.generations.items():
        if generation not in setting.generations:
            base *= knob_factors(knobs)
    for knobs in (
        rules.settings.harmony.get(setting.harmony, {}),
        rules.settings.task_nature.get(setting.task_nature, {}),
    ):
        for knob, factor in knobs.items():
            if knob in HOOK:
                base[HOOK[knob]] *= factor
    return base


def tuned_rules(rules: RulesSpec, tuning) -> RulesSpec:
    """The rules with a scenario's own values (its `tuning` section) in place."""
    if tuning is None:
        return rules
    expectations = []
    for e in rules.expectations:
        w = tuning.expectations.get(e.id)
        changes = {} if w is None else {k: v for k, v in w.model_dump().items() if v is not None}
        expectations.append(e.model_copy(update=changes))
    traits = [
        t.model_copy(update={"effects": {**t.effects, **tuning.traits.get(t.id, {})}})
        for t in rules.traits
    ]
    return rules.model_copy(
        update={
            "expectations": expectations,
            "traits": traits,
            "constants": {**rules.constants, **tuning.constants},
        }
    )


class Checker:
    """Collects problems placed at the position of a path in the file."""

    def __init__(self, file: str, doc: Document | None, where=None, assume=frozenset()):
        self.file = file
        self.doc = doc
        self.where = where  # maps a path in the checked data to the file's (load.Salvage)
        self.assume = assume  # ids that exist though they are not in the checked data
        self.problems: list[ScenarioProblem] = []

    def add(self, path: tuple, message: Said | str, key: bool = False):
        """Add a problem at a path (at its key when key is true); a str message is English only."""
        if self.where is not None:
            path = self.where(path)
        pos = None
        if self.doc is not None:
            pos = self.doc.key_position(path) if key else None
            pos = pos or self.doc.position(path)
        line, col = pos or (1, 1)
        if isinstance(message, str):
            self.problems.append(ScenarioProblem(self.file, line, col, message, dotted_path(path)))
        else:
            self.problems.append(problem(self.file, line, col, message, dotted_path(path)))

    def ref(self, path: tuple, value: str, known, what: str, key: bool = False):
        """Add a problem when value is not one of the known ids, with a 'did you mean'."""
        if value in known or value in self.assume:
            return
        hint = difflib.get_close_matches(value, list(known), n=1)
        what_said = said(f"problem.what.{what.replace(' ', '_')}")
        if hint:
            self.add(
                path,
                said("problem.unknown_ref_hint", what=what_said, value=value, hint=hint[0]),
                key=key,
            )
        else:
            known_ids = ", ".join(sorted(known))
            self.add(
                path,
                said("problem.unknown_ref", what=what_said, value=value, known=known_ids),
                key=key,
            )


def check_references(
    spec: ScenarioSpec,
    rules: RulesSpec,
    file: str,
    doc: Document | None,
    where=None,
    assume=frozenset(),
) -> list[ScenarioProblem]:
    """Every reference to an id that does not exist, and every duplicate id (`where`: the spec
    is what load.Salvage kept of the file; it maps the spec's paths to the file's, and `assume`
    are the ids of what it took out)."""
    c = Checker(file, doc, where, assume)
    exps = {e.id for e in rules.expectations}
    traits = {t.id for t in rules.traits}
    events = {e.id for e in spec.events}
    cal_ids = {e.id for e in spec.calendar}
    features = set(
        feature_names(
            exps, [t.id for t in rules.traits], KINDS, cal_ids, [e.id for e in spec.events]
        )
    )

    def unique(items, path: str, what: str):
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                c.add(
                    (path, i, "id"),
                    said(
                        f"problem.twice.{what.replace(' ', '_')}", id=item.id, other=seen[item.id]
                    ),
                )
            seen.setdefault(item.id, i)

    unique(spec.team, "team", "team member")
    unique(spec.events, "events", "event")
    unique(spec.calendar, "calendar", "calendar")

    def conditions(path: tuple, when: dict):
        for name in when:
            c.ref(path + (name,), name, features, "state value", key=True)

    def effects(path: tuple, items):
        follow = 0
        for i, eff in enumerate(items):
            if eff.op == "trait":
                c.ref(path + (i, "trait"), eff.trait, traits, "trait")
            if eff.op == "follow_up":
                follow += 1
                c.ref(path + (i, "event"), eff.event, events, "event")
                if follow > 1:
                    c.add(path + (i,), said("problem.one_follow_up"))

    for name in spec.start.traits:
        c.ref(("start", "traits", name), name, traits, "trait", key=True)
    for m, member in enumerate(spec.team):
        for name in member.skills:
            c.ref(("team", m, "skills", name), name, exps, "expectation", key=True)
            if not 0 <= member.skills[name] <= 5:
                c.add(("team", m, "skills", name), said("problem.skill_range"))
    for name in spec.task.demand:
        c.ref(("task", "demand", name), name, exps, "expectation", key=True)
    for name in spec.tuning.constants:
        c.ref(("tuning", "constants", name), name, set(CONSTANTS), "engine constant", key=True)
    for name in spec.tuning.expectations:
        c.ref(("tuning", "expectations", name), name, exps, "expectation", key=True)
    for name, knobs in spec.tuning.traits.items():
        c.ref(("tuning", "traits", name), name, traits, "trait", key=True)
        for knob in knobs:
            c.ref(("tuning", "traits", name, knob), knob, set(HOOKS), "engine knob", key=True)
    for kind, ks in spec.turbulence.items():
        for i, rule in enumerate(ks.state):
            c.ref(("turbulence", kind, "state", i, "value"), rule.value, features, "state value")
    for k in KINDS:
        if k not in spec.turbulence:
            c.add(("turbulence",), said("problem.no_turbulence", kind=k))
    for i, cal in enumerate(spec.calendar):
        if cal.event is not None:
            c.ref(("calendar", i, "event"), cal.event, events, "event")
        if cal.turn > spec.turns:
            c.add(
                ("calendar", i, "turn"), said("problem.turn_late", turn=cal.turn, turns=spec.turns)
            )
    for i, ev in enumerate(spec.events):
        base = ("events", i)
        conditions(base + ("when",), ev.when)
        for j, mod in enumerate(ev.modifiers):
            conditions(base + ("modifiers", j, "when"), mod.when)
        for name in ev.demand:
            c.ref(base + ("demand", name), name, exps, "expectation", key=True)
        effects(base + ("success",), ev.success)
        effects(base + ("failure",), ev.failure)
        seen_opt: set[str] = set()
        for j, opt in enumerate(ev.options):
            if opt.id in seen_opt:
                c.add(base + ("options", j, "id"), said("problem.option_twice", id=opt.id))
            seen_opt.add(opt.id)
            if isinstance(opt.demand, dict):
                for name in opt.demand:
                    c.ref(
                        base + ("options", j, "demand", name), name, exps, "expectation", key=True
                    )
            for part in ("choose", "success", "failure"):
                effects(base + ("options", j, part), getattr(opt, part) or [])
    return sorted(c.problems, key=lambda p: (p.line, p.column))


def _range_rows(when: dict, template: int, fnames: list[str], extra=None) -> list[list[float]]:
    rows = []
    eps = 1e-9
    for name, rng in when.items():
        lo, hi = -np.inf, np.inf
        if rng.min is not None:
            lo = max(lo, rng.min)
        if rng.above is not None:
            lo = max(lo, rng.above + eps)
        if rng.max is not None:
            hi = min(hi, rng.max + eps)
        if rng.below is not None:
            hi = min(hi, rng.below)
        row = [template, fnames.index(name), lo, hi]
        if extra is not None:
            row.append(extra)
        rows.append(row)
    return rows


class _BundleTable:
    def __init__(self, traits: list[str], events: list[str]):
        self.traits = traits
        self.events = events
        self.rows: list[dict] = [self._empty()]

    def _empty(self):
        return {
            "meters": np.zeros(3),
            "lasting": np.zeros(3),
            "lasting_turns": 0,
            "traits": np.zeros(len(self.traits)),
            "energy": 0.0,
            "pressure": np.zeros(len(KINDS)),
            "follow_up": -1,
        }

    def add(self, effects) -> int:
        if not effects:
            return 0
        b = self._empty()
        for eff in effects:
            if eff.op == "meter":
                b["meters"][METERS.index(eff.meter)] += eff.by
            elif eff.op == "lasting":
                b["lasting"][METERS.index(eff.meter)] += eff.per_turn
                b["lasting_turns"] = max(b["lasting_turns"], eff.turns)
            elif eff.op == "trait":
                b["traits"][self.traits.index(eff.trait)] += eff.by
            elif eff.op == "energy":
                b["energy"] += eff.by
            elif eff.op == "pressure":
                b["pressure"][KINDS.index(eff.kind)] += eff.by
            elif eff.op == "follow_up":
                b["follow_up"] = self.events.index(eff.event)
        self.rows.append(b)
        return len(self.rows) - 1

    def build(self) -> Bundles:
        return Bundles(
            meters=np.array([b["meters"] for b in self.rows]),
            lasting=np.array([b["lasting"] for b in self.rows]),
            lasting_turns=np.array([b["lasting_turns"] for b in self.rows], dtype=np.int64),
            traits=np.array([b["traits"] for b in self.rows]),
            energy=np.array([b["energy"] for b in self.rows]),
            pressure=np.array([b["pressure"] for b in self.rows]),
            follow_up=np.array([b["follow_up"] for b in self.rows], dtype=np.int64),
        )


def compile_scenario(spec: ScenarioSpec, rules_spec: RulesSpec) -> ScenarioData:
    """Compile a checked scenario and the rules into the engine's arrays."""
    rules = compile_rules(tuned_rules(rules_spec, spec.tuning))
    exp_ids = [e.id for e in rules.expectations]
    trait_ids = [t.id for t in rules.traits]
    ev_ids = [e.id for e in spec.events]
    cal_ids = [c.id for c in spec.calendar]
    fnames = feature_names(exp_ids, trait_ids, KINDS, cal_ids, ev_ids)
    e_n = len(exp_ids)

    def vec(mapping: dict[str, float], default: float = 0.0) -> np.ndarray:
        out = np.full(e_n, default)
        for k, v in mapping.items():
            out[exp_ids.index(k)] = v
        return out

    n = len(spec.events)
    o_max = max([3] + [len(e.options) for e in spec.events])
    table = _BundleTable(trait_ids, ev_ids)
    o_demand = np.zeros((n, o_max, e_n))
    o_choose = np.zeros((n, o_max), dtype=np.int64)
    o_success = np.zeros((n, o_max), dtype=np.int64)
    o_failure = np.zeros((n, o_max), dtype=np.int64)
    o_stance = np.zeros((n, o_max), dtype=np.int64)
    cond_rows: list[list[float]] = []
    mod_rows: list[list[float]] = []
    templates = []
    for i, ev in enumerate(spec.events):
        succ = table.add(ev.success)
        fail = table.add(ev.failure)
        o_success[i, :] = succ
        o_failure[i, :] = fail
        o_demand[i, :] = vec(ev.demand)
        for j, opt in enumerate(ev.options):
            # an option's demand: its own per expectation, or the event's times a factor
            if isinstance(opt.demand, dict):
                o_demand[i, j] = vec(opt.demand)
            else:
                o_demand[i, j] = vec(ev.demand) * opt.demand
            o_choose[i, j] = table.add(opt.choose)
            o_stance[i, j] = STANCES.index(opt.stance)
            if opt.success is not None:
                o_success[i, j] = table.add(opt.success)
            if opt.failure is not None:
                o_failure[i, j] = table.add(opt.failure)
        cond_rows += _range_rows(ev.when, i, fnames)
        for mod in ev.modifiers:
            mod_rows += _range_rows(mod.when, i, fnames, extra=float(np.log(mod.factor)))
        templates.append(
            Template(
                id=ev.id,
                kind=KINDS.index(ev.kind),
                polarity=POLARITIES.index(ev.polarity),
                title=texts(ev.title),
                text=texts(ev.text),
                option_ids=tuple(o.id for o in ev.options),
                option_labels=tuple(texts(o.label) for o in ev.options),
                option_texts=tuple(texts(o.text) if o.text else Texts("") for o in ev.options),
            )
        )

    calendar = []
    for c in spec.calendar:
        factor = np.ones(len(KINDS))
        for k, v in c.rates.items():
            factor[KINDS.index(k)] = v
        calendar.append(
            CalendarEntry(
                id=c.id,
                turn=c.turn,
                title=texts(c.title),
                template=ev_ids.index(c.event) if c.event else -1,
                rate_factor=factor,
                before=c.before,
                after=c.after,
            )
        )
    state_rows = []
    for k, ks in spec.turbulence.items():
        for rule in ks.state:
            direction, threshold = (
                (-1.0, rule.below) if rule.below is not None else (1.0, rule.above)
            )
            state_rows.append(
                [KINDS.index(k), fnames.index(rule.value), threshold, rule.per_point, direction]
            )

    start_traits = np.full(len(trait_ids), DEFAULT_TRAIT)
    for k, v in spec.start.traits.items():
        start_traits[trait_ids.index(k)] = v

    profile, m_coverage = member_profiles(rules, [m.archetype for m in spec.team])
    return ScenarioData(
        id=spec.id,
        title=texts(spec.title),
        content_hash=content_hash(spec, rules_spec),
        rules=rules,
        n_turns=spec.turns,
        members=tuple(Member(m.id, m.name, texts(m.role), m.archetype) for m in spec.team),
        skills=np.array([vec(m.skills) for m in spec.team]),
        capacity=np.array([m.capacity for m in spec.team], dtype=np.int64),
        energy=np.array([m.energy for m in spec.team]),
        profile=profile,
        m_coverage=m_coverage,
        start_meters=np.array(
            [spec.start.public_value, spec.start.political_cover, spec.start.trust]
        ),
        start_traits=start_traits,
        task_title=texts(spec.task.title),
        task_demand=vec(spec.task.demand),
        task_value_rate=spec.task.value_rate,
        base_rate=np.array([spec.turbulence[k].base_rate for k in KINDS]),
        escalation_rate=np.array([spec.turbulence[k].escalation for k in KINDS]),
        state_rate_rows=np.array(state_rows, dtype=np.float64).reshape(-1, 5),
        calendar=tuple(calendar),
        templates=tuple(templates),
        t_kind=np.array([KINDS.index(e.kind) for e in spec.events], dtype=np.int64),
        t_polarity=np.array([POLARITIES.index(e.polarity) for e in spec.events], dtype=np.int64),
        t_weight=np.array([e.weight for e in spec.events]),
        t_cooldown=np.array([e.cooldown for e in spec.events], dtype=np.int64),
        t_once=np.array([e.once for e in spec.events], dtype=bool),
        t_spontaneous=np.array([e.spontaneous for e in spec.events], dtype=bool),
        t_sev_lo=np.array([e.severity.min for e in spec.events]),
        t_sev_hi=np.array([e.severity.max for e in spec.events]),
        t_deadline=np.array([e.deadline for e in spec.events], dtype=np.int64),
        t_demand=np.array([vec(e.demand) for e in spec.events]),
        t_n_options=np.array([len(e.options) for e in spec.events], dtype=np.int64),
        o_demand=o_demand,
        o_choose=o_choose,
        o_success=o_success,
        o_failure=o_failure,
        o_stance=o_stance,
        bundles=table.build(),
        cond_rows=np.array(cond_rows, dtype=np.float64).reshape(-1, 4),
        mod_rows=np.array(mod_rows, dtype=np.float64).reshape(-1, 5),
        knob_base=setting_knobs(rules_spec, spec.setting),
        axes=np.array(
            [
                1.0 if spec.setting.harmony == "harmonious" else -1.0,
                1.0 if spec.setting.task_nature == "public_interest" else -1.0,
            ]
        ),
        elections=np.array(
            [
                c.turn
                for c in calendar
                if c.template >= 0 and spec.events[c.template].kind == "electoral"
            ],
            dtype=np.int64,
        ),
        score_weights=spec.score.model_dump(),
        briefing=texts(spec.briefing),
    )


def read_scenario(path: str | Path, text: str | None = None) -> tuple[ScenarioSpec, Document]:
    """Read and fully check a scenario file (or `text`, already read from it); raise
    ScenarioError listing every problem."""
    p = Path(path)
    spec, doc = parse(read_text(p) if text is None else text, str(p), ScenarioSpec)
    problems = check_references(spec, load_rules_spec(), str(p), doc)
    if problems:
        raise ScenarioError(problems)
    return spec, doc


def load_scenario(path: str | Path) -> ScenarioData:
    """Read, check and compile a scenario file."""
    spec, _ = read_scenario(path)
    return compile_scenario(spec, load_rules_spec())
