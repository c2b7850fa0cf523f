"""Lint: warnings about valid scenarios that probably do not do what the designer meant."""

from __future__ import annotations

import math
from dataclasses import dataclass

from pydantic import BaseModel

from ..i18n import Said, said
from ..yamlread import Document
from .compile import Checker
from .load import ScenarioProblem
from .spec import EventSpec, RulesSpec, ScenarioSpec, TextSpec

# Stable rule ids: never renumber; retire an id rather than reuse it.
RULES = {
    "L001": ("never-holds", "an event's conditions can never all hold"),
    "L002": ("modifier-never-applies", "a weight modifier's conditions can never all hold"),
    "L003": ("unreachable-event", "nothing can bring the event into play"),
    "L004": ("missing-english", "a text has no English version"),
    "L005": ("unused-skill", "a team member's skill that no task, event or option demands"),
    "L006": ("unmet-demand", "a demanded expectation nobody in the team has"),
    "L007": ("cooldown-on-once", "a cooldown on an event that comes only once"),
    "L008": ("kind-without-events", "a turbulence kind with a rate but no events to draw"),
    "L009": ("identical-options", "two options of a dilemma that do exactly the same"),
    "L010": ("does-not-fit-the-window", "a text the window at 1280×720 cuts off (lint in a shell)"),
}

_INTEGER_FEATURES = ("turn", "until_", "fired_", "active_")


@dataclass(frozen=True)
class LintWarning:
    """One lint finding: a rule id and a positioned problem."""

    rule: str
    problem: ScenarioProblem

    @property
    def name(self) -> str:
        """The rule's readable name, such as 'missing-english'."""
        return RULES[self.rule][0]

    def __str__(self) -> str:
        p = self.problem
        where = f" (at {p.path})" if p.path else ""
        return (
            f"{p.file}:{p.line}:{p.column}: warning {self.rule} [{self.name}]: {p.message}{where}"
        )

    def line_in(self, t) -> str:
        """The warning as `__str__` says it, in t's language."""
        p = self.problem
        where = " " + t("problem.at", path=p.path) if p.path else ""
        head = t("lint.warning", rule=self.rule, name=self.name)
        return f"{p.file}:{p.line}:{p.column}: {head}: {p.text(t)}{where}"


def _domain(name: str, spec: ScenarioSpec) -> list[tuple[float, float]]:
    """The values a condition feature can take during a game, as closed intervals."""
    if name == "turn":
        return [(1, spec.turns)]
    if name.startswith("until_"):
        cal = next(c for c in spec.calendar if c.id == name[len("until_") :])
        return [(0, cal.turn - 1), (999, 999)]
    if name.startswith("active_"):
        return [(0, 1)]
    if name.startswith(("fired_", "pressure_")):
        return [(0, math.inf)]
    return [(0, 100)]  # meters, team energy and traits


def _can_hold(name: str, rng, spec: ScenarioSpec) -> bool:
    """Whether a range condition on a feature can hold at some point of the game."""
    lo, hi, lo_open, hi_open = -math.inf, math.inf, False, False  # floats throughout
    for bound, value in ((rng.min, False), (rng.above, True)):
        if bound is not None and (bound > lo or (bound == lo and value)):
            lo, lo_open = bound, value
    for bound, value in ((rng.max, False), (rng.below, True)):
        if bound is not None and (bound < hi or (bound == hi and value)):
            hi, hi_open = bound, value
    integer = name.startswith(_INTEGER_FEATURES)
    for d_lo, d_hi in _domain(name, spec):
        a, b = max(lo, d_lo), min(hi, d_hi)
        a_open = lo_open and a == lo
        b_open = hi_open and b == hi
        if integer:
            first = a if math.isinf(a) else a + 1 if a_open and a.is_integer() else math.ceil(a)
            last = b if math.isinf(b) else b - 1 if b_open and b.is_integer() else math.floor(b)
            if first <= last:
                return True
        elif a < b or (a == b and not a_open and not b_open):
            return True
    return False


def _impossible(when: dict, spec: ScenarioSpec) -> list[str]:
    """The names in a condition mapping whose range can never hold."""
    return [name for name, rng in when.items() if not _can_hold(name, rng, spec)]


def _texts(node, path: tuple):
    """Every TextSpec inside a spec, with its path."""
    if isinstance(node, TextSpec):
        yield path, node
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            yield from _texts(item, (*path, i))
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), (*path, name))


def _follow_ups(event: EventSpec) -> set[str]:
    lists = [event.success, event.failure]
    for opt in event.options:
        lists += [opt.choose, opt.success or [], opt.failure or []]
    return {e.event for effects in lists for e in effects if e.op == "follow_up"}


class _Lint:
    def __init__(self, spec: ScenarioSpec, rules: RulesSpec, file: str, doc: Document | None):
        self.spec = spec
        self.rules = rules
        self.checker = Checker(file, doc)
        self.found: list[LintWarning] = []

    def warn(self, rule: str, path: tuple, message: Said | str, key: bool = False):
        self.checker.add(path, message, key=key)
        self.found.append(LintWarning(rule, self.checker.problems[-1]))

    def conditions(self):
        spec = self.spec
        for i, ev in enumerate(spec.events):
            for name in _impossible(ev.when, spec):
                self.warn(
                    "L001",
                    ("events", i, "when", name),
                    said("lint.never_holds", id=ev.id, name=name, turns=spec.turns),
                    key=True,
                )
            for j, mod in enumerate(ev.modifiers):
                for name in _impossible(mod.when, spec):
                    self.warn(
                        "L002",
                        ("events", i, "modifiers", j, "when", name),
                        said("lint.modifier_never", name=name),
                        key=True,
                    )

    def reachability(self):
        spec = self.spec
        by_id = {e.id: e for e in spec.events}
        roots = {
            e.id
            for e in spec.events
            if e.spontaneous and e.weight > 0 and not _impossible(e.when, spec)
        }
        roots |= {c.event for c in spec.calendar if c.event}
        seen: set[str] = set()
        todo = sorted(roots)
        while todo:
            eid = todo.pop()
            if eid in seen or eid not in by_id:
                continue
            seen.add(eid)
            todo += sorted(_follow_ups(by_id[eid]))
        for i, ev in enumerate(spec.events):
            if ev.id in seen:
                continue
            if ev.spontaneous and ev.weight > 0:
                continue  # its own conditions can never hold: L001 says why
            why = said("lint.why_weight" if ev.spontaneous else "lint.why_not_spontaneous")
            self.warn("L003", ("events", i, "id"), said("lint.unreachable", id=ev.id, why=why))

    def english(self):
        for path, text in _texts(self.spec, ()):
            if text.en is None:
                self.warn(
                    "L004",
                    (*path, "nl"),
                    said("lint.missing_english"),
                )

    def skills(self):
        spec = self.spec
        demanded = {k for k, v in spec.task.demand.items() if v > 0}
        for ev in spec.events:
            demanded |= {k for k, v in ev.demand.items() if v > 0}
            for opt in ev.options:
                if isinstance(opt.demand, dict):
                    demanded |= {k for k, v in opt.demand.items() if v > 0}
        for m, member in enumerate(spec.team):
            for name, level in member.skills.items():
                if level > 0 and name not in demanded:
                    self.warn(
                        "L005",
                        ("team", m, "skills", name),
                        said("lint.unused_skill", member=member.name, name=name),
                        key=True,
                    )
        skilled = {k for member in spec.team for k, v in member.skills.items() if v > 0}
        places = [(("task", "demand"), spec.task.demand)]
        for i, ev in enumerate(spec.events):
            places.append((("events", i, "demand"), ev.demand))
            for j, opt in enumerate(ev.options):
                if isinstance(opt.demand, dict):
                    places.append((("events", i, "options", j, "demand"), opt.demand))
        for path, demand in places:
            for name, level in demand.items():
                if level > 0 and name not in skilled:
                    self.warn(
                        "L006",
                        (*path, name),
                        said("lint.unmet_demand", name=name),
                        key=True,
                    )

    def events(self):
        spec = self.spec
        for i, ev in enumerate(spec.events):
            if ev.once and ev.cooldown:
                self.warn(
                    "L007",
                    ("events", i, "cooldown"),
                    said("lint.cooldown_once", id=ev.id),
                )
            dumped = [o.model_dump(exclude={"id", "label", "text"}) for o in ev.options]
            for j, option in enumerate(dumped):
                if option in dumped[:j]:
                    twin = ev.options[dumped.index(option)].id
                    self.warn(
                        "L009",
                        ("events", i, "options", j, "id"),
                        said("lint.identical", option=ev.options[j].id, twin=twin),
                    )
        for kind, ks in spec.turbulence.items():
            drawn = [e for e in spec.events if e.kind == kind and e.spontaneous and e.weight > 0]
            if ks.base_rate > 0 and not drawn:
                self.warn(
                    "L008",
                    ("turbulence", kind, "base_rate"),
                    said("lint.kind_without_events", kind=kind),
                )


def lint_scenario(
    spec: ScenarioSpec, rules: RulesSpec, file: str, doc: Document | None = None
) -> list[LintWarning]:
    """Every lint warning for a valid scenario, in file order."""
    lint = _Lint(spec, rules, file, doc)
    lint.conditions()
    lint.reachability()
    lint.english()
    lint.skills()
    lint.events()
    return sorted(lint.found, key=lambda w: (w.problem.line, w.problem.column, w.rule))
