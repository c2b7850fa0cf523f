"""The competition leaderboard: ingest result files into a store (SQLite or PostgreSQL, see
store.py), verify them, rank and debrief."""

from __future__ import annotations

import csv
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
from ..sim.competition import Competition, make_code
from ..sim.record import GameRecord, RecordError
from ..sim.verify import (
    SCORE_TOLERANCE,
    UNREADABLE,
    VERIFIED,
    ScenarioShelf,
    Verdict,
    read_limited,
    record_digest,
    verify_bytes,
)
from .store import Store, StoreError, connect

DB_NAME = "leaderboard.sqlite3"
SCHEMA_VERSION = "1"
MAX_FILES = 5000
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

    @property
    def player(self) -> str:
        """The player's name as shown (printable characters only)."""
        record = self.verdict.record
        return clean_name(record.player if record else "")

    @property
    def player_key(self) -> str:
        """Who this is for the best/latest rule: the name without case and extra spaces."""
        return self.player.casefold() or f"file:{self.digest}"


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

    def status_of(self, entry: Entry) -> str:
        """The status shown for a game: its verdict, or 'other competition' when it verified."""
        if entry.verdict.ok and not self.belongs(entry):
            return OTHER_COMPETITION
        return entry.verdict.status

    def belongs(self, entry: Entry) -> bool:
        """Whether a game is of this competition's scenario version and seed."""
        return _belongs(entry, self.competition)


def _belongs(entry: Entry, competition: Competition | None) -> bool:
    r = entry.verdict.record
    return bool(r and competition and competition.matches(r.scenario_id, r.content_hash, r.seed))


def clean_name(text: str, limit: int = 40) -> str:
    """A player name safe for a terminal, a CSV cell and a page: printable, trimmed, one space."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:limit]


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


def result_files(folder: Path) -> list[Path]:
    """The .json files in a folder and its subfolders (hidden ones skipped), in a stable order."""
    out = []
    for path in sorted(folder.rglob("*.json")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        out.append(path)
        if len(out) >= MAX_FILES:
            break
    return out


def ingest(folder: Path, db: Path | str) -> tuple[int, int]:
    """Store every result file of a folder once (keyed on content); returns (new games, files)."""
    files = result_files(folder)
    added = 0
    with closing(_connect(db)) as con:
        try:
            for path in files:
                name = str(path.relative_to(folder))
                data: bytes | None = None
                try:
                    data = read_limited(path)
                    record = GameRecord.from_json(data.decode("utf-8"))
                except (RecordError, UnicodeDecodeError) as exc:
                    why = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)
                    _reject(con, name, why, data)
                    continue
                cur = con.execute(
                    "INSERT INTO records VALUES (?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING",
                    (record_digest(record), record.to_json(), name, path.stat().st_mtime, _now()),
                )
                added += cur.rowcount
            con.commit()
        except StoreError as exc:
            raise LeaderboardError(str(exc)) from None
        except OSError as exc:
            raise LeaderboardError(f"{con.name}: {exc}") from None
    return added, len(files)


def _reject(con: Store, name: str, detail: str, data: bytes | None) -> None:
    key = hashlib.sha256(data if data is not None else name.encode("utf-8", "replace"))
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


def evaluate(db: Path | str, shelf: ScenarioShelf) -> tuple[list[Entry], list[tuple[str, str]]]:
    """Re-simulate every stored game (nothing in the database is trusted) and store the verdicts."""
    entries: list[Entry] = []
    with closing(_connect(db)) as con:
        try:
            rows = con.execute(
                "SELECT digest, record, file, mtime FROM records ORDER BY file, digest"
            ).fetchall()
            for digest, text, file, mtime in rows:
                verdict = verify_bytes(str(text).encode("utf-8"), shelf)
                if verdict.record is not None and verdict.digest != digest:
                    verdict = Verdict(UNREADABLE, "the database row was changed", digest=digest)
                entries.append(Entry(digest, str(file), float(mtime), verdict))
                con.execute(
                    "INSERT INTO results VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO UPDATE"
                    " SET status = excluded.status, detail = excluded.detail,"
                    " score = excluded.score, outcome = excluded.outcome,"
                    " checked = excluded.checked",
                    (
                        digest,
                        verdict.status,
                        verdict.detail,
                        verdict.outcome.score if verdict.outcome else None,
                        _outcome_json(verdict),
                        _now(),
                    ),
                )
            rejected = con.execute("SELECT file, detail FROM rejected ORDER BY file").fetchall()
            con.commit()
        except StoreError as exc:
            raise LeaderboardError(str(exc)) from None
    return entries, [(str(f), str(d)) for f, d in rejected]


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


def rank(entries: list[Entry], competition: Competition | None, rule: str) -> list[Row]:
    """One row per player by the rule ('best': highest verified score counts, ties to the earlier
    file; 'latest': the most recent file counts), ordered by score with shared places on ties."""
    if rule not in RULES:
        raise ValueError(f"unknown rule '{rule}' (use one of: {', '.join(RULES)})")
    by_player: dict[str, list[Entry]] = {}
    for e in entries:
        if e.verdict.ok and _belongs(e, competition):
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
    db: Path | str | None = None,
    shelf: ScenarioShelf | None = None,
    code: Competition | None = None,
    rule: str = "best",
    title: str = "",
) -> Board:
    """Ingest a folder, verify every stored game and rank the players of one competition."""
    shelf = shelf or ScenarioShelf()
    db = db or default_db(folder)
    ingest(folder, db)
    entries, rejected = evaluate(db, shelf)
    competition = code or choose_competition(entries)
    scn = shelf.get(competition.scenario_id) if competition else None
    return Board(
        competition=competition,
        scenario=scn,
        rule=rule,
        rows=tuple(rank(entries, competition, rule)),
        entries=tuple(entries),
        rejected=tuple(rejected),
        title=title,
    )


def competition_code(board: Board) -> str:
    """The code of the board's competition (with the full version when the scenario is known)."""
    c = board.competition
    if c is None:
        return ""
    return make_code(c.scenario_id, c.hash_prefix, c.seed)


def _safe_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
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
            "ended_because", "games_handed_in", "status", "file",
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
            )]
        )  # fmt: skip
    for e in board.entries:
        if e.digest in counted:
            continue
        status = board.status_of(e)
        if status == VERIFIED:
            status = "not_counted"  # a verified game of a player whose other game counts
        w.writerow([_safe_cell(x) for x in ("", e.player, "", "", "", "", "", "", "", "", "",
                                             status, e.file)])  # fmt: skip
    for file, _detail in board.rejected:
        w.writerow([_safe_cell(x) for x in ("", "", "", "", "", "", "", "", "", "", "",
                                             UNREADABLE, file)])  # fmt: skip
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
