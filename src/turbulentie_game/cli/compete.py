"""Commands for facilitators: competition codes, replay verification and the leaderboard."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ..files import atomic_write_text
from ..i18n import Translator
from ..reports.html import render_html, row_colours
from ..reports.leaderboard import (
    RULES,
    Board,
    LeaderboardError,
    build_board,
    default_db,
    result_files,
    write_csv,
)
from ..reports.store import is_url
from ..sim.competition import (
    HASH_CHARS,
    MAX_SEED,
    CompetitionError,
    make_code,
    new_seed,
    parse_code,
    start_from_code,
)
from ..sim.verify import VERIFIED, ScenarioShelf, Verdict, verify_file
from .common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, code_exit, code_problem, err, load

MARK = {VERIFIED: "   "}


def add_parsers(sub) -> None:
    """Add the compete, replay and leaderboard commands to the main parser's subparsers."""
    p = sub.add_parser("compete", help="competition codes for a course")
    csub = p.add_subparsers(dest="compete_command", required=True)
    q = csub.add_parser("new", help="make a code that fixes scenario, version and seed")
    q.add_argument("scenario", help="scenario file or built-in id")
    q.add_argument("--seed", type=int, help=f"0 to {MAX_SEED - 1} (default: a random one)")
    q.add_argument("--name", default="", help="name of the session, printed with the code")
    q = csub.add_parser("show", help="tell which game a code starts")
    q.add_argument("code")
    q.add_argument("--scenario", action="append", default=[], help="extra scenario file")
    p = sub.add_parser("replay", help="check result files")
    rsub = p.add_subparsers(dest="replay_command", required=True)
    q = rsub.add_parser("verify", help="re-simulate result files and compare the claimed scores")
    q.add_argument("files", nargs="+", help="result files or folders of them")
    q.add_argument("--scenario", action="append", default=[], help="extra scenario file")
    q.add_argument("--json", action="store_true", help="print one JSON object per file")
    p = sub.add_parser("leaderboard", help="verified ranking and group debrief of a folder")
    p.add_argument("folder", help="folder of result files (subfolders included)")
    p.add_argument("--csv", help="write the ranking as CSV to this file")
    p.add_argument("--html", help="write the page (ranking, charts, debrief) to this file")
    p.add_argument("--show", action="store_true", help="show ranking and frontier full screen")
    p.add_argument(
        "--db",
        help=f"SQLite file (default: <folder>/{default_db(Path()).name}) "
        "or a PostgreSQL server: postgresql://user@host/database",
    )
    p.add_argument("--code", help="rank only this competition (default: the most common one)")
    p.add_argument("--rule", choices=RULES, default="best", help="which game of a player counts")
    p.add_argument("--title", default="", help="title above the ranking")
    p.add_argument("--scenario", action="append", default=[], help="extra scenario file")


def cmd_compete(args, t: Translator) -> int:
    """`compete new` prints a code; `compete show` says which game a code starts."""
    if args.compete_command == "show":
        try:
            path, scn, seed = start_from_code(args.code, [Path(p) for p in args.scenario])
        except CompetitionError as exc:
            err(code_problem(exc, t))
            return code_exit(exc)
        print(t("compete.show", title=scn.title.get(t.lang), id=scn.id, seed=seed, path=str(path)))
        return EXIT_OK
    scn, code = load(args.scenario, t)
    if scn is None:
        return code
    seed = new_seed() if args.seed is None else args.seed
    if not 0 <= seed < MAX_SEED:
        err(t("compete.bad_seed", max=MAX_SEED - 1))
        return EXIT_USAGE
    code = make_code(scn.id, scn.content_hash, seed)
    if args.name:
        print(t("compete.name", name=" ".join(args.name.split())))
    print(
        t(
            "compete.new",
            title=scn.title.get(t.lang),
            id=scn.id,
            version=scn.content_hash[:HASH_CHARS].upper(),
            seed=seed,
        )
    )
    print()
    print(f"    {code}")
    print()
    print(t("compete.instructions", code=code))
    return EXIT_OK


def _files(items: list[str]) -> list[Path]:
    out: list[Path] = []
    for item in items:
        p = Path(item)
        out += result_files(p) if p.is_dir() else [p]
    return out


def _verdict_line(path: Path, v: Verdict, t: Translator) -> str:
    who = v.record.player if v.record and v.record.player else "-"
    mark = MARK.get(v.status, "!! ")
    detail = f" ({v.detail})" if v.detail and not v.ok else ""
    score = f"  {v.outcome.score:.3f}" if v.ok and v.outcome else ""
    return f"{mark}{t(f'compete.status.{v.status}')}: {path}  [{who}]{score}{detail}"


def cmd_replay(args, t: Translator) -> int:
    """`replay verify FILE…`: re-simulate each file; exit 0 only when every file verifies."""
    shelf = ScenarioShelf(tuple(Path(p) for p in args.scenario))
    files = _files(args.files)
    if not files:
        err(t("compete.no_files"))
        return EXIT_USAGE
    ok = 0
    for path in files:
        v = verify_file(path, shelf)
        ok += v.ok
        if args.json:
            print(
                json.dumps(
                    {
                        "file": str(path),
                        "status": v.status,
                        "detail": v.detail,
                        "player": v.record.player if v.record else None,
                        "score": v.outcome.score if v.outcome else None,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(_verdict_line(path, v, t))
    if not args.json:
        print(t("compete.verify_total", ok=ok, total=len(files)))
    return EXIT_OK if ok == len(files) else EXIT_FAIL


def terminal_table(board: Board, t: Translator) -> list[str]:
    """The ranking and the files that do not count, as lines for a terminal."""
    lines = []
    if board.scenario and board.competition:
        lines.append(
            t(
                "compete.board_header",
                title=board.title or board.scenario.title.get(t.lang),
                seed=board.competition.seed,
                players=len(board.rows),
                rule=t(f"compete.rule.{board.rule}"),
            )
        )
    if not board.rows:
        lines.append(t("compete.nobody"))
    else:
        lines.append(
            f"{t('compete.col_rank'):>5}  {t('compete.col_player'):<28} {t('compete.col_score'):>8}"
            f" {t('compete.col_value'):>8} {t('compete.col_cover'):>8} {t('compete.col_games'):>6}"
        )
        for r in board.rows:
            o = r.entry.verdict.outcome
            lines.append(
                f"{r.rank:>5}  {r.player[:28]:<28} {o.score:>8.1f} {o.mean_value:>8.0f}"
                f" {o.mean_cover:>8.0f} {r.games:>6}"
            )
    counted = {r.entry.digest for r in board.rows}
    other = [e for e in board.entries if e.digest not in counted and board.status_of(e) != VERIFIED]
    if other or board.rejected:
        lines.append("")
        lines.append(t("compete.not_counted") + ":")
        for e in other:
            status = t(f"compete.status.{board.status_of(e)}")
            lines.append(f"  {e.file}: {status} ({e.verdict.detail})")
        for file, detail in board.rejected:
            lines.append(f"  {file}: {t('compete.status.unreadable')} ({detail})")
    return lines


def cmd_leaderboard(args, t: Translator) -> int:
    """`leaderboard DIR`: ingest, verify, rank; print, and write CSV/HTML or show full screen."""
    folder = Path(args.folder)
    if not folder.is_dir():
        err(t("compete.no_folder", path=str(folder)))
        return EXIT_USAGE
    competition = None
    if args.code:
        try:
            competition = parse_code(args.code)
        except CompetitionError as exc:
            err(code_problem(exc, t))
            return EXIT_USAGE
    shelf = ScenarioShelf(tuple(Path(p) for p in args.scenario))
    db = (args.db if is_url(args.db) else Path(args.db)) if args.db else default_db(folder)
    try:
        board = build_board(folder, db, shelf, competition, args.rule, args.title)
    except LeaderboardError as exc:
        err(t("compete.db_failed", detail=str(exc)))
        return EXIT_FAIL
    for line in terminal_table(board, t):
        print(line)
    try:
        if args.csv:
            err(t("compete.written", path=str(write_csv(board, Path(args.csv)))))
        if args.html:
            path = atomic_write_text(Path(args.html), render_html(board, t, datetime.now()))
            err(t("compete.written", path=str(path)))
    except OSError as exc:
        err(t("compete.write_failed", path=exc.filename or "", reason=exc.strerror or str(exc)))
        return EXIT_FAIL
    if args.show:
        return _show(board, t)
    return EXIT_OK


def _show(board: Board, t: Translator) -> int:
    """Open the full-screen view (pygame is imported only here, inside ui/)."""
    rows = [
        (r.rank, r.player, r.score, r.entry.verdict.outcome.mean_value, r.entry.verdict.outcome.mean_cover, c)
        for r, c in zip(board.rows, row_colours(board), strict=True)
    ]  # fmt: skip
    labels = {
        "title": board.title
        or (board.scenario.title.get(t.lang) if board.scenario else t("compete.page_title")),
        "ranking": t("compete.ranking"),
        "frontier": t("compete.frontier"),
        "x": t("compete.axis_cover"),
        "y": t("compete.axis_value"),
        "hint": t("compete.show_hint"),
        "nobody": t("compete.nobody"),
    }
    try:
        from ..ui.leaderboard_view import show_leaderboard

        show_leaderboard(rows, labels)
    except Exception as exc:  # no display, no pygame: explain instead of a traceback
        err(t("compete.show_failed", reason=str(exc) or type(exc).__name__))
        return EXIT_FAIL
    return EXIT_OK
