"""Where the shipped assets and built-in scenarios live (in a checkout or an installed wheel)."""

from __future__ import annotations

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
