"""Compiled per-game kernels (numba) for the bots' hot loops, bit for bit as the numpy code.

Loaded lazily by `bots` (never imported at the top of a module): importing numba costs about
two seconds, worth it for a batch of thousands of games, not for one game. The numpy code in
`bots` is the reference; the tests compare the two on every turn of many games.

What numpy does and these loops repeat:
- `np.argmax` takes the first maximum, and the first NaN before anything (`_argmax`);
- `np.minimum` and `np.maximum` give NaN when either side is NaN (`_min`, `_max0`);
- every float operation is the same single IEEE operation in the same order (no fastmath).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _argmax(x) -> int:
    """np.argmax of a 1-d float array: the first maximum, or the first NaN if there is one."""
    best = 0
    v = x[0]
    if v != v:
        return 0
    for i in range(1, x.shape[0]):
        xi = x[i]
        if xi != xi:
            return i
        if xi > v:
            best = i
            v = xi
    return best


@njit(cache=True)
def _min(a: float, b: float) -> float:
    """np.minimum of two floats (NaN if either is NaN)."""
    if a != a or a < b:
        return a
    return b


@njit(cache=True)
def _max0(a: float) -> float:
    """np.maximum(a, 0.0) (NaN stays NaN)."""
    if a != a or a > 0.0:
        return a
    return 0.0


@njit(cache=True)
def _rest(energy: float) -> int:
    """bots._rest_chips for one member."""
    if energy < 45:
        return 3
    if energy < 62:
        return 2
    if energy < 80:
        return 1
    return 0


@njit(cache=True)
def greedy(need, invest, useful, energy, capacity, alive, barred, any_barred, avoid_rest):
    """bots._greedy_numpy, one game after the other: chips [G, M, E + T + 1].

    need [G, E] and invest [G, T] float64 (not changed), useful [G, M, E] float64 (what one chip
    yields), energy [G, M] float64, capacity [M] int64, alive [G] bool, barred [E] bool (used
    when any_barred), avoid_rest: no chips kept for rest.
    """
    g_n, e_n = need.shape
    t_n = invest.shape[1]
    m_n = capacity.shape[0]
    a_n = e_n + t_n + 1
    chips = np.zeros((g_n, m_n, a_n), dtype=np.int64)
    cap_max = 0
    for m in range(m_n):
        cap_max = max(cap_max, capacity[m])
    work = np.empty(m_n, dtype=np.int64)
    left = np.empty(e_n)  # the need the chips work down
    open_need = np.empty(e_n)  # what is still to meet: max(left, 0)
    inv = np.empty(max(t_n, 1))  # invest, halving as chips go to a trait
    gain = np.empty(e_n)
    for g in range(g_n):
        for m in range(m_n):
            rest = 0 if avoid_rest else _rest(energy[g, m])
            w = max(0, capacity[m] - rest)
            work[m] = w
            chips[g, m, a_n - 1] = capacity[m] - w
        if not alive[g]:
            continue
        for e in range(e_n):
            left[e] = need[g, e]
            open_need[e] = _max0(left[e])
        best_t = 0
        best_tv = -np.inf
        if t_n > 0:
            for t in range(t_n):
                inv[t] = invest[g, t]
            best_t = _argmax(inv[:t_n])
            best_tv = inv[best_t]
        for j in range(cap_max):
            for m in range(m_n):
                if work[m] <= j:
                    continue
                for e in range(e_n):
                    y = useful[g, m, e]
                    gain[e] = _min(open_need[e], y) + 1e-3 * y
                    if any_barred and barred[e]:
                        gain[e] = -np.inf
                best_e = _argmax(gain)
                if best_tv > gain[best_e]:
                    chips[g, m, e_n + best_t] += 1
                    inv[best_t] *= 0.5
                    best_t = _argmax(inv[:t_n])
                    best_tv = inv[best_t]
                else:
                    chips[g, m, best_e] += 1
                    left[best_e] -= useful[g, m, best_e]
                    open_need[best_e] = _max0(left[best_e])
    return chips
