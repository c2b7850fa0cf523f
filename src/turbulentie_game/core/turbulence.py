"""Stage 1, turbulence: follow-ups, calendar events and chance arrivals of the four kinds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import libm, rng
from .features import (
    add_up_cols,
    any_of,
    current_turn,
    features,
    hook_multipliers,
    rows_hold,
)
from .model import HOOK, KINDS, OPPORTUNITY, THREAT, ScenarioData
from .resolution import red_tape_load
from .state import GameState

MAX_ARRIVALS_PER_KIND = 3


@dataclass(frozen=True, eq=False)
class TurbulenceReport:
    """What arrived at the start of a turn and at which rates."""

    turn: int
    rates: np.ndarray  # [G, K] expected chance arrivals per kind (threats and opportunities)
    rate_factors: np.ndarray  # [G, K, 4] base, calendar, state, escalation x trait knob
    new_events: np.ndarray  # [G, S] bool: slot filled this turn
    crowded_out: np.ndarray  # [G] arrivals lost because all slots were busy


def arrival_factors(scn: ScenarioData, state: GameState, feats: np.ndarray, mult: np.ndarray):
    """Factors of the arrival rate per kind [G, K, 4]: base, calendar, state, escalation x trait knob.

    Base and calendar set both streams; state and escalation (with the traits' knobs) set threats.
    """
    g = state.n_games
    k = len(KINDS)
    cur = current_turn(state)
    cal = np.ones(k)
    for entry in scn.calendar:
        if entry.turn - entry.before <= cur <= entry.turn + entry.after:
            cal = cal * entry.rate_factor
    st = np.ones((g, k))
    for kind, feat, threshold, per_point, direction in scn.state_rate_rows:
        excess = np.maximum(0.0, direction * (feats[:, int(feat)] - threshold))
        st[:, int(kind)] *= 1.0 + per_point * excess
    esc = 1.0 + scn.escalation_rate * state.pressure
    knob = np.stack([mult[:, HOOK[f"rate_{name}"]] for name in KINDS], axis=1)
    return np.stack(
        [np.broadcast_to(scn.base_rate, (g, k)), np.broadcast_to(cal, (g, k)), st, esc * knob],
        axis=2,
    )


def _poisson_count(lam: np.ndarray, u: np.ndarray, cap: int) -> np.ndarray:
    """Inverse-CDF Poisson draw from a uniform, capped."""
    p = libm.exp(-lam)
    cdf = p.copy()
    n = np.zeros(lam.shape, dtype=np.int64)
    for i in range(1, cap + 1):
        n += u > cdf
        p = p * lam / i
        cdf = cdf + p
    return n


class _Slots:
    """Mutable copies of the event arrays used while spawning."""

    def __init__(self, scn: ScenarioData, state: GameState):
        self.active = state.ev_active.copy()
        self.template = state.ev_template.copy()
        self.uid = state.ev_uid.copy()
        self.severity = state.ev_severity.copy()
        self.total = state.ev_total.copy()
        self.remaining = state.ev_remaining.copy()
        self.deadline = state.ev_deadline.copy()
        self.option = state.ev_option.copy()
        self.arrived = state.ev_arrived.copy()
        self.next_uid = state.next_uid.copy()
        self.fired = state.fired.copy()
        self.last_fired = state.last_fired.copy()
        self.by_kind = state.events_by_kind.copy()
        self.new = np.zeros_like(state.ev_active)
        self.crowded = np.zeros(state.n_games, dtype=np.int64)
        self.load = red_tape_load(scn, state)
        self.ready = state.readiness.copy()
        # which templates are open in each game [G, N], kept up to date as events arrive
        self.open = np.zeros((state.n_games, scn.n_templates), dtype=bool)
        rows, cols = np.nonzero(self.active)
        self.open[rows, self.template[rows, cols]] = True

    def spawn(self, scn, mult, traits, cur, mask, tmpl, sev_u, prepared=False):
        """Place template `tmpl[g]` in the first free slot of every game where `mask` holds;
        a `prepared` (foreseen) event arrives with the work done ahead for it already done."""
        asked = np.flatnonzero(mask)  # look only at the games where something arrives
        if asked.size == 0:
            return
        free = ~self.active[asked]
        has_free = any_of(free)
        self.crowded[asked[~has_free]] += 1
        gi = asked[has_free]
        if gi.size == 0:
            return
        si = np.argmax(free[has_free], axis=1)
        t = tmpl[gi]
        kind = scn.t_kind[t]
        sev = scn.t_sev_lo[t] + sev_u[gi] * (scn.t_sev_hi[t] - scn.t_sev_lo[t])
        sev = sev * np.where(scn.t_polarity[t] == THREAT, mult[gi, HOOK["threat_severity"]], 1.0)
        temporal = kind == KINDS.index("temporal")
        sev = sev * np.where(temporal, mult[gi, HOOK["temporal_severity"]], 1.0)
        r = scn.rules
        bonus = (kind == r.deadline_bonus_kind) & (
            traits[gi, r.deadline_bonus_trait] >= r.deadline_bonus_at
        )
        demand = scn.t_demand[t] * (sev * mult[gi, HOOK["event_demand"]] * self.load[gi])[:, None]
        self.active[gi, si] = True
        self.template[gi, si] = t
        self.uid[gi, si] = self.next_uid[gi]
        self.next_uid[gi] += 1
        self.severity[gi, si] = sev
        self.total[gi, si] = demand
        if prepared:
            used = np.minimum(self.ready[gi], demand)
            self.ready[gi] -= used
            self.remaining[gi, si] = demand - used
        else:
            self.remaining[gi, si] = demand
        self.deadline[gi, si] = scn.t_deadline[t] + bonus * r.deadline_bonus_turns
        self.option[gi, si] = -1
        self.arrived[gi, si] = cur
        self.fired[gi, t] += 1
        self.last_fired[gi, t] = cur
        self.open[gi, t] = True
        self.by_kind[gi, kind] += 1
        self.new[gi, si] = True


def turbulence(scn: ScenarioData, state: GameState) -> tuple[GameState, TurbulenceReport]:
    """Bring this turn's events into play: follow-ups, calendar dates, then chance arrivals."""
    g = state.n_games
    cur = current_turn(state)
    mult = hook_multipliers(scn, state.traits)
    feats = features(scn, state)
    slots = _Slots(scn, state)
    alive = state.alive
    pending = state.pending.copy()

    # follow-ups promised by last turn's outcomes
    for t in np.nonzero(pending.any(axis=0))[0]:
        mask = pending[:, t] & alive
        sev_u = rng.uniform(state.seeds, cur, rng.SEVERITY, 100 + int(t))
        slots.spawn(scn, mult, state.traits, cur, mask, np.full(g, t), sev_u)
    pending[:] = False

    # fixed dates
    for ci, entry in enumerate(scn.calendar):
        if entry.turn == cur and entry.template >= 0:
            sev_u = rng.uniform(state.seeds, cur, rng.SEVERITY, 50 + ci)
            slots.spawn(
                scn,
                mult,
                state.traits,
                cur,
                alive.copy(),
                np.full(g, entry.template),
                sev_u,
                prepared=True,
            )

    # chance arrivals, in two streams per kind: threats and opportunities. Escalation, the state
    # and the traits' knobs move the threat stream only; the draws are addressed, so the outside
    # world does not shift with the player's choices.
    factors = arrival_factors(scn, state, feats, mult)
    n = scn.n_templates
    rates = np.zeros((g, len(KINDS)))
    if n:
        # a template may arrive when none of its conditions fails
        cond_fail = ~rows_hold(feats, scn.cond_rows)
        blocked = np.zeros((g, n), dtype=bool)
        for i, t in enumerate(scn.cond_rows[:, 0].astype(np.int64)):
            blocked[:, t] |= cond_fail[:, i]
        ok = ~blocked
        logw = libm.log(np.maximum(scn.t_weight, 1e-12))[None, :].repeat(g, axis=0)
        if scn.mod_rows.shape[0]:
            # each template's modifiers that hold, added in row order (the product with the
            # rows' one-hot incidence, without its zero terms)
            held = rows_hold(feats, scn.mod_rows).astype(np.float64) * scn.mod_rows[:, 4]
            mods = np.zeros((g, n))
            for i, t in enumerate(scn.mod_rows[:, 0].astype(np.int64)):
                mods[:, t] += held[:, i]
            logw = logw + mods
        base_ok = ok & scn.t_spontaneous[None, :] & (scn.t_weight > 0)[None, :]
        base_ok &= (cur - state.last_fired) > scn.t_cooldown[None, :]
        base_ok &= ~(scn.t_once[None, :] & (state.fired > 0))
        weight_all = libm.exp(logw)
        weight = np.where(base_ok, weight_all, 0.0)
        # only templates that may arrive by chance can have a weight: sums leave out the rest
        can = scn.t_spontaneous & (scn.t_weight > 0)
        for k in range(len(KINDS)):
            of_kind = scn.t_kind == k
            kc = np.flatnonzero(of_kind & can)
            kind_w = add_up_cols(weight[:, kc], kc, n)
            for p in (THREAT, OPPORTUNITY):
                stream = of_kind & (scn.t_polarity == p)
                sc = np.flatnonzero(stream & can)  # the stream's columns that can have weight
                share = np.where(
                    kind_w > 0,
                    add_up_cols(weight[:, sc], sc, n) / np.maximum(kind_w, 1e-300),
                    0,
                )
                lam = factors[:, k, 0] * factors[:, k, 1] * share
                if p == THREAT:
                    lam = lam * factors[:, k, 2] * factors[:, k, 3]
                rates[:, k] += lam
                address = k * 2 + p
                u_count = rng.uniform(state.seeds, cur, rng.ARRIVALS, address)
                count = _poisson_count(lam, u_count, MAX_ARRIVALS_PER_KIND) * alive
                for j in range(MAX_ARRIVALS_PER_KIND):
                    gi = np.nonzero(count > j)[0]  # only the games where an event arrives
                    if gi.size == 0 or sc.size == 0:  # no template of the stream can arrive
                        continue
                    # eligibility and weights on the stream's columns only (zero elsewhere)
                    gc = gi[:, None], sc
                    elig = base_ok[gc] & ~slots.open[gc]
                    if scn.t_once[sc].any():
                        elig &= ~(scn.t_once[sc] & (slots.fired[gc] > 0))
                    w = np.where(elig, weight_all[gc], 0.0)
                    total = add_up_cols(w, sc, n)
                    draw = address * MAX_ARRIVALS_PER_KIND + j
                    u = rng.uniform(state.seeds[gi], cur, rng.PICK, draw)
                    # the weights are never negative: the running sum over all templates first
                    # passes u * total at a column of the stream (none: the last template)
                    below = (np.cumsum(w, axis=1) <= (u * total)[:, None]).sum(axis=1)
                    pick = np.zeros(g, dtype=np.int64)
                    pick[gi] = np.minimum(np.append(sc, n - 1)[below], n - 1)
                    mask = np.zeros(g, dtype=bool)
                    mask[gi] = total > 0
                    sev_u = np.zeros(g)  # an addressed draw: only the arriving games need it
                    sev_u[gi] = rng.uniform(state.seeds[gi], cur, rng.SEVERITY, draw)
                    slots.spawn(scn, mult, state.traits, cur, mask, pick, sev_u)

    new_state = state.evolve(
        ev_active=slots.active,
        ev_template=slots.template,
        ev_uid=slots.uid,
        ev_severity=slots.severity,
        ev_total=slots.total,
        ev_remaining=slots.remaining,
        ev_deadline=slots.deadline,
        ev_option=slots.option,
        ev_arrived=slots.arrived,
        next_uid=slots.next_uid,
        fired=slots.fired,
        last_fired=slots.last_fired,
        pending=pending,
        events_by_kind=slots.by_kind,
        readiness=slots.ready,
    )
    report = TurbulenceReport(
        turn=cur, rates=rates, rate_factors=factors, new_events=slots.new, crowded_out=slots.crowded
    )
    return new_state, report
