"""Where the leaderboard (and the room) keep their tables: SQLite by default, or PostgreSQL.

A target is a file path (SQLite, embedded, nothing to install) or a `postgresql://` URL (a
server, for a national final or a shared room; needs the `psycopg` driver: `pip install
turbulentie-game[postgresql]`). Both run the same SQL, written in the dialect they share:
`?` placeholders, `INSERT … ON CONFLICT (key) DO NOTHING / DO UPDATE SET col = excluded.col`,
TEXT, INTEGER and DOUBLE PRECISION columns, ids given by the caller (no SQLite rowid, no
PostgreSQL SERIAL). The only translation is `?` to psycopg's `%s`.

A store opened with `autocommit=True` (the room's) commits each statement on its own unless it
runs inside `with store.transaction():`, which is one `BEGIN … COMMIT` on either server; the
leaderboard's store (the default) gathers statements until `commit()`.

Every driver error comes out as a StoreError whose message names the database (never with
its password) and says what went wrong.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

URL_SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT = 10  # seconds


class StoreError(Exception):
    """The database cannot be opened, read or written; the message says which and why."""


def is_url(target: str | Path) -> bool:
    """Whether a --db value names a PostgreSQL server rather than a SQLite file."""
    return isinstance(target, str) and target.lower().startswith(URL_SCHEMES)


def shown(target: str | Path) -> str:
    """A database as it may be shown to a user: a URL without its password."""
    if not is_url(target):
        return str(target)
    parts = urlsplit(str(target))
    if parts.password is None:
        return str(target)
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|%|\?")


def _to_pyformat(sql: str) -> str:
    """`?` placeholders to `%s` (and a literal `%` to `%%`), leaving quoted strings alone."""

    def swap(m: re.Match) -> str:
        piece = m.group(0)
        return {"?": "%s", "%": "%%"}.get(piece) or piece.replace("%", "%%")

    return _PLACEHOLDER.sub(swap, sql)


class Store:
    """One open database: execute statements, fetch rows, commit; errors as StoreError."""

    def __init__(
        self,
        con,
        kind: str,
        name: str,
        errors: tuple[type[BaseException], ...],
        autocommit: bool = False,
    ):
        self._con = con
        self.kind = kind  # "sqlite" or "postgresql"
        self.name = name  # as shown to a user
        self._errors = errors
        self.autocommit = autocommit
        self._depth = 0  # transactions open (an inner one joins the outer one)

    def _fail(self, exc: BaseException) -> StoreError:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        return StoreError(f"{self.name}: {detail}")

    def execute(self, sql: str, params: Sequence = ()):
        """Run one statement (`?` placeholders); returns a cursor (fetchone, fetchall, rowcount)."""
        try:
            if self.kind == "sqlite":
                return self._con.execute(sql, tuple(params))
            cur = self._con.cursor()
            cur.execute(_to_pyformat(sql), tuple(params))
            return cur
        except self._errors as exc:
            raise self._fail(exc) from None

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> None:
        """Run one statement for many rows."""
        try:
            if self.kind == "sqlite":
                self._con.executemany(sql, rows)
            else:
                with self._con.cursor() as cur:
                    cur.executemany(_to_pyformat(sql), list(rows))
        except self._errors as exc:
            raise self._fail(exc) from None

    def script(self, sql: str) -> None:
        """Run several statements without parameters (a schema)."""
        try:
            if self.kind == "sqlite":
                self._con.executescript(sql)
            else:
                for statement in (s.strip() for s in _split(sql)):
                    if statement:
                        self._con.execute(statement)
        except self._errors as exc:
            raise self._fail(exc) from None

    def commit(self) -> None:
        """Make the changes so far permanent."""
        try:
            self._con.commit()
        except self._errors as exc:
            raise self._fail(exc) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """`with store.transaction():` commits the statements inside together, or none of them."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        if self.autocommit:
            self.execute("BEGIN")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            if self.autocommit:
                with contextlib.suppress(StoreError):
                    self.execute("ROLLBACK")
            else:
                with contextlib.suppress(*self._errors):
                    self._con.rollback()
            raise
        self._depth = 0
        if self.autocommit:
            self.execute("COMMIT")
        else:
            self.commit()

    def close(self) -> None:
        """Close the connection (changes not committed are dropped)."""
        with contextlib.suppress(*self._errors):
            self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _split(sql: str) -> list[str]:
    """Statements of a schema script: split on `;` outside quotes, `--` comments dropped."""
    lines = [re.sub(r"--.*$", "", line) for line in sql.splitlines()]
    return "\n".join(lines).split(";")


def connect(target: str | Path, autocommit: bool = False) -> Store:
    """Open a SQLite file (made, with its folder, when missing) or a PostgreSQL URL."""
    if is_url(target):
        return _connect_postgresql(str(target), autocommit)
    path = Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(
            path,
            timeout=CONNECT_TIMEOUT,
            isolation_level=None if autocommit else "",
            check_same_thread=False,  # one connection, used by one thread at a time
        )
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: {exc}") from None
    except OSError as exc:
        raise StoreError(f"{path}: {exc.strerror or exc}") from None
    return Store(con, "sqlite", str(path), (sqlite3.Error,), autocommit)


def _connect_postgresql(url: str, autocommit: bool = False) -> Store:
    name = shown(url)
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            f"{name}: PostgreSQL needs the psycopg driver "
            "(pip install 'turbulentie-game[postgresql]', or: uv sync)"
        ) from None
    if url.lower().startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    try:
        con = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=autocommit)
    except (psycopg.Error, ValueError) as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise StoreError(f"{name}: cannot connect ({detail})") from None
    return Store(con, "postgresql", name, (psycopg.Error,), autocommit)
