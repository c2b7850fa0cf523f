"""Where the shipped assets and built-in scenarios live (in a checkout or an installed wheel)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_HERE / name, _HERE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the '{name}' folder is missing from this installation")


def assets_dir() -> Path:
    """The folder with rules, catalogues, fonts and theme."""
    return _find("assets")


def scenarios_dir() -> Path:
    """The folder with the built-in scenarios."""
    return _find("scenarios")


def data_dir() -> Path:
    """The user's data folder for this game (TURBULENTIE_DATA_DIR overrides it)."""
    override = os.environ.get("TURBULENTIE_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "turbulentie_game"


USER_SCENARIOS = "scenarios"  # the user's own scenarios: this folder inside the data folder


def user_scenarios_dir(data_folder: Path | None = None) -> Path:
    """The folder of the user's own scenarios (in the data folder; it may not exist yet)."""
    return (data_folder if data_folder is not None else data_dir()) / USER_SCENARIOS


def cache_dir() -> Path:
    """The user's cache folder for this game (TURBULENTIE_CACHE_DIR overrides it)."""
    override = os.environ.get("TURBULENTIE_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "turbulentie_game" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "turbulentie_game"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "turbulentie_game"
