"""Shared fixtures; the SDL drivers are set to dummy before anything can import pygame."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# the user's data folder (saves, settings, own scenarios) is an empty one of the test run's own
os.environ["TURBULENTIE_DATA_DIR"] = __import__("tempfile").mkdtemp(prefix="turbulentie-tests-")

import atexit
import contextlib
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from turbulentie_game.paths import scenarios_dir
from turbulentie_game.scenario import catalogue
from turbulentie_game.scenario.compile import load_scenario, read_scenario
from turbulentie_game.scenario.registry import builtin_scenarios, default_scenario

ROOT = Path(__file__).resolve().parent.parent

# the adaptive bot's studies go to a cache folder of this test session, never the user's
# (read when a study is first needed, so setting it here, after the imports, is in time)
_CACHE = tempfile.mkdtemp(prefix="turbulentie-test-cache-")
os.environ["TURBULENTIE_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
# compiled kernels (numba) are kept across test sessions in a folder of their own: compiling
# them takes a minute, and numba checks each entry against its source file
os.environ.setdefault(
    "NUMBA_CACHE_DIR", os.path.join(tempfile.gettempdir(), "turbulentie-tests-numba")
)


@pytest.fixture(scope="session")
def default_path() -> Path:
    """Path of the default built-in scenario."""
    return default_scenario().path


@pytest.fixture(scope="session")
def scn(default_path):
    """The default built-in scenario, compiled."""
    return load_scenario(default_path)


@pytest.fixture(scope="session")
def default_spec(default_path):
    """The default built-in scenario as a spec."""
    return read_scenario(default_path)[0]


@pytest.fixture
def draft_folder(tmp_path) -> Path:
    """A copy of the built-in scenarios with a broken draft (a duplicate key) beside them."""
    folder = tmp_path / "scenarios"
    shutil.copytree(scenarios_dir(), folder)
    (folder / "aaa_draft.yaml").write_text(
        "id: draft_case\norder: 5\nid: draft_case\n", encoding="utf-8"
    )
    return folder


@pytest.fixture
def broken_builtins(draft_folder, monkeypatch) -> Path:
    """The built-in scenarios' folder holds a broken draft (the catalogue is pointed at the copy)."""
    monkeypatch.setattr(catalogue, "scenarios_dir", lambda: draft_folder)
    return draft_folder


def pytest_generate_tests(metafunc):
    if "builtin_path" in metafunc.fixturenames:
        paths = [b.path for b in builtin_scenarios()]
        metafunc.parametrize("builtin_path", paths, ids=[p.stem for p in paths])


# A real PostgreSQL server (the leaderboard's and the room's stores) -------------------------
# Started from the installed binaries.
#
# The server lives in a temporary folder, listens only on a Unix socket there (no port is opened
# on the machine) and is stopped at the end of the session. As root it runs as the `postgres`
# user (PostgreSQL refuses to run as root). Where no server can start, the tests that need it are
# skipped with the reason.


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
