"""Addressed random numbers: each draw is a pure function of (seed, turn, purpose, slot)."""

from __future__ import annotations

import numpy as np

from . import libm

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_K_TURN = np.uint64(0xD1B54A32D192ED03)
_K_PURPOSE = np.uint64(0xABC98388FB8FAC03)
_K_SLOT = np.uint64(0x8CB92BA72F3D8DD7)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_INV53 = 1.0 / float(1 << 53)

# Purposes: one stable number per kind of draw. Never renumber (replays depend on them).
ARRIVALS = 1
PICK = 2
SEVERITY = 3
QUALITY = 4
QUALITY_2 = 5
BOT = 6
BOT_2 = 7
ACTORS = 8
PRIORITY = 9


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser applied element-wise (uint64 arithmetic wraps by design)."""
    x = x ^ (x >> _S30)
    x = x * _M1
    x = x ^ (x >> _S27)
    x = x * _M2
    return x ^ (x >> _S31)


def hash64(seeds: np.ndarray, turn: int, purpose: int, slot, aligned: bool = False) -> np.ndarray:
    """A 64-bit hash per game for one address.

    `slot` may be an int, an array of slots shared by all games (result [G, *slot.shape]),
    or with `aligned` an array whose first axis runs over the games (result slot.shape).
    """
    with np.errstate(over="ignore"):
        s = np.asarray(seeds, dtype=np.uint64).reshape(-1)
        slot_arr = np.asarray(slot, dtype=np.uint64)
        key = _mix(s * _GOLDEN + _GOLDEN)
        key = key ^ (np.uint64(turn + 1) * _K_TURN)
        key = _mix(key) ^ (np.uint64(purpose) * _K_PURPOSE)
        if aligned:
            key = key.reshape((-1,) + (1,) * (slot_arr.ndim - 1))
        elif slot_arr.ndim:
            key = key.reshape((-1,) + (1,) * slot_arr.ndim)
        key = _mix(key ^ ((slot_arr + np.uint64(1)) * _K_SLOT))
        return _mix(key)


def uniform(
    seeds: np.ndarray, turn: int, purpose: int, slot=0, aligned: bool = False
) -> np.ndarray:
    """Uniform floats in [0, 1), one per game (and per slot when `slot` is an array)."""
    return (hash64(seeds, turn, purpose, slot, aligned) >> _S11).astype(np.float64) * _INV53


def normal(seeds: np.ndarray, turn: int, purpose: int, slot=0, aligned: bool = False) -> np.ndarray:
    """Standard normal draws (Box-Muller on two addressed uniforms)."""
    u1 = uniform(seeds, turn, purpose, slot, aligned)
    u2 = uniform(seeds, turn, purpose + 1000, slot, aligned)
    return np.sqrt(-2.0 * libm.log1p(-u1)) * libm.cos(2.0 * np.pi * u2)
