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

from ..core.kernels import _psum


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


@njit(cache=True)
def adaptive(
    alive, meters, energy, power, traits, streak, red_tape, priority, horizon, fit,
    ev_active, ev_template, ev_option, ev_severity, ev_remaining, ev_deadline,
    n_choices, effects, swing, o_sum, o_stance, o_demand, payoff, hooks, knob_base,
    task_demand, cover_weight, trust_weight, cal_turn, cal_demand, capacity, barred, any_barred,
    priority_t, barred_t, hook_ed, hook_td, meter_ix, stance_ix, turn_ix, f, kept_need,
    kept_invest,
):  # fmt: skip
    """AdaptiveBot.decide's options and chips, one game after the other (its numpy code, bit
    for bit): options [G, S] (-1 where no dilemma is open) and chips [G, M, E + T + 1].

    The state's arrays as in the observation; `fit` [G, STANCES] the stances' fit and `power`
    [G, M, E] skill ** exponent (both numpy's, as the engine reads them); `horizon` [G] the
    foresight; the scenario's tables: n_choices [N], effects and swing [N, O, 3] and o_sum
    [N, O] (bots._option_tables), o_stance [N, O], o_demand [N, O, E], payoff [STANCES, 3],
    hooks [T, H], knob_base [H], task_demand, cover_weight, trust_weight [E]; the calendar
    entries still to come in their order: cal_turn [C], cal_demand [C, E]; capacity [M];
    barred [E] (any_barred), priority_t [T] (the study's), barred_t [T]; hook_ed, hook_td the
    knobs event_demand and task_demand; meter_ix (PV, COVER, TRUST); stance_ix (rule, always:
    -1 for none); turn_ix (current turn, turns left (at least 1), turns of the game);
    f: the float parameters (in the order of bots.AdaptiveBot._compiled_choices);
    kept_need [G, E] and kept_invest [G, T] receive the needs and the invest before the chips
    are placed (when they have G rows: for the tests).
    """
    read = f[0] > 0
    payoff_scale, tape_per_choice, tape_cost = f[1], f[2], f[3]
    urgency_read, stake_min, stake_max, task_unit = f[4], f[5], f[6], f[7]
    cover_target, cover_need, trust_target, trust_need = f[8], f[9], f[10], f[11]
    prepare, invest_base, steady, embed_streak = f[12], f[13], f[14], f[15]
    fmin, tape_demand = f[16], f[17]
    pv, cov, tru = meter_ix[0], meter_ix[1], meter_ix[2]
    rule, always = stance_ix[0], stance_ix[1]
    cur, left_turns, n_turns = turn_ix[0], turn_ix[1], turn_ix[2]
    g_n, s_n = ev_active.shape
    e_n = ev_remaining.shape[2]
    t_n = traits.shape[1]
    m_n = capacity.shape[0]
    o_n = effects.shape[1]
    c_n = cal_turn.shape[0]
    options = np.full((g_n, s_n), -1, dtype=np.int64)
    chips = np.zeros((g_n, m_n, e_n + t_n + 1), dtype=np.int64)
    cap_max = 0
    for m in range(m_n):
        cap_max = max(cap_max, capacity[m])
    work = np.empty(m_n, dtype=np.int64)
    need = np.empty(e_n)
    open_need = np.empty(e_n)
    inv = np.empty(t_n)
    gain = np.empty(e_n)
    useful = np.empty((m_n, e_n))
    rem = np.empty(e_n)
    events = np.empty(e_n)
    eff = np.empty(3)
    read_f = 1.0 if read else 0.0
    tape_share = float(left_turns)
    for g in range(g_n):
        _work(g, chips, energy, capacity, False, work)
        cover = meters[g, cov]
        trust = meters[g, tru]
        # the options (bots._choose_options with the adaptive score)
        if alive[g]:
            cw = 1.0
            tw = 1.0
            if read:
                cw = 1.0 + 2.0 * (1.0 if cover < 40 else 0.0) + 1.0 * (1.0 if cover < 55 else 0.0)
                tw = 0.8 + 1.0 * (1.0 if trust < 45 else 0.0)
            for s in range(s_n):
                if not ev_active[g, s] or ev_option[g, s] >= 0:
                    continue
                t = ev_template[g, s]
                if n_choices[t] <= 0:
                    continue
                sev = ev_severity[g, s]
                best = -np.inf
                pick = 0
                for o in range(o_n):
                    stance = o_stance[t, o]
                    for k in range(3):
                        eff[k] = effects[t, o, k] * sev
                    dem = o_sum[t, o] * sev
                    if read:
                        fe = fit[g, stance] * (sev * 1.0) * payoff_scale
                        for k in range(3):
                            eff[k] = eff[k] + fe * payoff[stance, k]
                    value = eff[pv] + cw * eff[cov] + tw * eff[tru] - 0.12 * dem
                    if read:
                        tape = (1.0 if stance == rule else 0.0) * tape_per_choice * sev
                        value = value - tape_cost * tape * tape_share / n_turns
                    if always >= 0:
                        value = value + 1e6 * (1.0 if stance == always else 0.0)
                    if o >= n_choices[t]:
                        value = -np.inf
                    if value > best:
                        best = value
                        pick = o
                options[g, s] = pick
        if not alive[g]:
            continue
        # the knobs the needs read (features.hook_multipliers, two columns)
        d_ed = 0.0
        d_td = 0.0
        for k in range(t_n):
            centred = (traits[g, k] - 50.0) / 50.0
            d_ed += centred * hooks[k, hook_ed]
            d_td += centred * hooks[k, hook_td]
        m_ed = _clip(knob_base[hook_ed] * (1.0 + d_ed), 0.05, 5.0)
        m_td = _clip(knob_base[hook_td] * (1.0 + d_td), 0.05, 5.0)
        tape_load = 1.0 + tape_demand * red_tape[g] / 100.0
        # needs: the task, the open events (after this turn's choices), and the meters
        mw1 = 1.0 + 2.0 * (1.0 if cover < 35 else 0.0) + 1.0 * (1.0 if cover < 55 else 0.0)
        mw2 = 0.7 + 0.8 * (1.0 if trust < 45 else 0.0)
        for e in range(e_n):
            if read:
                need[e] = task_demand[e] * priority[g, e] * m_td
            else:
                need[e] = task_demand[e]
        events[:] = 0.0  # add_up(remaining * (urgency * weight)[..., None], 1)
        for s in range(s_n):
            active = ev_active[g, s]
            t = ev_template[g, s] if active else 0
            chosen = options[g, s]
            o = chosen if chosen >= 0 else max(ev_option[g, s], 0)
            sev = ev_severity[g, s]
            on = 1.0 if active else 0.0
            if chosen >= 0:
                scale = sev * (m_ed * tape_load)
                for e in range(e_n):
                    rem[e] = o_demand[t, o, e] * scale * on
            else:
                for e in range(e_n):
                    rem[e] = ev_remaining[g, s, e] * on
            urgency = (urgency_read if read else 1.0) if ev_deadline[g, s] <= 1 else 1.0
            stake = 0.0
            stake += swing[t, o, 0] * 1.0
            stake += swing[t, o, 1] * mw1
            stake += swing[t, o, 2] * mw2
            stake = stake * sev
            total = _psum(rem, e_n)
            per_unit = stake / (total if total != total or total > 1.0 else 1.0)
            weight = _clip(per_unit / task_unit, stake_min, stake_max) if read else 0.7
            uw = urgency * weight
            for e in range(e_n):
                events[e] += rem[e] * uw
        low_cover = _clip((cover_target - cover) / 30.0, 0.0, 1.5) * read_f
        low_trust = _clip((trust_target - trust) / 30.0, 0.0, 1.5) * read_f
        for e in range(e_n):
            need[e] = need[e] + events[e]
            need[e] = need[e] + low_cover * cover_need * cover_weight[e]
        for e in range(e_n):
            need[e] = need[e] + low_trust * trust_need * trust_weight[e]
        for c in range(c_n):
            ahead = (cal_turn[c] - cur <= horizon[g]) and (cal_turn[c] > cur) and read
            a = 1.0 if ahead else 0.0
            for e in range(e_n):
                need[e] = need[e] + a * prepare * cal_demand[c, e]
        # organisation development, kept up once started
        for t in range(t_n):
            if barred_t[t]:
                inv[t] = -np.inf
                continue
            value = invest_base * (1.0 - traits[g, t] / 100.0) * priority_t[t]
            sustained = _min(float(streak[g, t]), embed_streak) / max(embed_streak, 1.0)
            inv[t] = value * (1.0 + steady * sustained)
        if kept_need.shape[0] == g_n:
            kept_need[g, :] = need
            kept_invest[g, :] = inv
        for e in range(e_n):
            open_need[e] = _max0(need[e])
        _useful(g, power, energy, fmin, useful)
        _place(g, chips, need, open_need, inv, useful, work, cap_max, barred, any_barred, gain)
    return options, chips
