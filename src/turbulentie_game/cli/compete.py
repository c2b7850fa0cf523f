"""Commands for facilitators: competition codes, replay verification and the leaderboard."""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from datetime import datetime
from pathlib import Path

from ..files import atomic_write_text
from ..i18n import Translator, reason_of
from ..play.storage import data_dir
from ..reports.html import render_html, row_colours
from ..reports.leaderboard import (
    MAX_FILES,
    RULES,
    SKIP_HIDDEN,
    SKIP_LIMIT,
    Board,
    LeaderboardError,
    build_board,
    default_db,
    scan_results,
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
from ..sim.record import MAX_PLAYER
from ..sim.seal import (
    NOT_CHECKED,
    SEAL_BROKEN,
    SEALED,
    UNSEALED,
    SealError,
    copies_of,
    new_key,
    seal_and_moves,
    seat_token,
)
from ..sim.verify import VERIFIED, ScenarioShelf, Verdict, iter_verdicts
from ..strictread import ReadProblem, read_text, visible
from .common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, code_exit, code_problem, err, load

MARK = {VERIFIED: "   "}
KEY_FILE = "facilitator.key"


def add_parsers(sub) -> None:
    """Add the compete, replay and leaderboard commands to the main parser's subparsers."""
    p = sub.add_parser("compete", help="competition codes for a course")
    csub = p.add_subparsers(dest="compete_command", required=True)
    q = csub.add_parser("new", help="make a code that fixes scenario, version and seed")
    q.add_argument("scenario", help="scenario file or built-in id")
    q.add_argument("--seed", type=int, help=f"0 to {MAX_SEED - 1} (default: a random one)")
    q.add_argument("--name", default="", help="name of the session, printed with the code")
    q = csub.add_parser("seats", help="a seat token per participant, to seal their result files")
    q.add_argument("code", help="the competition code")
    q.add_argument("names", nargs="*", help="participants' names (or --names FILE)")
    q.add_argument("--names", dest="names_file", metavar="FILE", help="one name per line")
    q.add_argument("--key", metavar="FILE", help="facilitator key (default: in the data folder)")
    q.add_argument("--scenario", action="append", default=[], help="extra scenario file")
    q = csub.add_parser("show", help="tell which game a code starts")
    q.add_argument("code")
    q.add_argument("--scenario", action="append", default=[], help="extra scenario file")
    p = sub.add_parser("replay", help="check result files")
    rsub = p.add_subparsers(dest="replay_command", required=True)
    q = rsub.add_parser("verify", help="re-simulate result files and compare the claimed scores")
    q.add_argument("files", nargs="+", help="result files or folders of them")
    q.add_argument("--scenario", action="append", default=[], help="extra scenario file")
    q.add_argument("--json", action="store_true", help="print one JSON object per file")
    q.add_argument("--key", metavar="FILE", help="facilitator key to check seals with")
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
    p.add_argument("--key", metavar="FILE", help="facilitator key to check seals with")
    p.add_argument("--sealed-only", action="store_true", help="unsealed games do not count")


def key_path(given: str | None) -> Path:
    """Where the facilitator key is: the given file, or `facilitator.key` in the data folder."""
    return Path(given) if given else data_dir() / KEY_FILE


def read_key(given: str | None, t: Translator, create: bool = False) -> bytes | None:
    """The facilitator key; None when there is none (and none is to be made). SealError if the
    file is unusable, with the reason."""
    path = key_path(given)
    if not path.exists() and not path.is_symlink():
        if not create:
            if given:
                raise SealError(t("safety.key.missing", path=visible(path, 200)))
            return None
        key = new_key()
        atomic_write_text(path, key.hex() + "\n")
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
        err(t("safety.key.made", path=str(path)))
        return key
    try:
        text = read_text(path, 1000).strip()
        key = bytes.fromhex(text)
    except (ReadProblem, ValueError) as exc:
        why = reason_of(t, exc) if isinstance(exc, ReadProblem) else t("seal.key_not_hex")
        raise SealError(t("safety.key.bad", path=visible(path, 200), reason=why)) from None
    if len(key) < 16:
        raise SealError(
            t("safety.key.bad", path=visible(path, 200), reason=t("seal.key_too_short"))
        )
    return key


def cmd_compete(args, t: Translator) -> int:
    """`compete new` prints a code; `compete seats` the seat tokens; `compete show` the game."""
    if args.compete_command == "seats":
        return _seats(args, t)
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


def _some(names: list, shown: int = 5) -> str:
    """A few names (as `visible` shows them), and how many more there are."""
    more = f" (+{len(names) - shown})" if len(names) > shown else ""
    return ", ".join(visible(n, 120) for n in names[:shown]) + more


def _seats(args, t: Translator) -> int:
    try:
        comp = parse_code(args.code)
        _, scn, seed = start_from_code(args.code, [Path(p) for p in args.scenario])
    except CompetitionError as exc:
        err(code_problem(exc, t))
        return code_exit(exc)
    names = list(args.names)
    if args.names_file:
        try:
            names += read_text(args.names_file, 1_000_000).splitlines()
        except ReadProblem as exc:
            where = visible(args.names_file, 200)
            err(t("safety.names_unreadable", path=where, reason=reason_of(t, exc)))
            return EXIT_USAGE
    names = [" ".join(n.split()) for n in names if n.strip()]
    if not names:
        err(t("safety.no_names"))
        return EXIT_USAGE
    too_long = [n for n in names if len(n) > MAX_PLAYER]
    if too_long:
        err(t("safety.name_too_long", name=visible(too_long[0], 40), max=MAX_PLAYER))
        return EXIT_USAGE
    try:
        key = read_key(args.key, t, create=True)
    except (SealError, OSError) as exc:
        err(str(exc))
        return EXIT_FAIL
    print(t("safety.seats_header", code=comp.code, n=len(names)))
    width = min(40, max(len(n) for n in names))
    for name in names:
        token = seat_token(key, scn.id, scn.content_hash, seed, name)
        print(f"  {visible(name, 40):<{width}}  {token}")
    print(t("safety.seats_hint"))
    return EXIT_OK


def _files(items: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    out: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found, left = scan_results(p)
            out += found
            skipped += [(str(p / f), why) for f, why in left]
        else:
            out.append(p)
    return out, skipped


def _verdict_line(path: Path, v: Verdict, t: Translator, status: str | None = None) -> str:
    status = status or v.status
    who = visible(v.record.player, 40) if v.record and v.record.player else "-"
    mark = MARK.get(status, "!! ")
    detail = f" ({visible(v.reason(t), 300)})" if v.detail and not v.ok else ""
    score = f"  {v.outcome.score:.3f}" if v.ok and v.outcome else ""
    return f"{mark}{t(f'compete.status.{status}')}: {visible(path, 200)}  [{who}]{score}{detail}"


def cmd_replay(args, t: Translator) -> int:
    """`replay verify FILE…`: re-simulate every file (one batch per scenario version), check seals
    and flag identical moves; exit 0 only when every file verifies and nothing is flagged."""
    shelf = ScenarioShelf(tuple(Path(p) for p in args.scenario))
    try:
        key = read_key(args.key, t)
    except SealError as exc:
        err(str(exc))
        return EXIT_USAGE
    files, skipped = _files(args.files)
    if not files:
        err(t("compete.no_files"))
        return EXIT_USAGE
    # a batch at a time: the seal and the moves are checked, then only the verdict is kept
    verdicts: list[Verdict] = []
    seals: list[str] = []
    moves = []
    for chunk in iter_verdicts(files, shelf):
        for v in chunk:
            seal, moved = seal_and_moves(v.record, v.ok, key)
            verdicts.append(v.slim())
            seals.append(seal)
            moves.append(moved)
    copies = copies_of(moves)
    ok = 0
    for i, (path, v) in enumerate(zip(files, verdicts, strict=True)):
        seal = seals[i]
        status = SEAL_BROKEN if v.ok and seal == SEAL_BROKEN else v.status
        ok += status == VERIFIED and i not in copies
        if args.json:
            print(
                json.dumps(
                    {
                        "file": str(path),
                        "status": status,
                        "detail": v.detail,
                        "player": v.record.player if v.record else None,
                        "score": v.outcome.score if v.outcome else None,
                        "seal": seal,
                        "same_moves_as": [str(files[j]) for j in copies.get(i, ())],
                    },
                    ensure_ascii=True,
                )
            )
            continue
        print(_verdict_line(path, v, t, status))
        if i in copies:
            others = _some([files[j] for j in copies[i]])
            print("    " + t("safety.same_moves", others=others))
    for name, why in skipped:
        err(t(f"safety.skipped.{why}", file=visible(name, 200)))
    if not args.json:
        print(t("compete.verify_total", ok=ok, total=len(files)))
    dropped = sum(1 for _, why in skipped if why == SKIP_LIMIT)
    return EXIT_OK if ok == len(files) and not dropped else EXIT_FAIL


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
            flag = " !" if r.entry.copies else ""
            lines.append(
                f"{r.rank:>5}  {r.player[:28]:<28} {o.score:>8.1f} {o.mean_value:>8.0f}"
                f" {o.mean_cover:>8.0f} {r.games:>6}{flag}"
            )
    counted = {r.entry.digest for r in board.rows}
    other = [e for e in board.entries if e.digest not in counted and board.status_of(e) != VERIFIED]
    if other or board.rejected:
        lines.append("")
        lines.append(t("compete.not_counted") + ":")
        for e in other:
            status = t(f"compete.status.{board.status_of(e)}")
            why = board.why(e, t)
            why = f" ({visible(why, 300)})" if why else ""
            lines.append(f"  {visible(e.file, 200)}: {status}{why}")
        for file, detail in board.rejected_reasons(t):
            lines.append(
                f"  {visible(file, 200)}: {t('compete.status.unreadable')} ({visible(detail, 300)})"
            )
    if board.flagged:
        lines.append("")
        lines.append(t("safety.flagged_header") + ":")
        for e in board.flagged:
            others = _some(list(e.copies))
            lines.append(
                f"  {visible(e.file, 200)} [{e.player}]: " + t("safety.same_moves", others=others)
            )
    if board.seals_checked:
        counts = Counter(e.seal for e in board.entries if e.verdict.record is not None)
        lines.append("")
        lines.append(
            t(
                "safety.seal_summary",
                sealed=counts[SEALED],
                unsealed=counts[UNSEALED],
                broken=counts[SEAL_BROKEN],
                unchecked=counts[NOT_CHECKED],
            )
        )
    hidden = sum(1 for _, why in board.skipped if why == SKIP_HIDDEN)
    if hidden:
        lines.append(t("safety.hidden_skipped", n=hidden))
    if board.dropped:
        lines.append("")
        lines.append(t("safety.dropped", n=board.dropped, max=MAX_FILES))
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
        key = read_key(args.key, t)
    except SealError as exc:
        err(str(exc))
        return EXIT_USAGE
    if args.sealed_only and key is None:
        err(t("safety.key.needed"))
        return EXIT_USAGE
    try:
        board = build_board(
            folder, db, shelf, competition, args.rule, args.title, key, args.sealed_only
        )
    except LeaderboardError as exc:
        err(t("compete.db_failed", detail=visible(exc, 500)))
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
    return EXIT_FAIL if board.dropped or board.flagged else EXIT_OK


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
