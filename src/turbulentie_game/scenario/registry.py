"""The built-in scenarios shipped with the game (thin wrappers over the catalogue)."""

from __future__ import annotations

from pathlib import Path

from .catalogue import Catalogue, Entry

BuiltIn = Entry  # a built-in scenario as the menu lists it


def builtin_scenarios() -> list[BuiltIn]:
    """Every usable built-in scenario, the default first."""
    return Catalogue().scenarios()


def default_scenario() -> BuiltIn:
    """The scenario the game opens on."""
    return Catalogue().default()


def resolve(name: str) -> Path:
    """A scenario path from a file path or a built-in id."""
    return Catalogue().resolve(name)
