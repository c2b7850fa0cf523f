"""The room's store: every seat, person, move, message and setting, in SQLite or PostgreSQL.

`--db FILE` is a SQLite file (the default: nothing to install); `--db postgresql://…` a
PostgreSQL server (the `psycopg` driver). Both go through the leaderboard's store layer
(`reports.store`) and run the same SQL: `?` placeholders, TEXT, INTEGER and DOUBLE PRECISION
columns, ids counted here rather than by the database. Every change is one transaction,
committed before the server answers, so a server killed mid-round resumes with no move lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..reports.store import StoreError, connect

SCHEMA_VERSION = 1

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS seats (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " name_key TEXT NOT NULL UNIQUE, team INTEGER NOT NULL, created DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS persons (id INTEGER PRIMARY KEY, seat_id INTEGER NOT NULL,"
    " name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, joined DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS moves (seat_id INTEGER NOT NULL, turn INTEGER NOT NULL,"
    " input TEXT NOT NULL, source TEXT NOT NULL, at DOUBLE PRECISION NOT NULL,"
    " PRIMARY KEY (seat_id, turn))",
    "CREATE TABLE IF NOT EXISTS parts (seat_id INTEGER NOT NULL, turn INTEGER NOT NULL,"
    " person_id INTEGER NOT NULL, input TEXT NOT NULL, at DOUBLE PRECISION NOT NULL,"
    " PRIMARY KEY (seat_id, turn, person_id))",
    "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, seat_id INTEGER,"
    " text TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY, at DOUBLE PRECISION NOT NULL,"
    " kind TEXT NOT NULL, detail TEXT NOT NULL)",
)

__all__ = ["SCHEMA_VERSION", "MoveRow", "PartRow", "PersonRow", "SeatRow", "Store", "StoreError"]


@dataclass(frozen=True)
class SeatRow:
    id: int
    name: str
    team: bool
    created: float


@dataclass(frozen=True)
class PersonRow:
    id: int
    seat_id: int
    name: str
    token_hash: str
    joined: float


@dataclass(frozen=True)
class MoveRow:
    seat_id: int
    turn: int
    input: dict
    source: str  # "played" or "default"
    at: float


@dataclass(frozen=True)
class PartRow:
    seat_id: int
    turn: int
    person_id: int
    input: dict
    at: float


class Store:
    """One room's data in one SQLite file or one PostgreSQL database."""

    def __init__(self, target: str | Path):
        self.db = connect(target, autocommit=True)
        self.name = self.db.name  # as shown to a user (a URL without its password)
        try:
            if self.db.kind == "sqlite":
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=FULL")  # a commit survives a power cut too
            with self.tx():
                for stmt in SCHEMA:
                    self.db.execute(stmt)
            version = self.get("schema_version")
        except StoreError:
            self.db.close()
            raise
        if version is None:
            self.put("schema_version", SCHEMA_VERSION)
        elif version != SCHEMA_VERSION:
            self.db.close()
            raise StoreError(
                f"{self.name}: store format {version}, this game reads {SCHEMA_VERSION}"
            )

    # plumbing -------------------------------------------------------------------------------
    def run(self, sql: str, params: Iterable = ()):
        """Execute one statement (`?` placeholders); a cursor."""
        return self.db.execute(sql, tuple(params))

    def tx(self):
        """A transaction: `with store.tx(): ...` commits at the end or rolls back on error."""
        return self.db.transaction()

    def _next_id(self, table: str) -> int:
        """The id a new row of this table gets (call inside the transaction that inserts it)."""
        return int(self.run(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])  # noqa: S608 - a constant

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    # settings ---------------------------------------------------------------------------------
    def get(self, key: str, default=None):
        """A setting (JSON value) or `default`."""
        row = self.run("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def put(self, key: str, value) -> None:
        """Set a setting (any JSON value)."""
        self.put_many({key: value})

    def put_many(self, values: dict) -> None:
        """Set several settings in one transaction."""
        with self.tx():
            for key, value in values.items():
                self.run(
                    "INSERT INTO meta (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value)),
                )

    # seats and persons ------------------------------------------------------------------------
    def seats(self) -> list[SeatRow]:
        """Every seat, in the order they were made."""
        rows = self.run("SELECT id, name, team, created FROM seats ORDER BY id").fetchall()
        return [SeatRow(r[0], r[1], bool(r[2]), r[3]) for r in rows]

    def seat_by_key(self, name_key: str) -> SeatRow | None:
        """The seat of this (normalised) name, if any."""
        r = self.run(
            "SELECT id, name, team, created FROM seats WHERE name_key = ?", (name_key,)
        ).fetchone()
        return SeatRow(r[0], r[1], bool(r[2]), r[3]) if r else None

    def add_seat(self, name: str, name_key: str, team: bool, at: float) -> int:
        """Make a seat (a single player's, or a team's) and return its id."""
        with self.tx():
            seat_id = self._next_id("seats")
            self.run(
                "INSERT INTO seats (id, name, name_key, team, created) VALUES (?, ?, ?, ?, ?)",
                (seat_id, name, name_key, int(team), at),
            )
        return seat_id

    def persons(self) -> list[PersonRow]:
        """Every person, in the order they joined."""
        rows = self.run(
            "SELECT id, seat_id, name, token_hash, joined FROM persons ORDER BY id"
        ).fetchall()
        return [PersonRow(*r) for r in rows]

    def add_person(self, seat_id: int, name: str, token_hash: str, at: float) -> int:
        """Add a person to a seat and return their id."""
        with self.tx():
            pid = self._next_id("persons")
            self.run(
                "INSERT INTO persons (id, seat_id, name, token_hash, joined)"
                " VALUES (?, ?, ?, ?, ?)",
                (pid, seat_id, name, token_hash, at),
            )
        return pid

    # moves ------------------------------------------------------------------------------------
    def moves(self, seat_id: int | None = None) -> list[MoveRow]:
        """The accepted moves (of one seat), by seat and turn."""
        sql = "SELECT seat_id, turn, input, source, at FROM moves"
        params: tuple = ()
        if seat_id is not None:
            sql += " WHERE seat_id = ?"
            params = (seat_id,)
        rows = self.run(sql + " ORDER BY seat_id, turn", params).fetchall()
        return [MoveRow(s, t, json.loads(i), src, at) for s, t, i, src, at in rows]

    def add_move(self, seat_id: int, turn: int, data: dict, source: str, at: float) -> None:
        """Keep an accepted move (and drop the parts it was made of)."""
        with self.tx():
            self.run(
                "INSERT INTO moves (seat_id, turn, input, source, at) VALUES (?, ?, ?, ?, ?)",
                (seat_id, turn, json.dumps(data, sort_keys=True), source, at),
            )

    def drop_moves_from(self, turn: int) -> int:
        """Remove every move and part of this turn and later ones (undo); how many moves went."""
        with self.tx():
            n = self.run("DELETE FROM moves WHERE turn >= ?", (turn,)).rowcount
            self.run("DELETE FROM parts WHERE turn >= ?", (turn,))
        return int(n)

    def parts(self, seat_id: int | None = None) -> list[PartRow]:
        """The parts teammates placed (kept for the log and for turns still being put together)."""
        sql = "SELECT seat_id, turn, person_id, input, at FROM parts"
        params: tuple = ()
        if seat_id is not None:
            sql += " WHERE seat_id = ?"
            params = (seat_id,)
        rows = self.run(sql + " ORDER BY seat_id, turn, person_id", params).fetchall()
        return [PartRow(s, t, p, json.loads(i), at) for s, t, p, i, at in rows]

    def put_part(self, seat_id: int, turn: int, person_id: int, data: dict, at: float) -> None:
        """Keep (or replace) one person's part of a seat's turn."""
        with self.tx():
            self.run(
                "DELETE FROM parts WHERE seat_id = ? AND turn = ? AND person_id = ?",
                (seat_id, turn, person_id),
            )
            self.run(
                "INSERT INTO parts (seat_id, turn, person_id, input, at) VALUES (?, ?, ?, ?, ?)",
                (seat_id, turn, person_id, json.dumps(data, sort_keys=True), at),
            )

    # messages and log -------------------------------------------------------------------------
    def add_message(self, seat_id: int | None, text: str, at: float) -> int:
        """Keep a facilitator's message (to one seat, or to all when seat_id is None)."""
        with self.tx():
            mid = self._next_id("messages")
            self.run(
                "INSERT INTO messages (id, seat_id, text, at) VALUES (?, ?, ?, ?)",
                (mid, seat_id, text, at),
            )
        return mid

    def messages(self) -> list[tuple[int, int | None, str, float]]:
        """Every message: (id, seat or None, text, time)."""
        return [
            tuple(r) for r in self.run("SELECT id, seat_id, text, at FROM messages ORDER BY id")
        ]

    def log(self, kind: str, detail: dict, at: float) -> None:
        """Note what happened (facilitator actions, refusals) for the day's record."""
        with self.tx():
            self.run(
                "INSERT INTO log (id, at, kind, detail) VALUES (?, ?, ?, ?)",
                (self._next_id("log"), at, kind, json.dumps(detail, sort_keys=True)),
            )

    def log_rows(self) -> list[tuple[float, str, dict]]:
        """The log, oldest first."""
        rows = self.run("SELECT at, kind, detail FROM log ORDER BY id").fetchall()
        return [(at, k, json.loads(d)) for at, k, d in rows]
