"""Compiled per-game kernels (numba): one turn of the numpy engine, bit for bit.

`advance(scn, state, alloc)` gives the state that `engine.step` gives (without the reports), and
`reset(scn, seeds)` the state that `engine.reset` gives. Each stage is a loop over the games
that mirrors the numpy code of core/resolution.py, progression.py, scoring.py and
turbulence.py line by line, in the same order of operations and of summation (numpy's
pairwise sum along a last axis, one term after the other along a middle axis; see
`features.add_up`). The numpy engine stays the reference; tests/core/test_kernels.py compares
the two on every turn of many games.

Load this module through `core.jit.load("kernels")` only: importing it imports numba.

Every kernel is compiled with `cache=True` (kept on disk) and numpy's error model (a division
by zero gives inf or nan as in numpy, not an exception); never with fastmath, which would let
the compiler reorder or fuse the arithmetic.
"""

from __future__ import annotations

import math
import weakref
from collections import namedtuple

import numpy as np
from numba import njit

from . import rng
from .allocation import Allocation, AllocationError, allocation_problems
from .model import (
    CAUSE,
    CAUSES,
    CITIZENS,
    CONSTANTS,
    COUNCIL,
    COVER,
    EXECUTIVE,
    HOOK,
    KINDS,
    OPPORTUNITY,
    PRESS,
    PROFILE,
    PV,
    STANCE,
    THREAT,
    TRUST,
    ScenarioData,
)
from .rng import _GOLDEN, _INV53, _K_PURPOSE, _K_SLOT, _K_TURN, _M1, _M2, _S11, _S27, _S30, _S31
from .stances import campaign
from .state import ARRAYS, GameState, new_state

# ---- indices the kernels read (module globals are compile-time constants for numba)
H_TASK_VALUE = HOOK["task_value"]
H_VALUE_DECAY = HOOK["value_decay"]
H_NETWORK_VALUE = HOOK["network_value"]
H_COVER_GAIN = HOOK["cover_gain"]
H_TASK_COVER = HOOK["task_cover"]
H_TRUST_GAIN = HOOK["trust_gain"]
H_TRUST_DAMAGE = HOOK["trust_damage"]
H_THREAT_SEVERITY = HOOK["threat_severity"]
H_TEMPORAL_SEVERITY = HOOK["temporal_severity"]
H_OPPORTUNITY_GAIN = HOOK["opportunity_gain"]
H_EVENT_DEMAND = HOOK["event_demand"]
H_COORDINATION_LOSS = HOOK["coordination_loss"]
H_SKILL_GROWTH = HOOK["skill_growth"]
H_TRAIT_EROSION = HOOK["trait_erosion"]
H_FATIGUE = HOOK["fatigue"]
H_RATE0 = HOOK["rate_" + KINDS[0]]
H_RATE1 = HOOK["rate_" + KINDS[1]]
H_RATE2 = HOOK["rate_" + KINDS[2]]
H_RATE3 = HOOK["rate_" + KINDS[3]]
H_EMBEDDING = HOOK["embedding"]
H_READINESS = HOOK["readiness"]
H_COMMOTION = HOOK["commotion"]
H_TASK_DEMAND = HOOK["task_demand"]

N_CAUSES = len(CAUSES)
C_TASK_DELIVERY = CAUSE["task_delivery"]
C_VALUE_DECAY = CAUSE["value_decay"]
C_NETWORK = CAUSE["network"]
C_MANAGING_UP = CAUSE["managing_up"]
C_COVER_EROSION = CAUSE["cover_erosion"]
C_SERVING = CAUSE["serving"]
C_MANAGING_OUT = CAUSE["managing_out"]
C_TRUST_EROSION = CAUSE["trust_erosion"]
C_LASTING = CAUSE["lasting"]
C_DILEMMA = CAUSE["dilemma_choice"]
C_VALUE_FEEDBACK = CAUSE["value_feedback"]
C_RED_TAPE = CAUSE["red_tape"]
C_CAMPAIGN = CAUSE["campaign"]
C_STANCE_FIT = CAUSE["stance_fit"]
C_COMMOTION = CAUSE["commotion"]

K_TEMPORAL = KINDS.index("temporal")
K_AGENDA = KINDS.index("agenda")
K_AUTHORITY = KINDS.index("authority")
N_KINDS = len(KINDS)
S_RULE = STANCE["rule"]
S_JUDO = STANCE["judo"]
S_OUT = STANCE["out"]
P_FATIGUE = PROFILE.index("fatigue")
P_STRESS = PROFILE.index("stress")
P_GROWTH = PROFILE.index("skill_growth")
MAX_ARRIVALS = 3  # turbulence.MAX_ARRIVALS_PER_KIND (checked in pack)

R_ARRIVALS = rng.ARRIVALS
R_PICK = rng.PICK
R_SEVERITY = rng.SEVERITY
R_QUALITY = rng.QUALITY
R_ACTORS = rng.ACTORS
R_PRIORITY = rng.PRIORITY

_ONE = np.uint64(1)  # (the hashing constants are rng's: numba reads them as globals)
_TWO_PI = 2.0 * np.pi

# The engine constants by name (a named tuple of floats: `k.skill_exponent` in a kernel).
Consts = namedtuple("Consts", CONSTANTS)

# A scenario's arrays as the kernels read them (built once per scenario by `pack`).
Pack = namedtuple(
    "Pack",
    [
        "knob_base",
        "trait_hooks",
        "stance_weights",
        "stance_bias",
        "stance_payoff",
        "m_coverage",
        "capacity",
        "profile",
        "task_demand",
        "cover_weight",
        "trust_weight",
        "network_weight",
        "up_e",
        "actor_baseline",
        "actor_drift",
        "actor_noise",
        "axes",
        "t_kind",
        "t_polarity",
        "t_weight",
        "t_cooldown",
        "t_once",
        "t_spontaneous",
        "t_sev_lo",
        "t_sev_hi",
        "t_deadline",
        "t_demand",
        "t_n_options",
        "o_demand",
        "o_choose",
        "o_success",
        "o_failure",
        "o_stance",
        "b_meters",
        "b_lasting",
        "b_lasting_turns",
        "b_traits",
        "b_energy",
        "b_pressure",
        "b_follow",
        "b_traits_any",
        "b_pressure_any",
        "cal_turn",
        "cal_template",
        "base_rate",
        "escalation_rate",
        "srr",
        "cond_rows",
        "mod_rows",
        "logw",
        "expw",
        "can",
        "kp",
        "kp_kind",
        "kp_n",
        "turn_camp",
        "turn_elected",
        "turn_cal",
        "ints",
        "floats",
    ],
)
# Pack.ints: porous_trait, deadline_bonus_trait, deadline_bonus_kind, deadline_bonus_turns, n_turns,
#   foresight_trait
# Pack.floats: task_value_rate, deadline_bonus_at, skill_exponent, task_demand sum,
#   foresight_base, foresight_per_points
# Pack.turn_*: per turn number (counted from 1), the campaign depth, whether an election turns
#   the executive over, the calendar's factor on the arrival rates [K]

# The state arrays in GameState order (all but `turn`).
St = namedtuple("St", ARRAYS)


# ---------------------------------------------------------------- scalar helpers (numpy's rules)


@njit(cache=True, error_model="numpy")
def _max(a, b):
    """np.maximum(a, b) of two floats: NaN propagates."""
    if a >= b or a != a:
        return a
    return b


@njit(cache=True, error_model="numpy")
def _min(a, b):
    """np.minimum(a, b) of two floats: NaN propagates."""
    if a <= b or a != a:
        return a
    return b


@njit(cache=True, error_model="numpy")
def _clip(x, lo, hi):
    """np.clip(x, lo, hi): min(max(x, lo), hi) as numpy's clip loop does it."""
    if x != x:
        return x
    y = x if x > lo else lo
    return y if y < hi else hi


@njit(cache=True, error_model="numpy")
def _f(b):
    """A bool as the float numpy makes of it."""
    return 1.0 if b else 0.0


@njit(cache=True, error_model="numpy", inline="always")
def _zero(x):
    """x[:] = 0.0 as a plain loop (numba's slice assignment costs more than the work here)."""
    for i in range(x.shape[0]):
        x[i] = 0.0


@njit(cache=True, error_model="numpy", inline="always")
def _psum(x, n):
    """numpy's float64 sum of x[:n] along a contiguous last axis (n <= 128), from 0.0."""
    if n < 8:
        s = 0.0
        for i in range(n):
            s += x[i]
        return s
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
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for i in range(top, n):
        res += x[i]
    return 0.0 + res


@njit(cache=True, error_model="numpy", inline="always")
def _category_sums(x, cat, n_cat, lanes, out):
    """out[c] = _psum of x with every element whose category `cat` is not c taken as 0.0, for
    each category c < n_cat in one pass (cat -1: none). The same bits as _psum, for x >= +0.0
    (or NaN): a +0.0 term leaves each of its running sums as it is, so each sum adds only its
    own elements, in their lanes (`lanes` [n_cat, 8]: room for them)."""
    n = x.shape[0]
    for c in range(n_cat):
        out[c] = 0.0
    if n < 8:
        for i in range(n):
            if cat[i] >= 0:
                out[cat[i]] += x[i]
        return
    for c in range(n_cat):
        for j in range(8):
            lanes[c, j] = 0.0
    top = n - n % 8
    for i in range(top):
        if cat[i] >= 0:
            lanes[cat[i], i % 8] += x[i]
    for c in range(n_cat):
        out[c] = ((lanes[c, 0] + lanes[c, 1]) + (lanes[c, 2] + lanes[c, 3])) + (
            (lanes[c, 4] + lanes[c, 5]) + (lanes[c, 6] + lanes[c, 7])
        )
    for i in range(top, n):
        if cat[i] >= 0:
            out[cat[i]] += x[i]
    for c in range(n_cat):
        out[c] = 0.0 + out[c]


@njit(cache=True, error_model="numpy")
def _mix(x):
    x = x ^ (x >> _S30)
    x = x * _M1
    x = x ^ (x >> _S27)
    x = x * _M2
    return x ^ (x >> _S31)


@njit(cache=True, error_model="numpy")
def _hash(seed, turn, purpose, slot):
    key = _mix(seed * _GOLDEN + _GOLDEN)
    key = key ^ (np.uint64(turn + 1) * _K_TURN)
    key = _mix(key) ^ (np.uint64(purpose) * _K_PURPOSE)
    key = _mix(key ^ ((np.uint64(slot) + _ONE) * _K_SLOT))
    return _mix(key)


@njit(cache=True, error_model="numpy")
def _uniform(seed, turn, purpose, slot):
    return np.float64(_hash(seed, turn, purpose, slot) >> _S11) * _INV53


@njit(cache=True, error_model="numpy")
def _normal(seed, turn, purpose, slot):
    u1 = _uniform(seed, turn, purpose, slot)
    u2 = _uniform(seed, turn, purpose + 1000, slot)
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(_TWO_PI * u2)


@njit(cache=True, error_model="numpy")
def _spow(x, y):
    """x ** y for an array x and a Python float y, with numpy's fast paths."""
    if y == 2.0:
        return x * x
    if y == 0.5:
        return np.sqrt(x)
    if y == 1.0:
        return x
    if y == -1.0:
        return 1.0 / x
    if y == 0.0:
        return 1.0
    return x**y


@njit(cache=True, error_model="numpy", inline="always")
def _knobs(trait_hooks, knob_base, traits, g, out, centred):
    """features.hook_multipliers for game g [H] (`centred` [T]: room for each trait's
    (x - 50) / 50, worked out once rather than once per hook)."""
    nt, nh = trait_hooks.shape
    for t in range(nt):
        centred[t] = (traits[g, t] - 50.0) / 50.0
    for h in range(nh):
        acc = 0.0
        for t in range(nt):
            acc += centred[t] * trait_hooks[t, h]
        out[h] = _clip(knob_base[h] * (1.0 + acc), 0.05, 5.0)


@njit(cache=True, error_model="numpy", inline="always")
def _actor_factor(actors, g, actor, strength):
    return _max(0.2, 1.0 + strength * (actors[g, actor] - 50.0) / 50.0)


# ---------------------------------------------------------------- one turn: resolution ... scoring


@njit(cache=True, error_model="numpy")
def _resolve_all(
    p, k, s, chips, options, focus, use_first, prep, use_prep, cur, camp, elected, fits
):
    """Resolution, progression and scoring of every game, in place on the state arrays `s`."""
    # (each array read once from its tuple: reading it in a loop costs a reference count)
    pk_actor_baseline = p.actor_baseline
    pk_actor_drift = p.actor_drift
    pk_actor_noise = p.actor_noise
    pk_b_energy = p.b_energy
    pk_b_follow = p.b_follow
    pk_b_lasting = p.b_lasting
    pk_b_lasting_turns = p.b_lasting_turns
    pk_b_meters = p.b_meters
    pk_b_pressure = p.b_pressure
    pk_b_pressure_any = p.b_pressure_any
    pk_b_traits = p.b_traits
    pk_b_traits_any = p.b_traits_any
    pk_cal_template = p.cal_template
    pk_capacity = p.capacity
    pk_cover_weight = p.cover_weight
    pk_floats = p.floats
    pk_ints = p.ints
    pk_m_coverage = p.m_coverage
    pk_network_weight = p.network_weight
    pk_o_choose = p.o_choose
    pk_o_demand = p.o_demand
    pk_o_failure = p.o_failure
    pk_o_stance = p.o_stance
    pk_o_success = p.o_success
    pk_profile = p.profile
    pk_stance_bias = p.stance_bias
    pk_stance_payoff = p.stance_payoff
    pk_t_demand = p.t_demand
    pk_t_kind = p.t_kind
    pk_t_n_options = p.t_n_options
    pk_t_polarity = p.t_polarity
    pk_t_sev_hi = p.t_sev_hi
    pk_t_sev_lo = p.t_sev_lo
    pk_task_demand = p.task_demand
    pk_trait_hooks = p.trait_hooks
    pk_knob_base = p.knob_base
    pk_trust_weight = p.trust_weight
    pk_up_e = p.up_e
    sa_actors = s.actors
    sa_alive = s.alive
    sa_embedded = s.embedded
    sa_ended_because = s.ended_because
    sa_ended_turn = s.ended_turn
    sa_energy = s.energy
    sa_ev_active = s.ev_active
    sa_ev_arrived = s.ev_arrived
    sa_ev_deadline = s.ev_deadline
    sa_ev_option = s.ev_option
    sa_ev_remaining = s.ev_remaining
    sa_ev_severity = s.ev_severity
    sa_ev_template = s.ev_template
    sa_ev_total = s.ev_total
    sa_ev_uid = s.ev_uid
    sa_history = s.history
    sa_lasting = s.lasting
    sa_lasting_left = s.lasting_left
    sa_meters = s.meters
    sa_pending = s.pending
    sa_pressure = s.pressure
    sa_priority = s.priority
    sa_readiness = s.readiness
    sa_red_tape = s.red_tape
    sa_seeds = s.seeds
    sa_skills = s.skills
    sa_slips = s.slips
    sa_streak = s.streak
    sa_traits = s.traits
    sa_up_share = s.up_share
    sa_value_memory = s.value_memory
    sa_value_sum = s.value_sum
    G, S = sa_ev_active.shape
    E = pk_task_demand.shape[0]
    T = pk_trait_hooks.shape[0]
    H = pk_trait_hooks.shape[1]
    M = pk_capacity.shape[0]
    A = sa_actors.shape[1]
    L = sa_lasting.shape[1]
    NST = pk_stance_bias.shape[0]
    C = prep.shape[1]
    turn = cur - 1
    n_turns = pk_ints[4]
    skill_exp = pk_floats[2]

    mult = np.empty(H)
    centred = np.empty(T)
    active = np.zeros(S, np.bool_)
    act = np.zeros(S, np.int64)  # the active slots in order (act[:n_act])
    tmpl = np.zeros(S, np.int64)
    sev = np.zeros(S)
    chosen = np.zeros(S, np.bool_)
    option = np.zeros(S, np.int64)
    opt = np.zeros(S, np.int64)
    total = np.zeros((S, E))
    remaining = np.zeros((S, E))
    c_met = np.zeros((S, 3))
    c_last = np.zeros((S, 3))
    c_last_t = np.zeros(S, np.int64)
    traits_eff = np.zeros(T)
    press = np.zeros(N_KINDS)
    buf = np.zeros(max(S, E, M, 8))
    en_c = np.zeros(S)
    en_s = np.zeros(S)
    en_f = np.zeros(S)
    stance = np.zeros(S, np.int64)
    fit = np.zeros(NST)
    contrib = np.zeros((N_CAUSES + S, 3))
    coverage = np.zeros(E)
    ef = np.zeros(M)
    claims = np.zeros((S, E))
    d = np.zeros(E)
    first = np.zeros(S, np.bool_)
    first_claims = np.zeros((S, E))
    first_got = np.zeros((S, E))
    to_prepare = np.zeros(E)
    ready = np.zeros(E)
    coverage_left = np.zeros(E)
    claims_left = np.zeros((S, E))
    frac = np.zeros(E)
    event_got = np.zeros((S, E))
    task_got = np.zeros(E)
    excess = np.zeros(E)
    tot = np.zeros(S)
    handled_before = np.zeros(S)
    handled = np.zeros(S)
    deadline = np.zeros(S, np.int64)
    resolved = np.zeros(S, np.bool_)
    q = np.zeros(S)
    good = np.zeros(S, np.bool_)
    bad = np.zeros(S, np.bool_)
    b_s = np.zeros(S, np.int64)
    b_f = np.zeros(S, np.int64)
    s_met = np.zeros((S, 3))
    f_met = np.zeros((S, 3))
    s_last_t = np.zeros(S, np.int64)
    f_last_t = np.zeros(S, np.int64)
    age = np.zeros(S, np.int64)
    kind = np.zeros(S, np.int64)
    ev_met = np.zeros((S, 3))
    new_last = np.zeros((S, 3))
    new_last_t = np.zeros(S, np.int64)
    escalated = np.zeros(S, np.bool_)
    follow = np.zeros(S, np.int64)
    raw = np.zeros(3)
    after = np.zeros(3)
    keep = np.zeros(S, np.bool_)
    ready_eff = np.zeros(E)
    per_member = np.zeros(M, np.int64)
    working = np.zeros(M, np.int64)
    new_energy = np.zeros(M)
    worked = np.zeros(T, np.bool_)
    new_streak = np.zeros(T, np.int64)
    embedded = np.zeros(T)
    traits_new = np.zeros(T)
    actors = np.zeros(A)
    draw = np.zeros(E)
    mixed = np.zeros(E)
    s_traits = np.zeros(T)
    f_traits = np.zeros(T)
    s_press = np.zeros(N_KINDS)
    f_press = np.zeros(N_KINDS)
    B = pk_b_meters.shape[0]

    for g in range(G):
        alive = sa_alive[g]
        af = _f(alive)
        ai = 1 if alive else 0
        seed = sa_seeds[g]
        _knobs(pk_trait_hooks, pk_knob_base, sa_traits, g, mult, centred)
        load = 1.0 + k.red_tape_demand * sa_red_tape[g] / 100.0
        for c in range(N_CAUSES + S):
            contrib[c, 0] = contrib[c, 1] = contrib[c, 2] = 0.0
        # A slot that is not active adds nothing to any sum below (its claims are +0.0, which
        # leaves a sum from 0.0 as it is) and is cleared at the end: its per-expectation work
        # is skipped and its rows are left unset.
        n_act = 0
        for i in range(S):
            active[i] = sa_ev_active[g, i] and alive
            if active[i]:
                act[n_act] = i
                n_act += 1
            tmpl[i] = sa_ev_template[g, i] if active[i] else 0
            sev[i] = sa_ev_severity[g, i]
            chosen[i] = (
                active[i]
                and sa_ev_option[g, i] < 0
                and options[g, i] >= 0
                and pk_t_n_options[tmpl[i]] > 0
            )
            option[i] = options[g, i] if chosen[i] else sa_ev_option[g, i]
            opt[i] = max(option[i], 0)
            stance[i] = pk_o_stance[tmpl[i], opt[i]]
            if not active[i]:
                continue
            scale = sev[i] * (mult[H_EVENT_DEMAND] * load)
            for e in range(E):
                if chosen[i]:
                    total[i, e] = pk_o_demand[tmpl[i], opt[i], e] * scale
                    ahead = sa_ev_total[g, i, e] - sa_ev_remaining[g, i, e]
                    remaining[i, e] = _max(0.0, total[i, e] - ahead)
                else:
                    total[i, e] = sa_ev_total[g, i, e]
                    remaining[i, e] = sa_ev_remaining[g, i, e]
        # the option's own effects (apply_bundles with sev where chosen)
        _zero(traits_eff)
        _zero(press)
        for i in range(S):
            c_met[i, 0] = c_met[i, 1] = c_met[i, 2] = 0.0
            c_last[i, 0] = c_last[i, 1] = c_last[i, 2] = 0.0
            c_last_t[i] = 0
            en_c[i] = 0.0
            if chosen[i]:
                b = pk_o_choose[tmpl[i], opt[i]]
                if b < 0:
                    b += B
                for j in range(3):
                    c_met[i, j] = pk_b_meters[b, j] * sev[i]
                    c_last[i, j] = pk_b_lasting[b, j] * sev[i]
                c_last_t[i] = pk_b_lasting_turns[b]
                if pk_b_traits_any[b]:
                    for t in range(T):
                        traits_eff[t] += pk_b_traits[b, t] * sev[i]
                if pk_b_energy[b] != 0:
                    en_c[i] = pk_b_energy[b] * sev[i]
                if pk_b_pressure_any[b]:
                    for kk in range(N_KINDS):
                        press[kk] += pk_b_pressure[b, kk] * sev[i]
        c_energy = _psum(en_c, S)
        # stance fit (stances.stance_fit, fit_effects)
        for st in range(NST):  # tanh applied before the call (see advance)
            fit[st] = fits[g, st]
        for j in range(3):
            acc = 0.0
            for i in range(S):
                fe = fit[stance[i]] * (sev[i] * _f(chosen[i])) * k.stance_payoff_scale
                acc += fe * pk_stance_payoff[stance[i], j]
            contrib[C_STANCE_FIT, j] = acc
        for i in range(S):
            buf[i] = (_f(chosen[i] and stance[i] == S_RULE) * sev[i]) * k.red_tape_per_choice
        red_tape_eff = _psum(buf, S)
        for i in range(S):
            eng = chosen[i] and (stance[i] == S_JUDO or stance[i] == S_OUT)
            buf[i] = _f(eng) * sev[i] * fit[stance[i]]
        cit_a = _psum(buf, S)
        for i in range(S):
            buf[i] = _f(chosen[i] and stance[i] == S_RULE) * sev[i]
        citizens = k.citizens_per_judo * cit_a - k.citizens_per_rule * _psum(buf, S)
        for j in range(3):
            acc = 0.0
            for i in range(S):
                acc += c_met[i, j]
            contrib[C_DILEMMA, j] = acc

        # coverage (coverage_of)
        fmin = k.energy_factor_min
        for m in range(M):
            ef[m] = fmin + (1.0 - fmin) * sa_energy[g, m] / 100.0
        coord = _clip(1.0 - k.coordination_loss * mult[H_COORDINATION_LOSS], 0.0, 1.0)
        for e in range(E):
            acc = 0.0
            for m in range(M):
                c = chips[g, m, e] * ai
                if c != 0:  # (a zero term adds nothing to a sum that starts from 0.0)
                    sk = _spow(sa_skills[g, m, e], skill_exp)
                    acc += np.float64(c) * sk * ef[m] * pk_m_coverage[m, e]
            coverage[e] = acc * coord
        for i in range(S):
            for e in range(E):
                claims[i, e] = remaining[i, e] if active[i] else 0.0
        for e in range(E):
            d[e] = pk_task_demand[e] * sa_priority[g, e] * mult[H_TASK_DEMAND]
        if use_first or use_prep:
            for i in range(S):
                first[i] = focus[g, i] and active[i] if use_first else False
            for e in range(E):
                to_prepare[e] = 0.0
            if use_prep:
                for e in range(E):
                    acc = 0.0
                    for c in range(C):
                        if prep[g, c]:
                            t = pk_cal_template[c]
                            acc += pk_t_demand[t, e] * (0.5 * (pk_t_sev_lo[t] + pk_t_sev_hi[t]))
                    to_prepare[e] = _max(0.0, acc - sa_readiness[g, e])
            for e in range(E):
                acc = 0.0
                for a in range(n_act):
                    i = act[a]
                    first_claims[i, e] = claims[i, e] if first[i] else 0.0
                    acc += first_claims[i, e]
                fc = acc + to_prepare[e]
                ff = _min(1.0, coverage[e] / _max(fc, 1e-12)) if fc > 0 else 0.0
                acc = 0.0
                for a in range(n_act):
                    i = act[a]
                    first_got[i, e] = first_claims[i, e] * ff
                    acc += first_got[i, e]
                prepared = to_prepare[e] * ff
                ready[e] = k.readiness_rate * mult[H_READINESS] * prepared
                coverage_left[e] = _max(0.0, coverage[e] - acc - prepared)
                for a in range(n_act):
                    i = act[a]
                    claims_left[i, e] = 0.0 if first[i] else claims[i, e]
        else:
            for e in range(E):
                coverage_left[e] = coverage[e]
                ready[e] = 0.0
                for a in range(n_act):
                    i = act[a]
                    claims_left[i, e] = claims[i, e]
                    first_got[i, e] = 0.0
        for e in range(E):
            acc = 0.0
            for a in range(n_act):
                acc += claims_left[act[a], e]
            tc = d[e] + acc
            frac[e] = _min(1.0, coverage_left[e] / _max(tc, 1e-12)) if tc > 0 else 0.0
            for a in range(n_act):
                i = act[a]
                event_got[i, e] = claims_left[i, e] * frac[e] + first_got[i, e]
            task_got[e] = d[e] * frac[e]
            excess[e] = _max(0.0, coverage_left[e] - tc)

        # events: progress, resolution, outcomes
        for i in range(S):
            if active[i]:  # (rows added up from `buf`: a row view would cost reference counts)
                for e in range(E):
                    buf[e] = total[i, e]
                tot[i] = _psum(buf, E)
                for e in range(E):
                    buf[e] = remaining[i, e]
                left = _psum(buf, E)
                handled_before[i] = 1.0 - left / _max(tot[i], 1e-12) if tot[i] > 0 else 1.0
                for e in range(E):
                    remaining[i, e] = _max(0.0, remaining[i, e] - event_got[i, e])
                    buf[e] = remaining[i, e]
                left = _psum(buf, E)
                handled[i] = 1.0 - left / _max(tot[i], 1e-12) if tot[i] > 0 else 1.0
            deadline[i] = sa_ev_deadline[g, i] - (1 if active[i] else 0)
            resolved[i] = active[i] and (handled[i] >= 0.999 or deadline[i] <= 0)
            if resolved[i]:
                noise = _normal(seed, cur, R_QUALITY, max(sa_ev_uid[g, i], 0))
                q[i] = _clip(handled[i] + k.quality_noise * noise, 0.0, 1.0)
            else:
                q[i] = 0.0
            good[i] = resolved[i] and q[i] >= k.success_threshold
            bad[i] = resolved[i] and not good[i]
            b_s[i] = pk_o_success[tmpl[i], opt[i]]
            b_f[i] = pk_o_failure[tmpl[i], opt[i]]
            if b_s[i] < 0:
                b_s[i] += B
            if b_f[i] < 0:
                b_f[i] += B
        for i in range(S):
            s_met[i, 0] = s_met[i, 1] = s_met[i, 2] = 0.0
            f_met[i, 0] = f_met[i, 1] = f_met[i, 2] = 0.0
            s_last_t[i] = 0
            f_last_t[i] = 0
            en_s[i] = 0.0
            en_f[i] = 0.0
        # traits and pressure: each bundle's slots in order (add_rows), success then failure
        _zero(s_traits)
        _zero(f_traits)
        _zero(s_press)
        _zero(f_press)
        for i in range(S):
            if resolved[i]:
                ks = sev[i] * q[i]
                kf = sev[i] * (1.0 - q[i])
                bs = b_s[i]
                bf = b_f[i]
                for j in range(3):
                    s_met[i, j] = pk_b_meters[bs, j] * ks
                    f_met[i, j] = pk_b_meters[bf, j] * kf
                s_last_t[i] = pk_b_lasting_turns[bs]
                f_last_t[i] = pk_b_lasting_turns[bf]
                if pk_b_traits_any[bs]:
                    for t in range(T):
                        s_traits[t] += pk_b_traits[bs, t] * ks
                if pk_b_traits_any[bf]:
                    for t in range(T):
                        f_traits[t] += pk_b_traits[bf, t] * kf
                if pk_b_energy[bs] != 0:
                    en_s[i] = pk_b_energy[bs] * ks
                if pk_b_energy[bf] != 0:
                    en_f[i] = pk_b_energy[bf] * kf
                if pk_b_pressure_any[bs]:
                    for kk in range(N_KINDS):
                        s_press[kk] += pk_b_pressure[bs, kk] * ks
                if pk_b_pressure_any[bf]:
                    for kk in range(N_KINDS):
                        f_press[kk] += pk_b_pressure[bf, kk] * kf
        s_energy = _psum(en_s, S)
        f_energy = _psum(en_f, S)
        for i in range(S):
            age[i] = max(0, cur - sa_ev_arrived[g, i])
            kind[i] = pk_t_kind[tmpl[i]]
            if resolved[i]:  # (the success effects of a slot that did not resolve are zero)
                fade = k.temporal_fade ** np.float64(age[i]) if kind[i] == K_TEMPORAL else 1.0
                fade = fade * (
                    k.opportunity_fade ** np.float64(age[i]) if kind[i] == K_AGENDA else 1.0
                )
                for j in range(3):
                    if s_met[i, j] > 0:
                        s_met[i, j] = s_met[i, j] * fade
            for j in range(3):
                ev_met[i, j] = s_met[i, j] + f_met[i, j]
                if pk_t_polarity[tmpl[i]] == OPPORTUNITY and ev_met[i, j] > 0:
                    ev_met[i, j] = ev_met[i, j] * mult[H_OPPORTUNITY_GAIN]
        for e in range(E):
            buf[e] = coverage[e] * pk_cover_weight[e]
        up = _psum(buf, E)
        shield = 1.0 / (1.0 + up / k.cover_shield)
        amp = _actor_factor(sa_actors, g, PRESS, k.press_amplify)
        council = _actor_factor(sa_actors, g, COUNCIL, k.council_cover)
        slip_w = 1.0 + k.slip_memory * (1.0 - np.exp(-sa_slips[g] / 10.0))
        trust_dmg = mult[H_TRUST_DAMAGE] * slip_w * k.trust_fall
        for i in range(S):
            if ev_met[i, COVER] < 0:
                ev_met[i, COVER] = ev_met[i, COVER] * shield
            for j in range(3):
                if ev_met[i, j] < 0:
                    ev_met[i, j] = ev_met[i, j] * amp
            if ev_met[i, COVER] < 0:
                ev_met[i, COVER] = ev_met[i, COVER] * council
            if ev_met[i, TRUST] < 0:
                ev_met[i, TRUST] = ev_met[i, TRUST] * trust_dmg
            else:
                ev_met[i, TRUST] = ev_met[i, TRUST] * k.trust_rise
            for j in range(3):
                contrib[N_CAUSES + i, j] = ev_met[i, j]
            # lasting effects follow the outcome that dominated, at full strength
            for j in range(3):
                v = 0.0
                if good[i]:
                    v = pk_b_lasting[b_s[i], j]
                elif bad[i]:
                    v = pk_b_lasting[b_f[i], j]
                new_last[i, j] = v * sev[i]
            new_last_t[i] = s_last_t[i] if good[i] else (f_last_t[i] if bad[i] else 0)
            escalated[i] = bad[i] and pk_t_polarity[tmpl[i]] == THREAT
        for i in range(S):
            opening = active[i] and kind[i] == K_TEMPORAL and pk_t_polarity[tmpl[i]] == THREAT
            buf[i] = 0.0  # (a zero term, whatever its sign, leaves numpy's sum as it is)
            if opening:
                buf[i] = (
                    sev[i]
                    * (1.0 - 0.5 * (handled_before[i] + handled[i]))
                    * k.commotion
                    * k.commotion_fade ** np.float64(age[i])
                )
        commotion = _psum(buf, S) * mult[H_COMMOTION]
        contrib[C_COMMOTION, TRUST] = -commotion
        contrib[C_COMMOTION, COVER] = -commotion * k.commotion_cover
        for i in range(S):
            buf[i] = _f(escalated[i] and kind[i] == K_AUTHORITY) * sev[i] * k.slip_per_severity
        slips_eff = _psum(buf, S)
        for kk in range(N_KINDS):
            press[kk] = press[kk] + s_press[kk] + f_press[kk]
        for kk in range(N_KINDS):
            for i in range(S):
                esc = k.escalation_per_severity * sev[i] if escalated[i] else 0.0
                buf[i] = esc * _f(kind[i] == kk)
            press[kk] += _psum(buf, S)
        for i in range(S):
            if good[i]:
                follow[i] = pk_b_follow[b_s[i]]
            elif bad[i]:
                follow[i] = pk_b_follow[b_f[i]]
            else:
                follow[i] = -1
            bc = pk_o_choose[tmpl[i], opt[i]]
            if bc < 0:
                bc += B
            if chosen[i] and pk_b_follow[bc] >= 0 and not resolved[i]:
                follow[i] = pk_b_follow[bc]
            if follow[i] >= 0:
                sa_pending[g, follow[i]] = True

        # the central task and the drift of the meters
        pv = sa_meters[g, PV]
        trust = sa_meters[g, TRUST]
        cover = sa_meters[g, COVER]
        d_sum = _max(_psum(d, E), 1e-12)
        fulfil = _psum(task_got, E) / d_sum
        floor = k.task_floor
        for e in range(E):
            ratio = task_got[e] / _max(d[e], 1e-12) if d[e] > 0 else 1.0
            buf[e] = np.log(floor + (1.0 - floor) * ratio) * d[e]
        balance = np.exp(_psum(buf, E) / d_sum)
        for e in range(E):
            buf[e] = excess[e] * _f(d[e] > 0)
        ex_task = _psum(buf, E) / d_sum
        delivery = balance + k.excess_bonus * np.log1p(ex_task)
        tb = k.trust_base
        legit = tb + (1.0 - tb) * trust / 100.0
        contrib[C_TASK_DELIVERY, PV] = pk_floats[0] * delivery * mult[H_TASK_VALUE] * legit * af
        contrib[C_VALUE_DECAY, PV] = -k.value_decay * pv * mult[H_VALUE_DECAY] * af
        for e in range(E):
            buf[e] = coverage[e] * pk_network_weight[e]
        net = _psum(buf, E)
        gate = _clip((cover - k.cover_gate) / max(k.cover_gate_width, 1e-9), 0.0, 1.0)
        contrib[C_NETWORK, PV] = (
            k.network_value
            * (1.0 - np.exp(-net / k.network_scale))
            * mult[H_NETWORK_VALUE]
            * gate
            * _actor_factor(sa_actors, g, CITIZENS, k.citizens_network)
            * af
        )
        served_up = 1.0 - np.exp(-up / k.cover_scale)
        contrib[C_MANAGING_UP, COVER] = k.cover_gain * served_up * mult[H_COVER_GAIN] * af
        contrib[C_COVER_EROSION, COVER] = (
            -(k.cover_erosion + k.cover_erosion_rate * cover)
            * _actor_factor(sa_actors, g, EXECUTIVE, -k.executive_erosion)
            * af
        )
        contrib[C_SERVING, COVER] = k.task_cover * fulfil * mult[H_TASK_COVER] * af
        for e in range(E):
            buf[e] = coverage[e] * pk_trust_weight[e]
        out = _psum(buf, E)
        contrib[C_MANAGING_OUT, TRUST] = (
            k.trust_gain
            * (1.0 - np.exp(-out / k.trust_scale))
            * mult[H_TRUST_GAIN]
            * k.trust_rise
            / slip_w
            * af
        )
        contrib[C_TRUST_EROSION, TRUST] = -(k.trust_erosion + k.trust_erosion_rate * trust) * af
        remembered = (sa_value_memory[g] - k.value_pivot) / 50.0
        contrib[C_VALUE_FEEDBACK, TRUST] = k.value_trust * remembered * af
        contrib[C_VALUE_FEEDBACK, COVER] = k.value_cover * remembered * af
        contrib[C_RED_TAPE, TRUST] = -k.red_tape_trust * sa_red_tape[g] / 100.0 * af
        contrib[C_CAMPAIGN, COVER] = (-k.campaign_erosion * camp) * af

        # lasting effects already running
        for j in range(3):
            acc = 0.0
            for li in range(L):
                acc += sa_lasting[g, li, j] * _f(sa_lasting_left[g, li] > 0 and alive)
            contrib[C_LASTING, j] = acc
        for li in range(L):
            if sa_lasting_left[g, li] > 0 and alive:
                sa_lasting_left[g, li] -= 1
        for pass_ in range(2):
            for i in range(S):
                turns = c_last_t[i] if pass_ == 0 else new_last_t[i]
                if turns > 0:
                    slot = -1
                    for li in range(L):
                        if sa_lasting_left[g, li] <= 0:
                            slot = li
                            break
                    if slot >= 0:
                        for j in range(3):
                            sa_lasting[g, slot, j] = c_last[i, j] if pass_ == 0 else new_last[i, j]
                        sa_lasting_left[g, slot] = turns

        # soft limits
        soft = max(k.soft_limit, 1e-9)
        lo = soft
        hi = 100.0 - soft
        for j in range(3):
            acc = 0.0
            for c in range(N_CAUSES + S):
                acc += contrib[c, j]
            before = sa_meters[g, j]
            raw[j] = before + acc
            delta = raw[j] - before
            mm = _clip(before, 1e-300, 100.0 - 1e-12)
            if delta == 0:
                res = before
            elif delta > 0:
                up_from = hi - soft * np.log(_max(100.0 - mm, 1e-300) / soft) if mm > hi else mm
                up_x = up_from + delta
                res = 100.0 - soft * np.exp(_min(hi - up_x, 0.0) / soft) if up_x > hi else up_x
            else:
                if j == COVER and delta < 0:
                    res = _max(raw[j], 0.0)
                else:
                    down_from = lo + soft * np.log(_max(mm, 1e-300) / soft) if mm < lo else mm
                    down_x = down_from + delta
                    res = soft * np.exp(_min(down_x - lo, 0.0) / soft) if down_x < lo else down_x
            after[j] = _clip(res, 0.0, 100.0)

        # the new event slots
        for i in range(S):
            keep[i] = active[i] and not resolved[i]
            kp = keep[i]
            sa_ev_active[g, i] = kp
            for e in range(E):
                sa_ev_total[g, i, e] = total[i, e] if kp else 0.0
                sa_ev_remaining[g, i, e] = remaining[i, e] if kp else 0.0
            sa_ev_deadline[g, i] = deadline[i] if kp else 0
            sa_ev_option[g, i] = option[i] if kp else -1
            if not kp:
                sa_ev_template[g, i] = -1
                sa_ev_uid[g, i] = -1
                sa_ev_arrived[g, i] = -1
            sa_ev_severity[g, i] = sev[i] if kp else 0.0
        for j in range(3):
            sa_meters[g, j] = after[j]
        for t in range(T):
            traits_eff[t] = traits_eff[t] + s_traits[t] + f_traits[t]
        energy_eff = c_energy + s_energy + f_energy
        for i in range(S):
            buf[i] = _f(escalated[i]) * sev[i]
        failures = _psum(buf, S)
        for e in range(E):
            ready_eff[e] = ready[e] * af

        # ---- progression (on the state after resolution)
        for m in range(M):
            pm = 0
            for e in range(E):
                pm += chips[g, m, e] * ai
            wt = 0
            for t in range(T):
                wt += chips[g, m, E + t] * ai
            per_member[m] = pm
            working[m] = pm + wt
        for i in range(S):
            buf[i] = sa_ev_severity[g, i] * _f(sa_ev_active[g, i])
        open_load = _psum(buf, S)
        for m in range(M):
            rest = max(0, pk_capacity[m] - working[m])
            de = (
                -k.fatigue_per_chip
                * np.float64(working[m])
                * mult[H_FATIGUE]
                * pk_profile[m, P_FATIGUE]
                + k.recovery_per_rest * np.float64(rest)
                + k.recovery_base
                - k.stress_per_severity * open_load * pk_profile[m, P_STRESS]
                + energy_eff
            ) * af
            new_energy[m] = _clip(sa_energy[g, m] + de, 0.0, 100.0)
        for m in range(M):
            for e in range(E):
                sk = sa_skills[g, m, e]
                growth = (
                    k.skill_growth
                    * np.float64(chips[g, m, e] * ai)
                    * (5.0 - sk)
                    / 5.0
                    * mult[H_SKILL_GROWTH]
                    * pk_profile[m, P_GROWTH]
                )
                sa_skills[g, m, e] = _clip(sk + growth * af, 0.0, 5.0)
        es = k.embed_streak
        all_work = 0
        for m in range(M):
            all_work += per_member[m]
        up_work = 0
        for m in range(M):
            for e in range(E):
                if pk_up_e[e]:
                    up_work += chips[g, m, e] * ai
        share = np.float64(up_work) / np.float64(max(all_work, 1)) if all_work > 0 else 0.0
        up_share = sa_up_share[g] + 0.5 * (share - sa_up_share[g])
        rt = sa_red_tape[g]
        for t in range(T):
            acc = 0.0
            wc = 0
            for m in range(M):
                w = chips[g, m, E + t] * ai
                acc += np.float64(w) * ef[m]
                wc += w
            tr = sa_traits[g, t]
            emb = sa_embedded[g, t]
            built = k.trait_gain_per_chip * acc * (1.0 - tr / 100.0)
            worked[t] = wc > 0
            new_streak[t] = sa_streak[g, t] + 1 if worked[t] and alive else 0
            sustained = np.float64(min(np.float64(new_streak[t]), es)) / max(es, 1.0)
            sustained = sustained * sustained
            gp = _max(0.0, tr - emb)
            embed = k.embed_rate * sustained * gp * mult[H_EMBEDDING]
            eroded = -k.trait_erosion * _max(0.0, emb - k.trait_floor)
            eroded = eroded * mult[H_TRAIT_EROSION]
            fallback = -k.practice_fallback * gp * _f(not worked[t])
            closing = 0.0
            if t == pk_ints[0]:
                closing = -(
                    k.red_tape_porous * rt / 100.0
                    + k.oyster_rate * _max(0.0, up_share - k.oyster_share)
                )
            built = built * af
            eroded = eroded * af
            embedded[t] = _clip(emb + (embed + eroded + closing) * af + traits_eff[t], 0.0, 100.0)
            tn = _clip(tr + built + (fallback + eroded + closing) * af + traits_eff[t], 0.0, 100.0)
            traits_new[t] = _max(tn, embedded[t])
        red_tape = _clip(rt * (1.0 - k.red_tape_decay) + red_tape_eff, 0.0, 100.0)
        slips = sa_slips[g] * (1.0 - k.slip_decay) + slips_eff
        memory = sa_value_memory[g] + k.value_memory_rate * (sa_meters[g, PV] - sa_value_memory[g])
        for kk in range(N_KINDS):
            sa_pressure[g, kk] = _max(
                sa_pressure[g, kk] * (1.0 - k.pressure_decay) + press[kk], 0.0
            )
        oyster = k.oyster_energy * _max(0.0, up_share - k.oyster_share) * af
        for m in range(M):
            new_energy[m] = _clip(new_energy[m] - oyster, 0.0, 100.0)
        # move_actors
        for a in range(A):
            noise = _normal(seed, cur, R_ACTORS, a) * pk_actor_noise[a]
            push = 0.0
            if a == PRESS:
                push = k.press_per_failure * failures
            elif a == EXECUTIVE:
                push = (
                    k.executive_per_delivery * (balance - k.executive_content)
                    - k.executive_per_failure * failures
                    + k.executive_per_up * served_up
                )
            elif a == CITIZENS:
                push = citizens
            elif a == COUNCIL:
                push = k.council_per_press * (sa_actors[g, PRESS] - pk_actor_baseline[PRESS])
                push += k.council_campaign * camp * pk_actor_drift[COUNCIL]
            v = (
                sa_actors[g, a]
                + pk_actor_drift[a] * (pk_actor_baseline[a] - sa_actors[g, a])
                + push
                + noise
            )
            actors[a] = _clip(v, 0.0, 100.0)
        if elected:
            turnover = k.election_turnover
            actors[EXECUTIVE] = (1.0 - turnover) * actors[EXECUTIVE] + turnover * 40.0
            for e in range(E):
                draw[e] = _normal(seed, cur, R_PRIORITY, e)
                fresh = np.exp(k.priority_spread * draw[e])
                mixed[e] = (1.0 - turnover) * sa_priority[g, e] + turnover * fresh
                buf[e] = mixed[e] * pk_task_demand[e]
            den = _max(_psum(buf, E), 1e-12)
        for t in range(T):
            sa_traits[g, t] = traits_new[t]
            sa_embedded[g, t] = embedded[t]
            if alive:
                sa_streak[g, t] = new_streak[t]
        for m in range(M):
            sa_energy[g, m] = new_energy[m]
        if alive:
            sa_red_tape[g] = red_tape
            sa_slips[g] = slips
            sa_value_memory[g] = memory
            sa_up_share[g] = up_share
            for a in range(A):
                sa_actors[g, a] = actors[a]
            if elected:
                for e in range(E):
                    sa_priority[g, e] = mixed[e] * pk_floats[3] / den
            for e in range(E):
                sa_readiness[g, e] = sa_readiness[g, e] * (1.0 - k.readiness_decay) + ready_eff[e]

        # ---- scoring
        turn1 = turn + 1
        if alive:
            for j in range(3):
                sa_history[g, turn1, j] = sa_meters[g, j]
        sa_value_sum[g] = sa_value_sum[g] + (sa_meters[g, PV] if alive else 0.0)
        for m in range(M):
            buf[m] = sa_energy[g, m]
        team = _psum(buf, M) / M
        burnout = alive and team <= k.burnout_level
        lost = alive and sa_meters[g, COVER] <= 0.0
        done = alive and turn1 >= n_turns
        if done:
            sa_ended_because[g] = 1
        if burnout:
            sa_ended_because[g] = 3
        if lost:
            sa_ended_because[g] = 2
        if alive and (lost or burnout or done):
            for tt in range(turn1 + 1, sa_history.shape[1]):
                for j in range(3):
                    sa_history[g, tt, j] = sa_meters[g, j]
            sa_ended_turn[g] = turn1
            sa_alive[g] = False


# ---------------------------------------------------------------- turbulence


@njit(cache=True, error_model="numpy")
def _spawn(pk, sa, g, mult, load, cur, t, sev_u, prepared, open_):
    """Template t arrives in game g's first free slot (if any). `pk`, `sa`: the arrays of the pack
    and the state it reads and writes, one by one (each array of a tuple passed in would cost a
    reference count on every call)."""
    (
        pk_t_kind,
        pk_t_sev_lo,
        pk_t_sev_hi,
        pk_t_polarity,
        pk_ints,
        pk_floats,
        pk_t_demand,
        pk_t_deadline,
    ) = pk
    (
        sa_ev_active,
        sa_traits,
        sa_ev_template,
        sa_ev_uid,
        sa_next_uid,
        sa_ev_severity,
        sa_ev_total,
        sa_readiness,
        sa_ev_remaining,
        sa_ev_deadline,
        sa_ev_option,
        sa_ev_arrived,
        sa_fired,
        sa_last_fired,
        sa_events_by_kind,
    ) = sa
    S = sa_ev_active.shape[1]
    E = pk_t_demand.shape[1]
    si = -1
    for i in range(S):
        if not sa_ev_active[g, i]:
            si = i
            break
    if si < 0:
        return
    kind = pk_t_kind[t]
    sev = pk_t_sev_lo[t] + sev_u * (pk_t_sev_hi[t] - pk_t_sev_lo[t])
    sev = sev * (mult[H_THREAT_SEVERITY] if pk_t_polarity[t] == THREAT else 1.0)
    sev = sev * (mult[H_TEMPORAL_SEVERITY] if kind == K_TEMPORAL else 1.0)
    bonus = kind == pk_ints[2] and sa_traits[g, pk_ints[1]] >= pk_floats[1]
    scale = sev * mult[H_EVENT_DEMAND] * load
    sa_ev_active[g, si] = True
    sa_ev_template[g, si] = t
    sa_ev_uid[g, si] = sa_next_uid[g]
    sa_next_uid[g] += 1
    sa_ev_severity[g, si] = sev
    for e in range(E):
        demand = pk_t_demand[t, e] * scale
        sa_ev_total[g, si, e] = demand
        if prepared:
            used = _min(sa_readiness[g, e], demand)
            sa_readiness[g, e] -= used
            sa_ev_remaining[g, si, e] = demand - used
        else:
            sa_ev_remaining[g, si, e] = demand
    sa_ev_deadline[g, si] = pk_t_deadline[t] + (pk_ints[3] if bonus else 0)
    sa_ev_option[g, si] = -1
    sa_ev_arrived[g, si] = cur
    sa_fired[g, t] += 1
    sa_last_fired[g, t] = cur
    open_[t] = True
    sa_events_by_kind[g, kind] += 1


@njit(cache=True, error_model="numpy")
def _turbulence_all(p, k, s, cur, cal):
    """turbulence.turbulence for every game, in place; `cal` [K] is the turn's calendar factor."""
    # (each array read once from its tuple: reading it in a loop costs a reference count)
    pk_base_rate = p.base_rate
    pk_cal_template = p.cal_template
    pk_cal_turn = p.cal_turn
    pk_can = p.can
    pk_capacity = p.capacity
    pk_cond_rows = p.cond_rows
    pk_escalation_rate = p.escalation_rate
    pk_expw = p.expw
    pk_kp = p.kp
    pk_kp_kind = p.kp_kind
    pk_kp_n = p.kp_n
    pk_logw = p.logw
    pk_mod_rows = p.mod_rows
    pk_srr = p.srr
    pk_t_cooldown = p.t_cooldown
    pk_t_kind = p.t_kind
    pk_t_once = p.t_once
    pk_trait_hooks = p.trait_hooks
    pk_knob_base = p.knob_base
    sa_alive = s.alive
    sa_energy = s.energy
    sa_ev_active = s.ev_active
    sa_ev_template = s.ev_template
    sa_fired = s.fired
    sa_last_fired = s.last_fired
    sa_meters = s.meters
    sa_pending = s.pending
    sa_pressure = s.pressure
    sa_red_tape = s.red_tape
    sa_seeds = s.seeds
    sa_traits = s.traits
    # what _spawn reads and writes, its arrays only
    spawn_p = (
        p.t_kind,
        p.t_sev_lo,
        p.t_sev_hi,
        p.t_polarity,
        p.ints,
        p.floats,
        p.t_demand,
        p.t_deadline,
    )
    spawn_s = (
        s.ev_active,
        s.traits,
        s.ev_template,
        s.ev_uid,
        s.next_uid,
        s.ev_severity,
        s.ev_total,
        s.readiness,
        s.ev_remaining,
        s.ev_deadline,
        s.ev_option,
        s.ev_arrived,
        s.fired,
        s.last_fired,
        s.events_by_kind,
    )
    G, S = sa_ev_active.shape
    T = pk_trait_hooks.shape[0]
    H = pk_trait_hooks.shape[1]
    M = pk_capacity.shape[0]
    N = pk_t_kind.shape[0]
    K = N_KINDS
    C = pk_cal_turn.shape[0]
    NF = 5 + T + K + C + 2 * N
    mult = np.empty(H)
    centred = np.empty(T)
    feats = np.zeros(NF)
    open_ = np.zeros(N, np.bool_)
    base_ok = np.zeros(N, np.bool_)
    weight_all = np.zeros(N)
    weight = np.zeros(N)
    full = np.zeros(max(N, M, 8))
    fired0 = np.zeros(N, np.int64)
    last0 = np.zeros(N, np.int64)
    st = np.zeros(K)
    lanes = np.zeros((2 * K, 8))
    kind_ws = np.zeros(K)
    kp_ws = np.zeros(2 * K)
    R = pk_cond_rows.shape[0]
    RM = pk_mod_rows.shape[0]
    for g in range(G):
        alive = sa_alive[g]
        seed = sa_seeds[g]
        _knobs(pk_trait_hooks, pk_knob_base, sa_traits, g, mult, centred)
        # features (before anything arrives)
        feats[0] = np.float64(cur)
        for j in range(3):
            feats[1 + j] = sa_meters[g, j]
        for m in range(M):
            full[m] = sa_energy[g, m]
        feats[4] = _psum(full, M) / M
        for t in range(T):
            feats[5 + t] = sa_traits[g, t]
        for kk in range(K):
            feats[5 + T + kk] = sa_pressure[g, kk]
        for c in range(C):
            ct = np.float64(pk_cal_turn[c])
            feats[5 + T + K + c] = ct - cur if ct >= cur else 999.0
        base = 5 + T + K + C
        for t in range(N):
            feats[base + t] = np.float64(sa_fired[g, t])
            feats[base + N + t] = 0.0
            open_[t] = False
            fired0[t] = sa_fired[g, t]
            last0[t] = sa_last_fired[g, t]
        for i in range(S):
            if sa_ev_active[g, i]:
                feats[base + N + sa_ev_template[g, i]] = 1.0
                open_[sa_ev_template[g, i]] = True
        load = 1.0 + k.red_tape_demand * sa_red_tape[g] / 100.0
        # follow-ups promised by last turn's outcomes
        for t in range(N):
            if sa_pending[g, t]:
                sa_pending[g, t] = False
                if alive:
                    sev_u = _uniform(seed, cur, R_SEVERITY, 100 + t)
                    _spawn(spawn_p, spawn_s, g, mult, load, cur, t, sev_u, False, open_)
        # fixed dates
        for c in range(C):
            if pk_cal_turn[c] == cur and pk_cal_template[c] >= 0 and alive:
                sev_u = _uniform(seed, cur, R_SEVERITY, 50 + c)
                _spawn(spawn_p, spawn_s, g, mult, load, cur, pk_cal_template[c], sev_u, True, open_)
        if N == 0 or not alive:
            continue  # (arrivals of an ended game are drawn as zero)
        # chance arrivals: factors
        for kk in range(K):
            st[kk] = 1.0
        for ri in range(pk_srr.shape[0]):
            kind_ = np.int64(pk_srr[ri, 0])
            ex = _max(0.0, pk_srr[ri, 4] * (feats[np.int64(pk_srr[ri, 1])] - pk_srr[ri, 2]))
            st[kind_] *= 1.0 + pk_srr[ri, 3] * ex
        # conditions and modifiers
        for t in range(N):
            base_ok[t] = True
            weight[t] = 0.0  # (mods)
        for ri in range(R):
            v = feats[np.int64(pk_cond_rows[ri, 1])]
            if not (v >= pk_cond_rows[ri, 2] and v < pk_cond_rows[ri, 3]):
                base_ok[np.int64(pk_cond_rows[ri, 0])] = False
        for ri in range(RM):
            v = feats[np.int64(pk_mod_rows[ri, 1])]
            held = _f(v >= pk_mod_rows[ri, 2] and v < pk_mod_rows[ri, 3]) * pk_mod_rows[ri, 4]
            weight[np.int64(pk_mod_rows[ri, 0])] += held
        for t in range(N):
            ok = base_ok[t] and pk_can[t]
            ok = ok and (cur - last0[t]) > pk_t_cooldown[t]
            ok = ok and not (pk_t_once[t] and fired0[t] > 0)
            base_ok[t] = ok
            # exp(log weight + modifiers); exp(log weight) itself (from the pack) where no
            # modifier holds, as x + 0.0 == x. (The weight of a template that cannot arrive is
            # never read.)
            if not ok:
                weight_all[t] = 0.0
            elif weight[t] == 0.0:
                weight_all[t] = pk_expw[t]
            else:
                weight_all[t] = np.exp(pk_logw[t] + weight[t])
            weight[t] = weight_all[t]
        # the weights of the templates that can come by chance, added up per kind and per kind
        # and polarity (kp: 2 kind + polarity, or -1), as _psum adds up a masked copy
        _category_sums(weight, pk_kp_kind, K, lanes, kind_ws)
        _category_sums(weight, pk_kp, 2 * K, lanes, kp_ws)
        for kk in range(K):
            kind_w = kind_ws[kk]
            esc = 1.0 + pk_escalation_rate[kk] * sa_pressure[g, kk]
            knob = mult[H_RATE0 + kk]
            for pol in range(2):
                code = 2 * kk + pol
                n_sc = pk_kp_n[code]
                share = kp_ws[code] / _max(kind_w, 1e-300) if kind_w > 0 else 0.0
                lam = pk_base_rate[kk] * cal[kk] * share
                if pol == THREAT:
                    lam = lam * st[kk] * (esc * knob)
                address = kk * 2 + pol
                u_count = _uniform(seed, cur, R_ARRIVALS, address)
                pp = np.exp(-lam)
                cdf = pp
                count = 0
                for i in range(1, MAX_ARRIVALS + 1):
                    if u_count > cdf:
                        count += 1
                    pp = pp * lam / i
                    cdf = cdf + pp
                for j in range(MAX_ARRIVALS):
                    if count <= j or n_sc == 0:
                        continue
                    for t in range(N):
                        ins = pk_kp[t] == code
                        el = ins and base_ok[t] and not open_[t]
                        if pk_t_once[t]:
                            el = el and not (sa_fired[g, t] > 0)
                        full[t] = weight_all[t] if el else 0.0
                    total = _psum(full, N)
                    draw = address * MAX_ARRIVALS + j
                    u = _uniform(seed, cur, R_PICK, draw)
                    target = u * total
                    below = 0
                    cs = 0.0
                    first = True
                    for t in range(N):
                        ins = pk_kp[t] == code
                        if not ins:
                            continue
                        cs = full[t] if first else cs + full[t]
                        first = False
                        if cs <= target:
                            below += 1
                    pick = N - 1
                    seen = 0
                    for t in range(N):
                        ins = pk_kp[t] == code
                        if ins:
                            if seen == below:
                                pick = t
                                break
                            seen += 1
                    pick = min(pick, N - 1)
                    if total > 0:
                        sev_u = _uniform(seed, cur, R_SEVERITY, draw)
                        _spawn(spawn_p, spawn_s, g, mult, load, cur, pick, sev_u, False, open_)


@njit(cache=True, error_model="numpy")
def _stance_pre(p, s, camp, out):
    """stances.stance_fit before its tanh: bias + situation . weights [G, STANCES]."""
    G = s.meters.shape[0]
    A = s.actors.shape[1]
    nst, nsit = p.stance_weights.shape
    sit = np.zeros(nsit)
    for g in range(G):
        sit[0] = (s.meters[g, TRUST] - 50.0) / 50.0
        sit[1] = (s.meters[g, COVER] - 50.0) / 50.0
        sit[2] = p.axes[0]
        sit[3] = p.axes[1]
        sit[4] = s.red_tape[g] / 50.0
        sit[5] = camp
        sit[6] = _min(s.slips[g] / 10.0, 2.0)
        for a in range(A):
            sit[7 + a] = (s.actors[g, a] - 50.0) / 50.0
        for st in range(nst):
            acc = p.stance_bias[st]
            for f in range(nsit):
                acc += sit[f] * p.stance_weights[st, f]
            out[g, st] = acc


@njit(cache=True, error_model="numpy")
def _allocation_ok(p, s, chips, options, prep, use_prep, cur):
    """allocation.allocation_ok(...).all(): whether every game's allocation keeps the rules."""
    G, S = s.ev_active.shape
    M = chips.shape[1]
    A = chips.shape[2]
    C = prep.shape[1]
    for g in range(G):
        if not s.alive[g]:
            continue
        for m in range(M):
            placed = 0
            for a in range(A):
                if chips[g, m, a] < 0:
                    return False
                placed += chips[g, m, a]
            if placed > p.capacity[m]:
                return False
        for i in range(S):
            act = s.ev_active[g, i]
            n_opt = p.t_n_options[s.ev_template[g, i]] if act else 0
            given = options[g, i]
            chosen = s.ev_option[g, i]
            if act and n_opt > 0 and chosen < 0 and given < 0:
                return False
            if given >= 0 and (not act or given >= n_opt or n_opt == 0):
                return False
            if given >= 0 and chosen >= 0 and given != chosen:
                return False
        if use_prep:
            ft = p.ints[5]
            horizon = np.int64(np.floor(p.floats[4] + s.traits[g, ft] / p.floats[5]))
            for c in range(C):
                if prep[g, c]:
                    t = p.cal_turn[c]
                    sight = p.cal_template[c] >= 0 and t > cur and t - cur <= horizon
                    if not sight:
                        return False
    return True


@njit(cache=True, error_model="numpy")
def _advance_all(p, k, s, chips, options, focus, use_first, prep, use_prep, cur, fits):
    """One turn of every game, in place on the state arrays `s`; False (and `s` untouched) when
    an allocation breaks a rule."""
    if not _allocation_ok(p, s, chips, options, prep, use_prep, cur):
        return False
    camp = p.turn_camp[cur]
    elected = p.turn_elected[cur]
    _resolve_all(
        p, k, s, chips, options, focus, use_first, prep, use_prep, cur, camp, elected, fits
    )
    for g in range(s.alive.shape[0]):
        if s.alive[g]:
            _turbulence_all(p, k, s, cur + 1, p.turn_cal[cur + 1])
            break
    return True


# ---------------------------------------------------------------- Python side

_PACKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # scenario -> its pack


@njit(cache=True)
def _pow_flat(a, b, out):
    for i in range(out.size):
        out[i] = a[i] ** b[i]  # the C library's pow, as core.libm's


@njit(cache=True)
def _tanh_flat(x, out):
    for i in range(out.size):
        out[i] = math.tanh(x[i])  # the C library's tanh, as core.libm's


@njit(cache=True)
def _unary_flat(which, x, out):
    for i in range(out.size):  # the C library's functions, as core.libm's
        v = x[i]
        if which == 0:
            out[i] = math.exp(v)
        elif which == 1:
            out[i] = math.log(v) if v > 0.0 else (-math.inf if v == 0.0 else math.nan)
        elif which == 2:
            out[i] = math.log1p(v) if v > -1.0 else (-math.inf if v == -1.0 else math.nan)
        else:
            out[i] = math.cos(v) if math.isfinite(v) else math.nan


UNARY = {"exp": 0, "log": 1, "log1p": 2, "cos": 3}


def unary(name: str, x) -> np.ndarray:
    """core.libm's exp, log, log1p or cos, compiled (for large arrays once numba is loaded)."""
    x = np.ascontiguousarray(x, np.float64)
    out = np.empty(x.shape)
    _unary_flat(UNARY[name], x.reshape(-1), out.reshape(-1))
    return out


def power(a, b) -> np.ndarray:
    """core.libm.power, compiled (for large arrays once numba is loaded)."""
    a, b = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64))
    out = np.empty(a.shape)
    _pow_flat(
        np.ascontiguousarray(a).reshape(-1), np.ascontiguousarray(b).reshape(-1), out.reshape(-1)
    )
    return out


def tanh(x) -> np.ndarray:
    """core.libm.tanh, compiled (for large arrays once numba is loaded)."""
    x = np.ascontiguousarray(x, np.float64)
    out = np.empty(x.shape)
    _tanh_flat(x.reshape(-1), out.reshape(-1))
    return out


def pack(scn: ScenarioData):
    """The scenario's arrays and constants as the kernels read them: (Pack, Consts), or None when
    the scenario is outside what the kernels do (then numpy plays). Built once per scenario."""
    if scn in _PACKS:
        return _PACKS[scn]
    from .turbulence import MAX_ARRIVALS_PER_KIND

    r = scn.rules
    bd = scn.bundles
    # fresh writable C arrays: one type per array for numba, whatever the scenario's arrays are
    f64 = lambda a: np.array(a, dtype=np.float64, order="C")  # noqa: E731
    i64 = lambda a: np.array(a, dtype=np.int64, order="C")  # noqa: E731
    b8 = lambda a: np.array(a, dtype=np.bool_, order="C")  # noqa: E731
    n = scn.n_templates
    ok = (
        MAX_ARRIVALS_PER_KIND == MAX_ARRIVALS
        and max(n, r.n_exp, r.n_traits, scn.n_members) <= 128
        and n > 0
    )
    result = None
    if ok:
        cal_turn = np.array([c.turn for c in scn.calendar], dtype=np.int64)
        # turn numbers the tables cover: every turn a game plays, and the next one's arrivals
        last = max([scn.n_turns, *cal_turn.tolist(), *np.asarray(scn.elections).tolist()]) + 3
        cal_template = np.array([c.template for c in scn.calendar], dtype=np.int64)
        logw = np.log(np.maximum(scn.t_weight, 1e-12))
        can = scn.t_spontaneous & (scn.t_weight > 0)
        kp = np.where(can, 2 * np.asarray(scn.t_kind) + np.asarray(scn.t_polarity), -1)
        p = Pack(
            knob_base=f64(scn.knob_base),
            trait_hooks=f64(r.trait_hooks),
            stance_weights=f64(r.stance_weights),
            stance_bias=f64(r.stance_bias),
            stance_payoff=f64(r.stance_payoff),
            m_coverage=f64(scn.m_coverage),
            capacity=i64(scn.capacity),
            profile=f64(scn.profile),
            task_demand=f64(scn.task_demand),
            cover_weight=f64(r.cover_weight),
            trust_weight=f64(r.trust_weight),
            network_weight=f64(r.network_weight),
            up_e=b8([o == "up" for o in r.orientation]),
            actor_baseline=f64(r.actor_baseline),
            actor_drift=f64(r.actor_drift),
            actor_noise=f64(r.actor_noise),
            axes=f64(scn.axes),
            t_kind=i64(scn.t_kind),
            t_polarity=i64(scn.t_polarity),
            t_weight=f64(scn.t_weight),
            t_cooldown=i64(scn.t_cooldown),
            t_once=b8(scn.t_once),
            t_spontaneous=b8(scn.t_spontaneous),
            t_sev_lo=f64(scn.t_sev_lo),
            t_sev_hi=f64(scn.t_sev_hi),
            t_deadline=i64(scn.t_deadline),
            t_demand=f64(scn.t_demand),
            t_n_options=i64(scn.t_n_options),
            o_demand=f64(scn.o_demand),
            o_choose=i64(scn.o_choose),
            o_success=i64(scn.o_success),
            o_failure=i64(scn.o_failure),
            o_stance=i64(scn.o_stance),
            b_meters=f64(bd.meters),
            b_lasting=f64(bd.lasting),
            b_lasting_turns=i64(bd.lasting_turns),
            b_traits=f64(bd.traits),
            b_energy=f64(bd.energy),
            b_pressure=f64(bd.pressure),
            b_follow=i64(bd.follow_up),
            b_traits_any=b8(np.any(bd.traits != 0, axis=1)),
            b_pressure_any=b8(np.any(bd.pressure != 0, axis=1)),
            cal_turn=cal_turn,
            cal_template=cal_template,
            base_rate=f64(scn.base_rate),
            escalation_rate=f64(scn.escalation_rate),
            srr=f64(scn.state_rate_rows).reshape(-1, 5),
            cond_rows=f64(scn.cond_rows).reshape(-1, 4),
            mod_rows=f64(scn.mod_rows).reshape(-1, 5),
            logw=f64(logw),
            expw=unary("exp", logw),
            can=b8(can),
            kp=i64(kp),
            kp_kind=i64(np.where(kp >= 0, kp // 2, -1)),
            kp_n=i64(np.bincount(kp[kp >= 0], minlength=2 * len(KINDS))),
            ints=i64(
                [
                    r.porous_trait,
                    r.deadline_bonus_trait,
                    r.deadline_bonus_kind,
                    r.deadline_bonus_turns,
                    scn.n_turns,
                    r.foresight_trait,
                ]
            ),
            floats=f64(
                [
                    scn.task_value_rate,
                    r.deadline_bonus_at,
                    r.c("skill_exponent"),
                    scn.task_demand.sum(),
                    r.foresight_base,
                    r.foresight_per_points,
                ]
            ),
            turn_camp=f64([campaign(scn, t) for t in range(last)]),
            turn_elected=b8(
                [
                    bool(np.any(scn.elections == t)) and r.c("election_turnover") > 0
                    for t in range(last)
                ]
            ),
            turn_cal=f64([_calendar_factor(scn, t) for t in range(last)]).reshape(last, len(KINDS)),
        )
        k = Consts(*[float(r.c(name)) for name in CONSTANTS])
        result = (p, k)
    _PACKS[scn] = result
    return result


def _calendar_factor(scn: ScenarioData, cur: int) -> np.ndarray:
    cal = np.ones(len(KINDS))
    for entry in scn.calendar:
        if entry.turn - entry.before <= cur <= entry.turn + entry.after:
            cal = cal * entry.rate_factor
    return np.ascontiguousarray(cal, dtype=np.float64)


def _copy(state: GameState) -> St:
    return St(*[np.array(getattr(state, name), order="C", copy=True) for name in ARRAYS])


def _own(state: GameState) -> St:
    """The state's own arrays, to be changed in place (copied only where one is not C-ordered
    and writable, as the kernels made them)."""
    arrays = [getattr(state, name) for name in ARRAYS]
    return St(
        *[
            a if a.flags.c_contiguous and a.flags.writeable else np.array(a, order="C")
            for a in arrays
        ]
    )


def _state(turn: int, s: St) -> GameState:
    return GameState(turn=turn, **s._asdict())


def _arg(a, dtype) -> np.ndarray:
    """An array as the kernels take it: C order, writable (a read-only array or another layout
    would be another type to numba, compiled anew)."""
    return np.require(a, dtype=dtype, requirements=("C", "W"))


def warm(scn: ScenarioData) -> bool:
    """Load (or compile) the kernels for a scenario before they are timed; False when the
    scenario is outside what they do."""
    packed = pack(scn)
    if packed is None:
        return False
    p, k = packed
    state = reset(scn, np.zeros(1, dtype=np.uint64))
    s = _copy(state)
    g, n_slots = state.ev_active.shape
    fits = np.zeros((g, p.stance_bias.shape[0]))
    _stance_pre(p, s, p.turn_camp[1], fits)
    chips = np.full((g, scn.n_members, len(scn.rules.targets)), -1, dtype=np.int64)
    options = np.full((g, n_slots), -1, dtype=np.int64)
    focus = np.zeros((g, n_slots), np.bool_)
    prep = np.zeros((g, len(scn.calendar)), np.bool_)
    # (negative chips: refused by the rule check, so the state is left as it is)
    _advance_all(p, k, s, chips, options, focus, False, prep, False, 1, fits)
    return True


def advance(
    scn: ScenarioData, state: GameState, alloc: Allocation, in_place: bool = False
) -> GameState:
    """The state after one turn with `alloc`: `engine.step(scn, state, alloc)[0]`, bit for bit
    (AllocationError and ValueError as step gives them, the state then unchanged).

    `in_place`: the new state takes over the arrays of `state` and changes them (no copy, no new
    memory): for a caller that holds nothing of `state` that must stay as it was."""
    packed = pack(scn)
    cur = state.turn + 1
    if packed is None or cur + 1 >= packed[0].turn_camp.shape[0]:
        from .engine import step

        return step(scn, state, alloc)[0]
    if not state.alive.any():
        raise ValueError("every game in this batch has ended")
    p, k = packed
    g, n_slots = state.ev_active.shape
    first = alloc.focused(state)
    prep = alloc.preparing()
    focus = np.zeros((g, n_slots), np.bool_) if first is None else _arg(first, np.bool_)
    prep_a = np.zeros((g, len(scn.calendar)), np.bool_) if prep is None else _arg(prep, np.bool_)
    s = _own(state) if in_place else _copy(state)
    # the stances' fit: the C library's tanh, as core.libm (stances.stance_fit) computes it
    fits = np.empty((g, p.stance_bias.shape[0]))
    _stance_pre(p, s, p.turn_camp[cur], fits)
    _tanh_flat(fits.reshape(-1), fits.reshape(-1))
    chips = _arg(alloc.chips, np.int64)
    options = _arg(alloc.options, np.int64)
    use_first, use_prep = first is not None, prep is not None
    if not _advance_all(p, k, s, chips, options, focus, use_first, prep_a, use_prep, cur, fits):
        raise AllocationError(allocation_problems(scn, state, alloc))
    return _state(cur, s)


def reset(scn: ScenarioData, seeds) -> GameState:
    """Fresh games with the first turn's events: `engine.reset(scn, seeds)[0]`, bit for bit."""
    packed = pack(scn)
    state = new_state(scn, seeds)
    if packed is None:
        from .turbulence import turbulence

        return turbulence(scn, state)[0]
    s = _copy(state)
    _turbulence_all(packed[0], packed[1], s, 1, packed[0].turn_cal[1])
    return _state(0, s)
