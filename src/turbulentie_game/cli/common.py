"""What every command shares: the argument parser, exit codes, the language and loading a scenario."""

from __future__ import annotations

import argparse
import sys

from ..core.model import ScenarioData
from ..i18n import DEFAULT_LANGUAGE, Translator
from ..scenario.catalogue import Catalogue, compiled
from ..scenario.codes import CompetitionError
from ..scenario.load import ScenarioError
from ..sim.bots import Bot, UnknownBot, make_bot

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse that exits with code 2 and one clear line on a usage error."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def translator(lang: str | None) -> Translator:
    """The strings of the chosen language (Dutch unless told otherwise)."""
    return Translator(lang or DEFAULT_LANGUAGE)


def err(text: str) -> None:
    """Say something on stderr (so that JSON on stdout stays clean)."""
    print(text, file=sys.stderr)


def no_scenario(name: str, t: Translator) -> None:
    """Say that a scenario file or id is not there, naming the built-in ids."""
    known = ", ".join(b.id for b in Catalogue().scenarios())
    err(t("cli.no_scenario", path=name, known=known))


def load(name: str, t: Translator) -> tuple[ScenarioData | None, int]:
    """Load a scenario (file or built-in id) or print why not; returns (scenario, exit code)."""
    p = Catalogue().resolve(name)
    if not p.exists():
        no_scenario(name, t)
        return None, EXIT_USAGE
    try:
        return compiled(p), EXIT_OK
    except ScenarioError as exc:
        err(t("cli.bad_scenario"))
        for problem in exc.problems:
            err(f"  {problem.line_in(t)}")
        return None, EXIT_USAGE


def bot_or_explain(name: str, scn: ScenarioData, t: Translator) -> Bot | None:
    """The bot of that name for this scenario, or None after saying why not."""
    try:
        return make_bot(name, scn)
    except UnknownBot as exc:
        err(t("cli.unknown_bot", detail=str(exc)))
        return None


def code_problem(exc: CompetitionError, t: Translator) -> str:
    """A competition-code problem in the user's language."""
    return t(f"compete.code.{exc.reason}", **exc.params)


def code_exit(exc: CompetitionError) -> int:
    """The exit code of a code that starts no game: usage for a mistyped code, failure otherwise."""
    return EXIT_USAGE if exc.reason in ("malformed", "typo") else EXIT_FAIL


def progress_bar(done: int, total: int, width: int = 30) -> str:
    """A progress bar as text: `[#####     ] 5/10`."""
    filled = width * done // max(total, 1)
    return f"[{'#' * filled:<{width}}] {done}/{total}"


def progress_line(stream=None, indent: str = "  "):
    """A progress(done, total) that redraws one bar line on a terminal (None when `stream`, by
    default stderr, is not a terminal: a log or a pipe gets no half-drawn lines)."""
    out = stream or sys.stderr
    if not out.isatty():
        return None

    def progress(done: int, total: int) -> None:
        print(f"\r{indent}{progress_bar(done, total)}", end="" if done < total else "\n", file=out)
        out.flush()

    return progress


def study_notice(t: Translator):
    """A notice for the adaptive bot's first study of a scenario, said on stderr."""

    def notice(scenario_id: str, seconds: float | None) -> None:
        if seconds is None:
            err(t("study.started", scenario=scenario_id))
        else:
            err(t("study.done", seconds=f"{seconds:.1f}"))

    return notice
