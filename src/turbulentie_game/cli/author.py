"""The scenario designer's commands (validate, lint, schema, new): a thin shell over scenario/."""

from __future__ import annotations

import sys

from ..files import atomic_write_text
from ..i18n import Translator
from ..scenario.catalogue import Catalogue
from ..scenario.check import (
    FileReport,
    NewScenarioError,
    check_file,
    install_scenario,
    new_scenario,
)
from ..scenario.lint import RULES
from ..scenario.load import load_rules_spec
from ..scenario.reference import reference_text
from ..scenario.schema import schema_text
from .common import EXIT_FAIL, EXIT_OK, EXIT_USAGE


def _check(name: str, lint: bool, t: Translator, ignore=frozenset()) -> FileReport:
    """Check one file (path or built-in id) and print its errors and warnings."""
    more = []
    if lint and "L010" not in ignore:
        from ..ui.text_fit import window_fit_warnings  # pygame only when linting for the window

        more.append(window_fit_warnings)
    report = check_file(Catalogue().resolve(name), lint=lint, more_lint=more)
    report.warnings = [w for w in report.warnings if w.rule not in ignore]
    for problem in report.errors:
        print(problem.line_in(t))
    for warning in report.warnings:
        print(warning.line_in(t))
    return report


def cmd_validate(args, t: Translator) -> int:
    """Check scenario files: exit 0 when all are valid, 1 when one has errors, 2 when unreadable."""
    reports = []
    for name in args.files:
        r = _check(name, lint=False, t=t)
        if not r.readable:
            print(t("authoring.unreadable", file=r.path))
        elif r.errors:
            print(t("authoring.invalid", file=r.path, count=len(r.errors)))
        else:
            print(t("authoring.valid", file=r.path))
        reports.append(r)
    unreadable = sum(not r.readable for r in reports)
    invalid = sum(r.readable and not r.valid for r in reports)
    if len(reports) > 1:
        print(
            t(
                "authoring.summary",
                checked=len(reports),
                valid=len(reports) - unreadable - invalid,
                invalid=invalid,
                unreadable=unreadable,
            )
        )
    return EXIT_USAGE if unreadable else EXIT_FAIL if invalid else EXIT_OK


def cmd_lint(args, t: Translator) -> int:
    """Warn about valid scenarios that probably do not do what was meant (exit 0 unless --strict)."""
    ignore = {x.strip().upper() for x in (args.ignore or "").split(",") if x.strip()}
    unknown = sorted(ignore - set(RULES))
    if unknown:
        known = ", ".join(f"{k} {v[0]}" for k, v in RULES.items())
        print(t("authoring.unknown_rule", rules=", ".join(unknown), known=known), file=sys.stderr)
        return EXIT_USAGE
    reports = []
    for name in args.files:
        r = _check(name, lint=True, t=t, ignore=frozenset(ignore))
        if r.valid:
            key = "authoring.lint_found" if r.warnings else "authoring.lint_clean"
            print(t(key, file=r.path, count=len(r.warnings)))
        else:
            print(t("authoring.invalid", file=r.path, count=len(r.errors)))
        reports.append(r)
    warnings = sum(len(r.warnings) for r in reports)
    invalid = sum(not r.valid for r in reports)
    if len(reports) > 1:
        print(t("authoring.lint_summary", checked=len(reports), warnings=warnings, invalid=invalid))
    if any(not r.readable for r in reports):
        return EXIT_USAGE
    return EXIT_FAIL if invalid or (args.strict and warnings) else EXIT_OK


def _print_or_write(text: str, out: str | None, t: Translator, written: str | None = None) -> int:
    """Print a generated text, or write it atomically to `out` (saying so with `written`)."""
    if out is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        atomic_write_text(out, text)
    except OSError as exc:
        print(t("authoring.cannot_write", file=out, reason=exc.strerror), file=sys.stderr)
        return EXIT_FAIL
    if written:
        print(t(written, file=out))
    return EXIT_OK


def cmd_schema(args, t: Translator) -> int:
    """Print the JSON Schema of the scenario format (or write it with --out)."""
    return _print_or_write(schema_text(load_rules_spec()), args.out, t)


def cmd_new(args, t: Translator) -> int:
    """Write a commented template for a new scenario (never over an existing file)."""
    try:
        path = new_scenario(args.id, args.out)
    except NewScenarioError as exc:
        print(t(exc.key, **exc.params), file=sys.stderr)
        return EXIT_USAGE if exc.key == "authoring.bad_id" else EXIT_FAIL
    except OSError as exc:
        print(t("authoring.cannot_write", file=args.out or args.id, reason=exc.strerror))
        return EXIT_FAIL
    print(t("authoring.written", file=str(path)))
    return EXIT_OK


def cmd_install(args, t: Translator) -> int:
    """Check a scenario file and copy it into the user's scenario folder (the menu lists it)."""
    try:
        done = install_scenario(args.file)
    except NewScenarioError as exc:
        report = exc.params["report"]
        for problem in report.errors:
            print(problem.line_in(t))
        print(t("authoring.install_invalid", file=str(args.file), count=len(report.errors)))
        return EXIT_USAGE if not report.readable else EXIT_FAIL
    except OSError as exc:
        print(t("authoring.cannot_write", file=str(args.file), reason=exc.strerror))
        return EXIT_FAIL
    key = "authoring.install_replaced" if done.replaced else "authoring.installed"
    print(t(key, file=str(args.file), target=str(done.path), id=done.scenario_id))
    if done.shadowed:
        print(t("authoring.install_shadowed", id=done.scenario_id))
    return EXIT_OK


def cmd_reference(args, t: Translator) -> int:
    """Print the designer's reference generated from the rules (or write it with --out)."""
    return _print_or_write(reference_text(), args.out, t, "authoring.reference_written")


def add_parsers(sub) -> None:
    """Add the designer's commands to an argparse sub-parser set."""
    p = sub.add_parser(
        "validate", help="check scenario files (exit 0 valid, 1 errors, 2 unreadable)"
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario files or built-in ids")
    p = sub.add_parser("lint", help="warn about likely mistakes in valid scenario files")
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario files or built-in ids")
    p.add_argument("--ignore", metavar="RULES", help="rule ids to skip, e.g. L004,L005")
    p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    p = sub.add_parser("schema", help="print the JSON Schema (draft-07) of the scenario format")
    p.add_argument("--out", metavar="FILE", help="write it to a file instead")
    p = sub.add_parser("new", help="write a commented template for a new scenario")
    p.add_argument("id", help="id of the new scenario (lower_snake_case)")
    p.add_argument("--out", metavar="FILE", help="where to write it (default: ID.yaml)")
    p = sub.add_parser(
        "install", help="check a scenario file and copy it into your scenario folder (the menu)"
    )
    p.add_argument("file", metavar="FILE", help="the scenario file")
    p = sub.add_parser(
        "reference", help="the designer's reference (docs/reference.md), generated from the rules"
    )
    p.add_argument("--out", metavar="FILE", help="write it to a file instead")


COMMANDS = {
    "validate": cmd_validate,
    "lint": cmd_lint,
    "schema": cmd_schema,
    "new": cmd_new,
    "install": cmd_install,
    "reference": cmd_reference,
}
