"""Shared fixtures; the SDL drivers are set to dummy before anything can import pygame."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# the user's data folder (saves, settings, own scenarios) is an empty one of the test run's own
os.environ["TURBULENTIE_DATA_DIR"] = __import__("tempfile").mkdtemp(prefix="turbulentie-tests-")

import shutil
from pathlib import Path

import pytest

from turbulentie_game.paths import scenarios_dir
from turbulentie_game.scenario import catalogue
from turbulentie_game.scenario.compile import load_scenario, read_scenario
from turbulentie_game.scenario.registry import builtin_scenarios, default_scenario

ROOT = Path(__file__).resolve().parent.parent


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
