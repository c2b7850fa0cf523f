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
def _clip(a: float, lo: float, hi: float) -> float:
    """np.clip of a float between two floats (NaN stays NaN)."""
    if a != a:
        return a
    if a < lo:
        return lo
    if a > hi:
        return hi
    return a


@njit(cache=True)
def _add_up(x) -> float:
    """x.sum() of a 1-d float array in numpy's pairwise order (at most 128 terms): under 8
    terms one after the other from 0.0, else eight running sums joined as a tree, then the rest
    one by one (see core.features.add_up)."""
    n = x.shape[0]
    if n < 8:
        out = 0.0
        for i in range(n):
            out += x[i]
        return out
    r0, r1, r2, r3 = x[0], x[1], x[2], x[3]
    r4, r5, r6, r7 = x[4], x[5], x[6], x[7]
    top = n - n % 8
    for i in range(8, top, 8):
        r0 += x[i]
        r1 += x[i + 1]
        r2 += x[i + 2]
        r3 += x[i + 3]
        r4 += x[i + 4]
        r5 += x[i + 5]
        r6 += x[i + 6]
        r7 += x[i + 7]
    out = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for i in range(top, n):
        out += x[i]
    return out


@njit(cache=True)
def _place(g, chips, left, open_need, inv, useful, work, cap_max, barred, any_barred, gain):
    """The greedy placement of one game's working chips (bots._greedy_numpy for game g):
    `left` [E] is the need (worked down here), `open_need` [E] max(left, 0), `inv` [T] the
    invest (halved here), `useful` [M, E] what one chip yields, `work` [M] the working chips."""
    e_n = left.shape[0]
    t_n = inv.shape[0]
    m_n = work.shape[0]
    best_t = 0
    best_tv = -np.inf
    if t_n > 0:
        best_t = _argmax(inv)
        best_tv = inv[best_t]
    for j in range(cap_max):
        for m in range(m_n):
            if work[m] <= j:
                continue
            for e in range(e_n):
                y = useful[m, e]
                gain[e] = _min(open_need[e], y) + 1e-3 * y
                if any_barred and barred[e]:
                    gain[e] = -np.inf
            best_e = _argmax(gain)
            if best_tv > gain[best_e]:
                chips[g, m, e_n + best_t] += 1
                inv[best_t] *= 0.5
                best_t = _argmax(inv)
                best_tv = inv[best_t]
            else:
                chips[g, m, best_e] += 1
                left[best_e] -= useful[m, best_e]
                open_need[best_e] = _max0(left[best_e])


@njit(cache=True)
def _work(g, chips, energy, capacity, avoid_rest, work):
    """Chips kept for rest (on the last target) and the working chips per member of game g."""
    a_n = chips.shape[2]
    for m in range(capacity.shape[0]):
        rest = 0 if avoid_rest else _rest(energy[g, m])
        w = max(0, capacity[m] - rest)
        work[m] = w
        chips[g, m, a_n - 1] = capacity[m] - w


@njit(cache=True)
def _useful(g, power, energy, fmin, out):
    """bots._useful_skill for game g [M, E]: power [G, M, E] (skill ** exponent) times the
    energy factor fmin + (1 - fmin) * energy / 100."""
    for m in range(out.shape[0]):
        ef = fmin + (1.0 - fmin) * energy[g, m] / 100.0
        for e in range(out.shape[1]):
            out[m, e] = power[g, m, e] * ef


@njit(cache=True)
def greedy(need, invest, power, energy, fmin, capacity, alive, barred, any_barred, avoid_rest):
    """bots._greedy_numpy, one game after the other: chips [G, M, E + T + 1].

    need [G, E] and invest [G, T] float64 (not changed), power [G, M, E] skill ** exponent,
    energy [G, M], fmin the energy factor at no energy, capacity [M] int64, alive [G] bool,
    barred [E] bool (used when any_barred), avoid_rest: no chips kept for rest.
    """
    g_n, e_n = need.shape
    t_n = invest.shape[1]
    m_n = capacity.shape[0]
    chips = np.zeros((g_n, m_n, e_n + t_n + 1), dtype=np.int64)
    cap_max = 0
    for m in range(m_n):
        cap_max = max(cap_max, capacity[m])
    work = np.empty(m_n, dtype=np.int64)
    left = np.empty(e_n)
    open_need = np.empty(e_n)
    inv = np.empty(t_n)
    gain = np.empty(e_n)
    useful = np.empty((m_n, e_n))
    for g in range(g_n):
        _work(g, chips, energy, capacity, avoid_rest, work)
        if not alive[g]:
            continue
        _useful(g, power, energy, fmin, useful)
        for e in range(e_n):
            left[e] = need[g, e]
            open_need[e] = _max0(left[e])
        for t in range(t_n):
            inv[t] = invest[g, t]
        _place(g, chips, left, open_need, inv, useful, work, cap_max, barred, any_barred, gain)
    return chips
