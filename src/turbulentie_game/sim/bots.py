"""Bots: strategies that decide each turn's allocation for a whole batch, through the player's input."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core import rng
from ..core.allocation import Allocation
from ..core.features import current_turn, foresight
from ..core.model import COVER, PV, TRUST, ScenarioData
from ..core.state import GameState


class UnknownBot(ValueError):
    """A bot name that does not exist."""


def _rest_chips(state: GameState) -> np.ndarray:
    """Chips each member keeps for rest: more as energy runs low [G, M]."""
    e = state.energy
    return np.where(e < 45, 3, np.where(e < 62, 2, np.where(e < 80, 1, 0)))


def _useful_skill(scn: ScenarioData, state: GameState) -> np.ndarray:
    """Coverage one chip of each member yields on each expectation [G, M, E] (before team factors)."""
    r = scn.rules
    fmin = r.c("energy_factor_min")
    ef = fmin + (1.0 - fmin) * state.energy / 100.0
    return state.skills ** r.c("skill_exponent") * ef[:, :, None]


def _choose_options(scn: ScenarioData, state: GameState, score_fn) -> np.ndarray:
    """Pick an option for every open dilemma by the highest score_fn(meter effects, demand) [G, S]."""
    g, s_n = state.ev_active.shape
    options = np.full((g, s_n), -1, dtype=np.int64)
    tmpl = np.where(state.ev_active, state.ev_template, 0)
    need = (
        state.ev_active & (scn.t_n_options[tmpl] > 0) & (state.ev_option < 0) & state.alive[:, None]
    )
    if not need.any():
        return options
    bd = scn.bundles
    for s in range(s_n):
        rows = np.nonzero(need[:, s])[0]
        if rows.size == 0:
            continue
        t = tmpl[rows, s]
        sev = state.ev_severity[rows, s]
        best = np.full(rows.size, -np.inf)
        pick = np.zeros(rows.size, dtype=np.int64)
        for o in range(scn.n_options):
            valid = o < scn.t_n_options[t]
            succ = scn.o_success[t, o]
            effect = (
                bd.meters[succ]
                + bd.meters[scn.o_choose[t, o]]
                + bd.lasting[succ] * bd.lasting_turns[succ][:, None]
                + bd.lasting[scn.o_choose[t, o]] * bd.lasting_turns[scn.o_choose[t, o]][:, None]
            ) * sev[:, None]
            demand = scn.o_demand[t, o].sum(axis=1) * sev
            value = np.where(valid, score_fn(state, rows, effect, demand, s, o), -np.inf)
            better = value > best
            best = np.where(better, value, best)
            pick = np.where(better, o, pick)
        options[rows, s] = pick
    return options


def _greedy(scn, state, need, allowed_e, invest, avoid_rest=False) -> np.ndarray:
    """Place every working chip where it meets the most remaining need (or builds a trait)."""
    r = scn.rules
    g = state.n_games
    e_n, t_n = r.n_exp, r.n_traits
    m_n = scn.n_members
    chips = np.zeros((g, m_n, e_n + t_n + 1), dtype=np.int64)
    rest = np.zeros((g, m_n), dtype=np.int64) if avoid_rest else _rest_chips(state)
    work = np.maximum(0, scn.capacity[None, :] - rest)
    chips[:, :, -1] = scn.capacity[None, :] - work
    useful = _useful_skill(scn, state)
    need = need.copy()
    invest = invest.copy()
    gi = np.arange(g)
    for j in range(int(scn.capacity.max())):
        for m in range(m_n):
            has = (work[:, m] > j) & state.alive
            if not has.any():
                continue
            gain_e = np.minimum(np.maximum(need, 0.0), useful[:, m]) + 1e-3 * useful[:, m]
            gain_e = np.where(allowed_e[None, :], gain_e, -np.inf)
            best_e = np.argmax(gain_e, axis=1)
            best_ev = gain_e[gi, best_e]
            best_t = np.argmax(invest, axis=1)
            best_tv = invest[gi, best_t]
            to_trait = has & (best_tv > best_ev)
            to_exp = has & ~to_trait
            chips[gi[to_exp], m, best_e[to_exp]] += 1
            need[gi[to_exp], best_e[to_exp]] -= useful[gi[to_exp], m, best_e[to_exp]]
            chips[gi[to_trait], m, e_n + best_t[to_trait]] += 1
            invest[gi[to_trait], best_t[to_trait]] *= 0.5
    return chips


@dataclass
class Bot:
    """A named strategy. `decide` returns an Allocation for every game of the batch."""

    name: str
    barred: frozenset[str] = field(default_factory=frozenset)

    def decide(self, scn: ScenarioData, state: GameState) -> Allocation:
        """This turn's allocation for every game in the batch."""
        raise NotImplementedError


class RandomBot(Bot):
    """Places every chip on a random target (an expectation, a trait or rest)."""

    def decide(self, scn, state):
        g = state.n_games
        a_n = len(scn.rules.targets)
        chips = np.zeros((g, scn.n_members, a_n), dtype=np.int64)
        turn = current_turn(state)
        gi = np.arange(g)
        for m in range(scn.n_members):
            for j in range(int(scn.capacity[m])):
                u = rng.uniform(state.seeds, turn, rng.BOT, m * 16 + j)
                chips[gi, m, np.minimum((u * a_n).astype(np.int64), a_n - 1)] += 1
        opts = _choose_options(
            scn,
            state,
            lambda st, rows, eff, dem, s, o: rng.uniform(
                st.seeds[rows], turn, rng.BOT_2, s * 4 + o
            ),
        )
        return Allocation(chips=chips, options=opts)


@dataclass
class FocusBot(Bot):
    """Works only on a fixed set of expectations (managing up, managing out, a single one, or all)."""

    targets: tuple[str, ...] = ()
    prefer: tuple[float, float, float] = (1.0, 1.0, 1.0)
    spread: bool = False

    def decide(self, scn, state):
        ids = [e.id for e in scn.rules.expectations]
        allowed = np.array([i in self.targets for i in ids])
        # a spreading bot aims at equal coverage everywhere; a focused one at as much as it can
        level = 7.0 if self.spread else 1e6
        need = np.where(allowed, level, 0.0)[None, :].repeat(state.n_games, axis=0)
        chips = _greedy(scn, state, need, allowed, np.zeros((state.n_games, scn.rules.n_traits)))
        w = np.array(self.prefer)
        opts = _choose_options(
            scn, state, lambda st, rows, eff, dem, s, o: (eff * w).sum(axis=-1) - 1e-3 * dem
        )
        return Allocation(chips=chips, options=opts)


class AdaptiveBot(Bot):
    """Reads the open events, the calendar and the meters; meets the most urgent needs first."""

    def decide(self, scn, state):
        r = scn.rules
        ids = [e.id for e in r.expectations]
        tids = [t.id for t in r.traits]
        g = state.n_games
        allowed = np.array([i not in self.barred for i in ids])
        cover = state.meters[:, COVER]
        trust = state.meters[:, TRUST]

        def option_score(st, rows, eff, dem, s, o):
            cw = 1.0 + 2.0 * (cover[rows] < 40) + 1.0 * (cover[rows] < 55)
            tw = 0.8 + 1.0 * (trust[rows] < 45)
            return eff[:, PV] + cw * eff[:, COVER] + tw * eff[:, TRUST] - 0.12 * dem

        opts = _choose_options(scn, state, option_score)
        # needs: the task, the open events (after this turn's choices), and the meters
        tmpl = np.where(state.ev_active, state.ev_template, 0)
        opt = np.where(opts >= 0, opts, np.maximum(state.ev_option, 0))
        base = np.maximum(scn.t_demand[tmpl].sum(axis=-1), 1e-9)[..., None]
        scale = state.ev_total.sum(axis=-1)[..., None] / base
        remaining = np.where(
            (opts >= 0)[..., None], scn.o_demand[tmpl, opt] * scale, state.ev_remaining
        )
        remaining = remaining * state.ev_active[..., None]
        urgency = np.where(state.ev_deadline <= 1, 1.4, 1.0)
        need = scn.task_demand[None, :] * 1.0 + (remaining * urgency[..., None]).sum(axis=1)
        low_cover = np.clip((58.0 - cover) / 30.0, 0.0, 1.5)
        need = need + low_cover[:, None] * 14.0 * r.cover_weight[None, :]
        low_trust = np.clip((55.0 - trust) / 30.0, 0.0, 1.5)
        need = need + low_trust[:, None] * 10.0 * r.trust_weight[None, :]
        cur = current_turn(state)
        horizon = foresight(scn, state.traits)
        for entry in scn.calendar:
            if entry.template < 0 or entry.turn < cur:
                continue
            ahead = (entry.turn - cur <= horizon) & (entry.turn > cur)
            need = need + ahead[:, None] * 0.5 * scn.t_demand[entry.template][None, :]
        # organisation development: worthwhile while enough turns remain
        left = scn.n_turns - cur
        worth = max(0.0, (left - 5) / scn.n_turns)
        weight = np.abs(r.trait_hooks).sum(axis=1)
        invest = 9.0 * worth * (1.0 - state.traits / 100.0) * weight / weight.mean()
        invest = np.where(np.array([t in self.barred for t in tids])[None, :], -np.inf, invest)
        chips = _greedy(scn, state, need, allowed, np.broadcast_to(invest, (g, len(tids))))
        return Allocation(chips=chips, options=opts)


def _exp_ids(scn: ScenarioData, orientation: str) -> tuple[str, ...]:
    return tuple(
        e.id
        for e, o in zip(scn.rules.expectations, scn.rules.orientation, strict=True)
        if o == orientation
    )


BOT_NAMES = (
    "random",
    "balanced",
    "managing-up",
    "managing-out",
    "single:<expectation>",
    "adaptive",
)


def make_bot(name: str, scn: ScenarioData) -> Bot:
    """A bot by name: random, balanced, managing-up, managing-out, single:<id>, adaptive,
    or adaptive-without:<id>[,<id>…] (adaptive, barred from some expectations or traits)."""
    ids = [e.id for e in scn.rules.expectations]
    tids = [t.id for t in scn.rules.traits]
    if name == "random":
        return RandomBot(name)
    if name == "adaptive":
        return AdaptiveBot(name)
    if name.startswith("adaptive-without:"):
        barred = frozenset(x for x in name.split(":", 1)[1].split(",") if x)
        unknown = sorted(barred - set(ids) - set(tids))
        if unknown or not barred:
            raise UnknownBot(
                f"unknown expectation or trait in '{name}': {', '.join(unknown) or 'none given'}"
            )
        return AdaptiveBot(name, barred=barred)
    if name == "balanced":
        return FocusBot(name, targets=tuple(ids), spread=True)
    if name == "managing-up":
        return FocusBot(name, targets=_exp_ids(scn, "up"), prefer=(0.2, 1.0, 0.2))
    if name == "managing-out":
        return FocusBot(name, targets=_exp_ids(scn, "out"), prefer=(1.0, 0.1, 1.0))
    if name.startswith("single:"):
        target = name.split(":", 1)[1]
        if target not in ids:
            raise UnknownBot(f"'{target}' is not an expectation (use one of: {', '.join(ids)})")
        return FocusBot(name, targets=(target,))
    raise UnknownBot(
        f"unknown bot '{name}' (use one of: random, balanced, managing-up, managing-out, "
        f"single:<expectation>, adaptive)"
    )


@dataclass
class ForcedOption(Bot):
    """Another bot, except that one dilemma is always answered with one option."""

    inner: Bot | None = None
    template: int = -1
    option: int = 0

    def decide(self, scn, state):
        alloc = self.inner.decide(scn, state)
        hit = (alloc.options >= 0) & (state.ev_template == self.template) & state.ev_active
        options = np.where(hit, self.option, alloc.options)
        return Allocation(chips=alloc.chips, options=options)
