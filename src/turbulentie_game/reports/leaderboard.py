"""The competition leaderboard: ingest result files into a store (SQLite or PostgreSQL, see
store.py), verify them, rank and debrief."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import math
import unicodedata
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..core.model import ScenarioData
from ..files import atomic_write_text
from ..i18n import Said, english, reason_text, said
from ..sim.competition import Competition, make_code
from ..sim.record import MAX_RECORD_BYTES, RecordError
from ..sim.seal import (
    NOT_CHECKED,
    SEAL_BROKEN,
    SEALED,
    UNSEALED,
    Moves,
    copies_of,
    name_key,
    seal_and_moves,
)
from ..sim.verify import (
    BATCH,
    SCORE_TOLERANCE,
    UNREADABLE,
    VERIFIED,
    ScenarioShelf,
    Verdict,
    parse_bytes,
    read_limited,
    record_digest,
    verify_many,
)
from ..strictread import visible
from .store import Store, StoreError, connect

DB_NAME = "leaderboard.sqlite3"
SCHEMA_VERSION = "2"  # 2: digests over the compact canonical JSON
MAX_FILES = 200_000  # a national final is 100,000; past this, the rest is named and skipped
OTHER_COMPETITION = "other_competition"
RULES = ("best", "latest")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    digest TEXT PRIMARY KEY,      -- sha256 of the record's canonical JSON: one row per game
    record TEXT NOT NULL,         -- the canonical JSON; scores are always re-simulated from it
    file TEXT NOT NULL,           -- the first file it came from
    mtime DOUBLE PRECISION NOT NULL, -- that file's modification time (for the 'latest' rule)
    ingested TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rejected (
    digest TEXT PRIMARY KEY,      -- sha256 of the raw bytes of a file that is not a record
    file TEXT NOT NULL,
    detail TEXT NOT NULL,
    ingested TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    digest TEXT PRIMARY KEY REFERENCES records(digest),
    status TEXT NOT NULL,
    detail TEXT NOT NULL,
    score DOUBLE PRECISION,
    outcome TEXT,                 -- JSON: meters, history, time per target, choices
    checked TEXT NOT NULL
);
"""


class LeaderboardError(Exception):
    """The database cannot be opened or written; the message says which and why."""


@dataclass(frozen=True)
class Entry:
    """One stored game with its fresh verdict."""

    digest: str
    file: str
    mtime: float
    verdict: Verdict
    seal: str = NOT_CHECKED  # SEALED, UNSEALED, SEAL_BROKEN or NOT_CHECKED (sim/seal.py)
    copies: tuple[str, ...] = ()  # files of other players with exactly the same moves

    @property
    def player(self) -> str:
        """The player's name as shown (printable characters only)."""
        record = self.verdict.record
        return clean_name(record.player if record else "")

    @property
    def player_key(self) -> str:
        """Who this is for the best/latest rule: the name without case and extra spaces."""
        return name_key(self.player) or f"file:{self.digest}"


@dataclass(frozen=True)
class Row:
    """A ranked player: place, name, the counting game and how many games they handed in."""

    rank: int
    player: str
    entry: Entry
    games: int

    @property
    def score(self) -> float:
        """The verified score of the counting game."""
        return self.entry.verdict.outcome.score


@dataclass(frozen=True)
class Board:
    """Everything the reports show: the competition, the ranking and every file's fate."""

    competition: Competition | None
    scenario: ScenarioData | None
    rule: str
    rows: tuple[Row, ...]
    entries: tuple[Entry, ...]  # every stored game, with status (and other competitions)
    rejected: tuple[tuple[str, str], ...]  # (file, reason) of files that are no record at all
    title: str = ""
    skipped: tuple[tuple[str, str], ...] = ()  # (file, SKIP_*) of .json files not read
    sealed_only: bool = False  # unsealed games do not count
    seals_checked: bool = False  # a facilitator key was at hand
    # the reasons of `rejected` as catalogue data, for the files read in this run (the store
    # keeps them in English)
    rejected_said: tuple[tuple[str, Said], ...] = ()

    def rejected_reasons(self, translator) -> list[tuple[str, str]]:
        """(file, reason) of the files that are no record, the reasons in the reader's language."""
        found = dict(self.rejected_said)
        return [(f, reason_text(translator, d, found.get(f))) for f, d in self.rejected]

    def status_of(self, entry: Entry) -> str:
        """The status shown for a game: its verdict, a seal that fails, or 'other competition'."""
        return _status(entry, self.competition, self.sealed_only)

    def why(self, entry: Entry, translator) -> str:
        """Why a game does not count, in the reader's language: the verdict's reason, or which
        competition (scenario, seed and code) a game of another competition belongs to."""
        if not entry.verdict.ok:
            return entry.verdict.reason(translator)
        r, board = entry.verdict.record, self.competition
        if r is None or board is None or self.status_of(entry) != OTHER_COMPETITION:
            return ""
        return translator(
            "compete.other.why",
            scenario=visible(r.scenario_id, 40),
            seed=r.seed,
            code=make_code(r.scenario_id, r.content_hash, r.seed),
            board_scenario=board.scenario_id,
            board_seed=board.seed,
            board_code=board.code,
        )

    def belongs(self, entry: Entry) -> bool:
        """Whether a game is of this competition's scenario version and seed."""
        return _belongs(entry, self.competition)

    @property
    def dropped(self) -> int:
        """How many files were left out because of the file limit (say so, exit non-zero)."""
        return sum(1 for _, why in self.skipped if why == SKIP_LIMIT)

    @property
    def flagged(self) -> tuple[Entry, ...]:
        """Games whose moves another player's game repeats exactly."""
        return tuple(e for e in self.entries if e.copies)


def _status(entry: Entry, competition: Competition | None, sealed_only: bool) -> str:
    if not entry.verdict.ok:
        return entry.verdict.status
    if entry.seal == SEAL_BROKEN:
        return SEAL_BROKEN
    if sealed_only and entry.seal != SEALED:
        return UNSEALED
    if not _belongs(entry, competition):
        return OTHER_COMPETITION
    return VERIFIED


def _belongs(entry: Entry, competition: Competition | None) -> bool:
    r = entry.verdict.record
    return bool(r and competition and competition.matches(r.scenario_id, r.content_hash, r.seed))


def with_seals(entries: list[Entry], key: bytes | None) -> list[Entry]:
    """The entries with their seal checked against the facilitator key, and verified games whose
    moves another player's verified game repeats exactly flagged as copies."""
    checked = [seal_and_moves(e.verdict.record, e.verdict.ok, key) for e in entries]
    copies = copies_of([moved for _, moved in checked])
    return [
        dataclasses.replace(
            e, seal=checked[i][0], copies=tuple(entries[j].file for j in copies.get(i, ()))
        )
        for i, e in enumerate(entries)
    ]


def clean_name(text: str, limit: int = 40) -> str:
    """A player name safe for a terminal, a CSV cell and a page: printable, trimmed, one space."""
    text = unicodedata.normalize("NFC", text)
    text = visible(" ".join(text.split()), limit=10_000)  # control characters shown as \x1b
    return text[:limit]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_db(folder: Path) -> Path:
    """Where the database lives unless told otherwise: inside the results folder."""
    return folder / DB_NAME


def _connect(db: Path | str) -> Store:
    """Open the store (a SQLite file or a postgresql:// URL) with its tables."""
    try:
        con = connect(db)
    except StoreError as exc:
        raise LeaderboardError(str(exc)) from None
    try:
        con.script(_SCHEMA)
        row = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            con.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            con.commit()
        elif row[0] != SCHEMA_VERSION:
            raise LeaderboardError(f"{con.name}: made by another version of the game; remove it")
        return con
    except (StoreError, LeaderboardError) as exc:
        con.close()
        raise LeaderboardError(str(exc)) from None


def result_files(folder: Path, limit: int = MAX_FILES) -> list[Path]:
    """The .json files in a folder and its subfolders (hidden ones skipped), in a stable order.

    At most `limit`; use `scan_results` to learn what was skipped."""
    return scan_results(folder, limit)[0]


def scan_results(folder: Path, limit: int = MAX_FILES) -> tuple[list[Path], list[tuple[str, str]]]:
    """The result files of a folder and the (file, reason) of every .json file left out: hidden
    ones (temporary files of a write in progress start with '.') and any past `limit`."""
    out: list[Path] = []
    skipped: list[tuple[str, str]] = []
    try:
        found = sorted(folder.rglob("*.json"))
    except OSError as exc:
        raise LeaderboardError(f"{folder}: {exc.strerror or exc}") from None
    for path in found:
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            skipped.append((str(rel), SKIP_HIDDEN))
        elif len(out) >= limit:
            skipped.append((str(rel), SKIP_LIMIT))
        else:
            out.append(path)
    return out, skipped


SKIP_HIDDEN = "hidden"  # a hidden file or folder (a write in progress, or not for us)
SKIP_LIMIT = "limit"  # past MAX_FILES


def ingest(
    folder: Path,
    db: Path | str,
    files: list[Path] | None = None,
    reasons: dict[str, Said] | None = None,
) -> tuple[int, int]:
    """Store every result file of a folder (keyed on content); returns (new games, files).
    `reasons` (when given) gets the catalogue data of each refused file's reason.

    The files are the truth: a row whose stored record, file or time differs from what its file
    gives (a tampered row) is rebuilt from the file; copies of a game keep one row, named after
    the first copy in file order."""
    files = result_files(folder) if files is None else files
    added = 0
    seen: set[str] = set()
    with closing(_connect(db)) as con:
        try:
            known = {str(d) for (d,) in con.execute("SELECT digest FROM records")}
            for path in files:
                name = str(path.relative_to(folder))
                data: bytes | None = None
                try:
                    data = read_limited(path)
                    record = parse_bytes(data)
                    mtime = float(path.stat().st_mtime)
                except (RecordError, OSError) as exc:
                    why = str(exc) if isinstance(exc, RecordError) else (exc.strerror or str(exc))
                    _reject(con, name, why, data)
                    if reasons is not None and getattr(exc, "said", None) is not None:
                        reasons[visible(name, 200)] = exc.said
                    continue
                digest = record_digest(record)
                if digest in seen:
                    continue
                seen.add(digest)
                added += digest not in known
                con.execute(
                    "INSERT INTO records VALUES (?, ?, ?, ?, ?) ON CONFLICT(digest) DO UPDATE SET "
                    "record=excluded.record, file=excluded.file, mtime=excluded.mtime "
                    "WHERE records.record <> excluded.record OR records.file <> excluded.file "
                    "OR records.mtime <> excluded.mtime",
                    (digest, record.canonical(), name, mtime, _now()),
                )
            con.commit()
        except StoreError as exc:
            raise LeaderboardError(str(exc)) from None
        except OSError as exc:
            raise LeaderboardError(f"{con.name}: {exc}") from None
    return added, len(files)


def _reject(con: Store, name: str, detail: str, data: bytes | None) -> None:
    """Remember a file that is no record; one row per file and content (5,000 identical junk
    files are 5,000 rows, each named)."""
    key = hashlib.sha256(name.encode("utf-8", "replace") + b"\0" + (data or b""))
    con.execute(
        "INSERT INTO rejected VALUES (?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING",
        (key.hexdigest(), name, detail, _now()),
    )


def _outcome_json(verdict: Verdict) -> str | None:
    o = verdict.outcome
    if o is None:
        return None
    return json.dumps(
        {
            "final": o.final,
            "mean_value": o.mean_value,
            "mean_cover": o.mean_cover,
            "turns": o.turns,
            "ended_because": o.ended_because,
            "history": o.history,
            "chips": o.chips,
            "choices": o.choices,
        }
    )


def _row_problem(digest: object, text: object, file: object, mtime: object) -> Said | None:
    """Why a database row cannot be trusted as it is, as catalogue data (None when its fields
    have the right types)."""
    if not isinstance(digest, str) or not isinstance(text, str) or not isinstance(file, str):
        return said("verify.row_wrong_type")
    if type(mtime) not in (int, float) or not math.isfinite(mtime):
        return said("verify.row_time")
    if len(text) > MAX_RECORD_BYTES or len(file) > 4096:
        return said("verify.row_too_long")
    return None


def _tampered(digest: object, problem: Said | None = None) -> Verdict:
    """The verdict of a database row that was changed (the reason in English and as data)."""
    found = said("verify.tampered") if problem is None else said("verify.tampered_why", why=problem)
    return Verdict(UNREADABLE, english().say(found), digest=str(digest), said=found)


def evaluate(
    db: Path | str, shelf: ScenarioShelf, key: bytes | None = None
) -> tuple[list[Entry], list[tuple[str, str]]]:
    """Re-simulate every stored game (nothing in the database is trusted: every row is read as
    untrusted input, the games of a scenario version a batch at a time), store the verdicts, and
    check the seals (with the facilitator `key`, when given) and flag copied moves as
    `with_seals` does. The rows are read a batch at a time and each entry keeps its verdict
    without the moves, so memory stays bounded however many games a final has."""
    entries: list[Entry] = []
    moves: list[Moves | None] = []
    damaged: list[Entry] = []
    with closing(_connect(db)) as con:
        try:
            for rows in _batches(con):
                good: list[tuple[str, str, float, bytes]] = []
                for digest, text, file, mtime in rows:
                    problem = _row_problem(digest, text, file, mtime)
                    if problem:
                        verdict = _tampered(digest, problem)
                        damaged.append(Entry(str(digest), visible(file, 200), 0.0, verdict))
                    else:
                        good.append((digest, file, float(mtime), text.encode("utf-8", "replace")))
                verdicts = verify_many([g[3] for g in good], shelf)
                for (digest, file, mtime, _), verdict in zip(good, verdicts, strict=True):
                    if verdict.record is not None and verdict.digest != digest:
                        verdict = _tampered(digest)
                    seal, moved = seal_and_moves(verdict.record, verdict.ok, key)
                    entry = Entry(digest, file, mtime, verdict.slim(), seal)
                    _store_result(con, entry)
                    entries.append(entry)
                    moves.append(moved)
            for e in damaged:
                _store_result(con, e)
            entries += damaged
            moves += [None] * len(damaged)
            rejected = con.execute("SELECT file, detail FROM rejected ORDER BY file").fetchall()
            con.commit()
        except StoreError as exc:
            raise LeaderboardError(str(exc)) from None
    copies = copies_of(moves)
    entries = [
        dataclasses.replace(e, copies=tuple(entries[j].file for j in copies.get(i, ())))
        if i in copies
        else e
        for i, e in enumerate(entries)
    ]
    return entries, [(visible(f, 200), visible(d, 300)) for f, d in rejected]


def _batches(con):
    """The stored records in the order of (file, digest), BATCH rows at a time (keyset paging:
    each batch starts after the last row of the one before)."""
    last: tuple = ()
    while True:
        if last:
            rows = con.execute(
                "SELECT digest, record, file, mtime FROM records WHERE file > ? OR (file = ? AND"
                " digest > ?) ORDER BY file, digest LIMIT ?",
                (last[0], last[0], last[1], BATCH),
            ).fetchall()
        else:
            rows = con.execute(
                "SELECT digest, record, file, mtime FROM records ORDER BY file, digest LIMIT ?",
                (BATCH,),
            ).fetchall()
        if not rows:
            return
        yield rows
        last = (rows[-1][2], rows[-1][0])
        if len(rows) < BATCH:
            return


def _store_result(con, e: Entry) -> None:
    verdict = e.verdict
    con.execute(
        "INSERT INTO results VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO UPDATE"
        " SET status = excluded.status, detail = excluded.detail,"
        " score = excluded.score, outcome = excluded.outcome,"
        " checked = excluded.checked",
        (
            e.digest,
            verdict.status,
            verdict.detail,
            verdict.outcome.score if verdict.outcome else None,
            _outcome_json(verdict),
            _now(),
        ),
    )


def choose_competition(entries: list[Entry]) -> Competition | None:
    """The competition most verified games belong to (scenario version and seed)."""
    games = Counter(
        (e.verdict.record.scenario_id, e.verdict.record.content_hash, e.verdict.record.seed)
        for e in entries
        if e.verdict.ok and e.verdict.record
    )
    if not games:
        return None
    (sid, chash, seed), _ = min(games.items(), key=lambda kv: (-kv[1], kv[0]))
    return Competition(sid, chash[:6], seed)


def rank(
    entries: list[Entry], competition: Competition | None, rule: str, sealed_only: bool = False
) -> list[Row]:
    """One row per player by the rule ('best': highest verified score counts, ties to the earlier
    file; 'latest': the most recent file counts), ordered by score with shared places on ties.
    A game whose seal fails never counts; with `sealed_only`, neither does an unsealed one."""
    if rule not in RULES:
        raise ValueError(f"unknown rule '{rule}' (use one of: {', '.join(RULES)})")
    by_player: dict[str, list[Entry]] = {}
    for e in entries:
        if _status(e, competition, sealed_only) == VERIFIED:
            by_player.setdefault(e.player_key, []).append(e)
    chosen = []
    for games in by_player.values():
        if rule == "best":
            pick = min(games, key=lambda e: (-e.verdict.outcome.score, e.mtime, e.file))
        else:
            pick = max(games, key=lambda e: (e.mtime, e.verdict.outcome.score, e.file))
        chosen.append((pick, len(games)))
    chosen.sort(key=lambda pg: (-pg[0].verdict.outcome.score, pg[0].player.casefold(), pg[0].file))
    rows: list[Row] = []
    for i, (entry, n) in enumerate(chosen):
        place = i + 1
        if rows and abs(rows[-1].score - entry.verdict.outcome.score) <= SCORE_TOLERANCE:
            place = rows[-1].rank
        rows.append(Row(place, entry.player or f"({Path(entry.file).stem[:24]})", entry, n))
    return rows


def build_board(
    folder: Path,
    db: Path | None = None,
    shelf: ScenarioShelf | None = None,
    code: Competition | None = None,
    rule: str = "best",
    title: str = "",
    key: bytes | None = None,
    sealed_only: bool = False,
    limit: int = MAX_FILES,
) -> Board:
    """Ingest a folder, verify every stored game (seals with the facilitator `key`, when given)
    and rank the players of one competition; the files left out are named on the board."""
    shelf = shelf or ScenarioShelf()
    db = db or default_db(folder)
    files, skipped = scan_results(folder, limit)
    reasons: dict[str, Said] = {}
    ingest(folder, db, files, reasons)
    entries, rejected = evaluate(db, shelf, key)  # with the seals checked and copies flagged
    competition = code or choose_competition(entries)
    scn = shelf.get(competition.scenario_id) if competition else None
    return Board(
        competition=competition,
        scenario=scn,
        rule=rule,
        rows=tuple(rank(entries, competition, rule, sealed_only)),
        entries=tuple(entries),
        rejected=tuple(rejected),
        rejected_said=tuple(reasons.items()),
        title=title,
        skipped=tuple((visible(f, 200), why) for f, why in skipped),
        sealed_only=sealed_only,
        seals_checked=key is not None,
    )


def competition_code(board: Board) -> str:
    """The code of the board's competition (with the full version when the scenario is known)."""
    c = board.competition
    if c is None:
        return ""
    return make_code(c.scenario_id, c.hash_prefix, c.seed)


def _safe_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula, with control characters shown."""
    if isinstance(value, str):
        value = visible(value, 300)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def to_csv(board: Board) -> str:
    """The ranking and every other file's status as CSV (one line per game or file)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        [
            "rank", "player", "score", "mean_public_value", "mean_political_cover",
            "final_public_value", "final_political_cover", "final_trust", "turns",
            "ended_because", "games_handed_in", "status", "file", "seal", "same_moves_as",
        ]
    )  # fmt: skip
    counted = set()
    for row in board.rows:
        o = row.entry.verdict.outcome
        counted.add(row.entry.digest)
        w.writerow(
            [_safe_cell(x) for x in (
                row.rank, row.player, round(o.score, 3), o.mean_value, o.mean_cover,
                o.final["public_value"], o.final["political_cover"], o.final["trust"],
                o.turns, o.ended_because, row.games, VERIFIED, row.entry.file,
                row.entry.seal, " ".join(row.entry.copies),
            )]
        )  # fmt: skip
    for e in board.entries:
        if e.digest in counted:
            continue
        status = board.status_of(e)
        if status == VERIFIED:
            status = "not_counted"  # a verified game of a player whose other game counts
        w.writerow([_safe_cell(x) for x in ("", e.player, "", "", "", "", "", "", "", "", "",
                                             status, e.file, e.seal, " ".join(e.copies))])  # fmt: skip
    for file, _detail in board.rejected:
        w.writerow([_safe_cell(x) for x in ("", "", "", "", "", "", "", "", "", "", "",
                                             UNREADABLE, file, "", "")])  # fmt: skip
    for file, why in board.skipped:
        w.writerow([_safe_cell(x) for x in ("", "", "", "", "", "", "", "", "", "", "",
                                             f"skipped_{why}", file, "", "")])  # fmt: skip
    return out.getvalue()


def write_csv(board: Board, path: Path) -> Path:
    """Write the CSV atomically."""
    return atomic_write_text(path, to_csv(board))


def quarters(rows: tuple[Row, ...]) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    """The top and the bottom quarter of a ranking (at least one player each, when there are two)."""
    n = len(rows)
    if n < 2:
        return rows, ()
    q = max(1, math.ceil(n / 4))
    return rows[:q], rows[-q:]
