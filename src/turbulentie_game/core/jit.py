"""Compiled per-game kernels (numba), used where they pay off.

The numpy engine is the reference: every kernel gives the same bits as the numpy code it stands
in for, and the tests compare the two. numba is imported only when a kernel is wanted, because
importing it costs about two seconds: worth it for a batch of thousands of games, not for the
one game of a trainee's window. Compiled code is kept on disk (the simulation layer names the
folder: `numba/` in the user's cache folder), so a process loads it instead of compiling again.

TURBULENTIE_JIT=0 turns the kernels off (numpy plays everything); TURBULENTIE_JIT=1 uses them
for a batch of any size; unset, they are used from MIN_GAMES games on, and for any size
once some code has loaded them (bench, the lab). Without numba installed,
or when it cannot load, numpy plays.
"""

from __future__ import annotations

import importlib
import os
import sys
from functools import cache
from types import ModuleType

MIN_GAMES = 2000  # games in a batch from which the kernels pay for loading numba (about 1-2 s)
ENV = "TURBULENTIE_JIT"


def wanted(games: int) -> bool:
    """Whether a batch of `games` games should use the kernels (numba is not loaded here)."""
    setting = os.environ.get(ENV, "").strip()
    if setting == "0":
        return False
    if setting != "1" and games < MIN_GAMES and loaded("kernels") is None:
        return False  # (a process that has loaded the kernels already uses them for any size)
    return available()


@cache
def available() -> bool:
    """Whether numba can be loaded (it is, on the first call, with its cache folder set)."""
    return load("numba") is not None


def keep_compiled_in(folder: os.PathLike | str) -> None:
    """Where numba keeps compiled kernels, unless NUMBA_CACHE_DIR says (before numba loads)."""
    os.environ.setdefault("NUMBA_CACHE_DIR", str(folder))


@cache
def load(name: str) -> ModuleType | None:
    """Import a module that needs numba (`name` relative to this package, or "numba"); None
    when numba is missing or fails to load."""
    try:
        if name == "numba":
            return importlib.import_module("numba")
        return importlib.import_module(f"{__package__}.{name}")
    except ImportError:
        return None


def loaded(name: str) -> ModuleType | None:
    """A compiled module if some code has loaded it already (never loads numba itself)."""
    return sys.modules.get(f"{__package__}.{name}")
