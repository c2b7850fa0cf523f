"""What the designer's commands do: check files (errors and lint), and start a new scenario."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..files import atomic_write_text
from ..paths import assets_dir, scenarios_dir
from .compile import check_references, compile_scenario
from .lint import LintWarning, lint_scenario
from .load import ScenarioError, ScenarioProblem, load_rules_spec, parse, read_text
from .schema import SCHEMA_FILE
from .spec import ScenarioSpec

SLUG = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
TEMPLATE = "templates/new_scenario.yaml"


@dataclass
class FileReport:
    """The outcome of checking one file."""

    path: str
    readable: bool = True
    errors: list[ScenarioProblem] = field(default_factory=list)
    warnings: list[LintWarning] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Readable and without errors (warnings allowed)."""
        return self.readable and not self.errors


def check_file(path: str | Path, lint: bool = False) -> FileReport:
    """Read, validate, compile and (optionally) lint one scenario file; never raises on bad input."""
    p = Path(path)
    report = FileReport(str(p))
    try:
        text = read_text(p)
    except ScenarioError as exc:
        report.readable = False
        report.errors = exc.problems
        return report
    rules = load_rules_spec()
    try:
        spec, doc = parse(text, str(p), ScenarioSpec)
    except ScenarioError as exc:
        report.errors = exc.problems
        return report
    report.errors = check_references(spec, rules, str(p), doc)
    if report.errors:
        return report
    try:
        compile_scenario(spec, rules)
        if lint:
            report.warnings = lint_scenario(spec, rules, str(p), doc)
    except Exception as exc:  # a checked spec always compiles: this is our bug, not the designer's
        message = (
            f"the game could not process this valid file ({type(exc).__name__}); please report it"
        )
        report.errors = [ScenarioProblem(str(p), 1, 1, message)]
    return report


def schema_reference(target: Path) -> str:
    """How a scenario file at target refers to the shipped JSON Schema (relative when possible)."""
    schema = (scenarios_dir() / SCHEMA_FILE).resolve()
    try:
        return Path(os.path.relpath(schema, target.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_uri()


def template_text(scenario_id: str, target: Path) -> str:
    """The commented template of a new scenario, with its id and schema line filled in."""
    text = (assets_dir() / TEMPLATE).read_text(encoding="utf-8")
    return text.replace("__SCHEMA__", schema_reference(target)).replace("__ID__", scenario_id)


class NewScenarioError(ValueError):
    """A new scenario cannot be written (bad id or the file exists); `key` names the message."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(key)


def new_scenario(scenario_id: str, out: str | Path | None = None) -> Path:
    """Write the template as a new scenario file; never overwrites an existing file."""
    if not SLUG.match(scenario_id):
        raise NewScenarioError("authoring.bad_id", id=scenario_id)
    target = Path(out) if out else Path(f"{scenario_id}.yaml")
    if target.exists():
        raise NewScenarioError("authoring.exists", file=str(target))
    return atomic_write_text(target, template_text(scenario_id, target))
