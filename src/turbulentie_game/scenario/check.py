"""What the designer's commands do: check files (errors and lint), and start a new scenario."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..files import atomic_write_text
from ..i18n import said
from ..paths import assets_dir, data_dir, scenarios_dir, user_scenarios_dir
from ..yamlread import read_yaml
from .compile import check_references, compile_scenario
from .lint import LintWarning, lint_scenario
from .load import (
    Salvage,
    ScenarioError,
    ScenarioProblem,
    load_rules_spec,
    parse,
    problem,
    read_text,
)
from .schema import SCHEMA_FILE, schema_text
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


def check_file(path: str | Path, lint: bool = False, more_lint=()) -> FileReport:
    """Read, validate, compile and (optionally) lint one scenario file; never raises on bad input.

    `more_lint` are further lint functions `(spec, rules, file, doc) -> [LintWarning]` that a
    shell adds (the window's text-fit check lives in ui/, which this layer may not import)."""
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
        report.errors = exc.problems + _salvaged_references(exc, rules, str(p))
        report.errors.sort(key=lambda e: (e.line, e.column))
        return report
    report.errors = check_references(spec, rules, str(p), doc)
    if report.errors:
        return report
    try:
        compile_scenario(spec, rules)
        if lint:
            report.warnings = lint_scenario(spec, rules, str(p), doc)
            for more in more_lint:
                report.warnings += more(spec, rules, str(p), doc)
            report.warnings.sort(key=lambda w: (w.problem.line, w.problem.column))
    except Exception as exc:  # a checked spec always compiles: this is our bug, not the designer's
        message = said("problem.our_bug", error=type(exc).__name__)
        report.errors = [problem(str(p), 1, 1, message)]
    return report


def _salvaged_references(exc: ScenarioError, rules, file: str) -> list[ScenarioProblem]:
    """The unknown ids and duplicate ids in the parts of a file the schema accepts (so that a
    file with a schema error and an unknown id reports both), not repeating a place already
    named."""
    doc = getattr(exc, "doc", None)
    if doc is None or not isinstance(doc.data, dict):
        return []
    salvage = Salvage(doc.data)
    template = read_yaml((assets_dir() / TEMPLATE).read_text(encoding="utf-8")).data
    spec = salvage.spec(ScenarioSpec, defaults={**template, "id": "draft"})
    if spec is None:
        return []
    named = {(e.line, e.column) for e in exc.problems}
    found = check_references(
        spec, rules, file, doc, where=salvage.original, assume=frozenset(salvage.dropped)
    )
    return [e for e in found if (e.line, e.column) not in named]


SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.MULTILINE)


def user_schema(data_folder: Path | None = None) -> Path:
    """The JSON Schema in the user's data folder, written (or refreshed) when it is stale.

    Scenario files outside the game point at this copy by its absolute address, so the line
    keeps working when the file moves, and when the game is installed somewhere else."""
    target = (data_folder if data_folder is not None else data_dir()) / SCHEMA_FILE
    text = schema_text(load_rules_spec())
    try:
        current = target.read_text(encoding="utf-8") if target.is_file() else None
    except (OSError, UnicodeDecodeError):
        current = None
    if current != text:
        atomic_write_text(target, text)
    return target


def schema_reference(target: Path, data_folder: Path | None = None) -> str:
    """How a scenario file outside the game refers to the JSON Schema: the absolute address of
    the copy in the user's data folder (the shipped one when that folder cannot be written)."""
    try:
        schema = user_schema(data_folder)
    except OSError:
        schema = scenarios_dir() / SCHEMA_FILE
    return schema.resolve().as_uri()


def with_schema_line(text: str, reference: str) -> str:
    """The text with its `# yaml-language-server` line pointing at `reference` (added if none)."""
    line = f"# yaml-language-server: $schema={reference}"
    if SCHEMA_LINE.search(text):
        return SCHEMA_LINE.sub(lambda _m: line, text, count=1)
    return f"{line}\n{text}"


def template_text(scenario_id: str, target: Path, data_folder: Path | None = None) -> str:
    """The commented template of a new scenario, with its id and schema line filled in."""
    text = (assets_dir() / TEMPLATE).read_text(encoding="utf-8")
    reference = schema_reference(target, data_folder)
    return text.replace("__SCHEMA__", reference).replace("__ID__", scenario_id)


class NewScenarioError(ValueError):
    """A new scenario cannot be written (bad id or the file exists); `key` names the message."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(key)


def new_scenario(
    scenario_id: str, out: str | Path | None = None, data_folder: Path | None = None
) -> Path:
    """Write the template as a new scenario file; never overwrites an existing file."""
    if not SLUG.match(scenario_id):
        raise NewScenarioError("authoring.bad_id", id=scenario_id)
    target = Path(out) if out else Path(f"{scenario_id}.yaml")
    if target.exists():
        raise NewScenarioError("authoring.exists", file=str(target))
    return atomic_write_text(target, template_text(scenario_id, target, data_folder))


@dataclass
class Installed:
    """Where `install` put a scenario, and whether it replaced an earlier copy."""

    path: Path
    scenario_id: str
    replaced: bool
    shadowed: bool  # a built-in scenario has the same id (the built-in wins a lookup by id)


def install_scenario(path: str | Path, data_folder: Path | None = None) -> Installed:
    """Check a scenario file and copy it into the user's scenario folder as `<id>.yaml`.

    Raises NewScenarioError ("authoring.install_invalid" with the report) when it has errors;
    the copy's schema line points at the user's schema, so editors keep helping there."""
    report = check_file(path)
    if not report.valid:
        raise NewScenarioError("authoring.install_invalid", file=str(path), report=report)
    text = read_text(Path(path))
    spec, _ = parse(text, str(path), ScenarioSpec)
    folder = user_scenarios_dir(data_folder)
    target = folder / f"{spec.id}.yaml"
    replaced = target.exists()
    text = with_schema_line(text, schema_reference(target, data_folder))
    atomic_write_text(target, text)
    builtin_ids = {p.stem for p in scenarios_dir().glob("*.yaml")}
    return Installed(target, spec.id, replaced, spec.id in builtin_ids)
