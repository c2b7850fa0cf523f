"""`turbulentie-game debrief REPLAY --html FILE [--text FILE]`: the learning debrief of a game."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import ENGINE_VERSION
from ..core.allocation import AllocationError
from ..files import atomic_write_text
from ..i18n import Translator, reason_of, reason_text
from ..sim.analysis import analyse
from ..sim.record import GameRecord, RecordError, replay
from ..sim.study_cache import ensure as ensure_study
from ..sim.verify import ScenarioShelf, parse_bytes, read_limited, refusal_said
from ..strictread import visible
from ..words.learning_page import render_html, render_text
from .common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, progress_line, study_notice


def add_parser(sub) -> None:
    """The `debrief` command's arguments."""
    p = sub.add_parser("debrief", help="learning debrief of a replay or result file")
    p.add_argument("replay", help="a replay, save or result file (JSON game record)")
    p.add_argument("--html", metavar="FILE", help="write the debrief as one web page")
    p.add_argument("--text", metavar="FILE", help="write a plain-text version (screen readers)")
    p.add_argument("--scenario", action="append", default=[], help="extra scenario file")


def _why(t: Translator, exc: Exception) -> str:
    """Why the moves were refused, in the reader's language (the broken rules from the catalogue)."""
    return visible(reason_text(t, str(exc), refusal_said(exc)), 300)


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
    where = visible(args.replay, 200)
    try:
        record = parse_bytes(read_limited(Path(args.replay)))
    except RecordError as exc:
        print(t("safety.debrief.unreadable", file=where, reason=reason_of(t, exc)), file=sys.stderr)
        return EXIT_USAGE
    if record.engine_version != ENGINE_VERSION:
        print(
            t(
                "safety.debrief.engine",
                file=where,
                theirs=visible(record.engine_version, 32),
                ours=ENGINE_VERSION,
            ),
            file=sys.stderr,
        )
        return EXIT_FAIL
    scn = ScenarioShelf(tuple(Path(p) for p in args.scenario)).get(record.scenario_id)
    if scn is None or scn.content_hash != record.content_hash:
        print(
            t("safety.debrief.scenario", file=where, id=visible(record.scenario_id, 48)),
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:  # the moves as they were played, refused when one breaks a rule (never repaired)
        replay(scn, record.seed, record.inputs)
    except (AllocationError, RecordError) as exc:
        print(t("safety.debrief.illegal", file=where, reason=_why(t, exc)), file=sys.stderr)
        return EXIT_FAIL
    # the advisor's study: cached, or made once with a notice and a progress line
    ensure_study(scn, study_notice(t), progress=progress_line())
    try:
        d = write_debrief(scn, record, t, args.html, args.text)
    except (AllocationError, RecordError) as exc:
        print(t("safety.debrief.illegal", file=where, reason=_why(t, exc)), file=sys.stderr)
        return EXIT_FAIL
    except OSError as exc:
        print(t("safety.debrief.write_failed", reason=visible(exc, 300)), file=sys.stderr)
        return EXIT_FAIL
    if not args.html and not args.text:
        sys.stdout.write(render_text(scn, d, t))
    for path in (args.html, args.text):
        if path:
            print(t("compete.written", path=path))
    return EXIT_OK
