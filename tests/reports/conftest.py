"""A real PostgreSQL server for the store's tests, started from the installed binaries.

The server lives in a temporary folder, listens only on a Unix socket there (no port is opened
on the machine) and is stopped at the end of the session. As root it runs as the `postgres`
user (PostgreSQL refuses to run as root). Where no server can start, the tests that need it are
skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    """The folder with initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<v>/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of a fresh PostgreSQL server (skips the test when none can start)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (uv sync installs it)")
    bindir = _binaries()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server as")
    root = Path(tempfile.mkdtemp(prefix="turbulentie-pg-"))
    data, sock, log = root / "data", root / "sock", root / "server.log"
    sock.mkdir()
    if user is not None:
        for p in (root, sock):
            os.chown(p, user.pw_uid, user.pw_gid)
    run_as = {"user": user.pw_uid, "group": user.pw_gid} if user else {}

    def run(*cmd):
        return subprocess.run(
            [str(bindir / cmd[0]), *cmd[1:]], capture_output=True, text=True, timeout=120,
            cwd=root, check=False, **run_as,
        )  # fmt: skip

    made = run("initdb", "-D", str(data), "-A", "trust", "-U", "turbulentie", "-E", "UTF8",
               "--no-sync", "--no-instructions")  # fmt: skip
    if made.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"initdb failed: {(made.stderr or made.stdout).strip()[-300:]}")
    options = f"-c listen_addresses='' -k {sock} -c fsync=off -c full_page_writes=off"
    started = run("pg_ctl", "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60",
                  "start")  # fmt: skip
    if started.returncode != 0:
        reason = log.read_text(errors="replace")[-300:] if log.exists() else started.stderr
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"the PostgreSQL server did not start: {reason.strip()}")
    try:
        yield f"postgresql://turbulentie@/postgres?host={sock}"
    finally:
        with contextlib.suppress(Exception):
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_db(postgres_url):
    """A new, empty database on the server for one test; its URL."""
    import psycopg

    name = f"t{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url.replace("/postgres?", f"/{name}?")


_numbers = iter(range(1_000_000))
