"""`turbulentie-game debrief REPLAY --html FILE [--text FILE]`: the learning debrief of a game."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.allocation import AllocationError
from ..files import atomic_write_text
from ..i18n import Translator
from ..sim.analysis import analyse
from ..sim.record import GameRecord, RecordError
from ..sim.study_cache import ensure as ensure_study
from ..sim.verify import ScenarioShelf, read_limited
from ..words.learning_page import render_html, render_text
from .common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, study_notice


def add_parser(sub) -> None:
    """The `debrief` command's arguments."""
    p = sub.add_parser("debrief", help="learning debrief of a replay or result file")
    p.add_argument("replay", help="a replay, save or result file (JSON game record)")
    p.add_argument("--html", metavar="FILE", help="write the debrief as one web page")
    p.add_argument("--text", metavar="FILE", help="write a plain-text version (screen readers)")
    p.add_argument("--scenario", action="append", default=[], help="extra scenario file")


def write_debrief(scn, record: GameRecord, t: Translator, html: Path | None, text: Path | None):
    """Analyse a record and write the page and/or text; returns the analysis."""
    d = analyse(scn, record.seed, record.inputs, record.player)
    if html:
        atomic_write_text(html, render_html(scn, d, t))
    if text:
        atomic_write_text(text, render_text(scn, d, t))
    return d


def cmd_debrief(args, t: Translator) -> int:
    """Re-simulate a recorded game and write its learning debrief (the text to stdout without files)."""
    try:
        record = GameRecord.from_json(read_limited(Path(args.replay)).decode("utf-8", "replace"))
    except RecordError as exc:
        print(f"{args.replay}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    scn = ScenarioShelf(tuple(Path(p) for p in args.scenario)).get(record.scenario_id)
    if scn is None or scn.content_hash != record.content_hash:
        print(
            f"{args.replay}: scenario '{record.scenario_id}' (this version) is not installed; "
            "give its file with --scenario FILE",
            file=sys.stderr,
        )
        return EXIT_USAGE
    ensure_study(scn, study_notice(t))  # the advisor's study: cached, or made once with a notice
    try:
        d = write_debrief(scn, record, t, args.html, args.text)
    except (AllocationError, RecordError) as exc:
        print(f"{args.replay}: the inputs do not fit the scenario ({exc})", file=sys.stderr)
        return EXIT_FAIL
    except OSError as exc:
        print(f"cannot write: {exc}", file=sys.stderr)
        return EXIT_FAIL
    if not args.html and not args.text:
        sys.stdout.write(render_text(scn, d, t))
    for path in (args.html, args.text):
        if path:
            print(t("compete.written", path=path))
    return EXIT_OK
