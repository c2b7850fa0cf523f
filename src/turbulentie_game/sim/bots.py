"""Bots: strategies that decide each turn's allocation for a whole batch, through the player's input."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import ClassVar

import numpy as np

from ..core import jit, rng
from ..core.allocation import Allocation
from ..core.features import (
    add_up,
    current_turn,
    foreseeable,
    foresight,
    hook_multipliers,
    skill_power,
)
from ..core.model import COVER, HOOK, PV, STANCE, TRUST, ScenarioData
from ..core.resolution import option_demand, task_demand
from ..core.stances import fit_effects, stance_fit
from .strategy import Observation, forgets_observations


class UnknownBot(ValueError):
    """A bot name that does not exist."""


def _rest_chips(state: Observation) -> np.ndarray:
    """Chips each member keeps for rest: more as energy runs low [G, M]."""
    e = state.energy
    return np.where(e < 45, 3, np.where(e < 62, 2, np.where(e < 80, 1, 0)))


def _useful_skill(scn: ScenarioData, state: Observation) -> np.ndarray:
    """Coverage one chip of each member yields on each expectation [G, M, E] (before team factors)."""
    r = scn.rules
    fmin = r.c("energy_factor_min")
    ef = fmin + (1.0 - fmin) * state.energy / 100.0
    return skill_power(scn, state.skills) * ef[:, :, None]


def _option_tables(scn: ScenarioData):
    """Per template and option [N, O, …]: the meter effects of success and choice with their
    lasting effects in full, the swing between success and failure, and the summed demand
    (small tables: cheaper than gathering the bundles for every event)."""
    bd = scn.bundles
    full = bd.lasting * bd.lasting_turns[:, None]  # a lasting effect over all its turns
    succ, choose, fail = scn.o_success, scn.o_choose, scn.o_failure
    effect = bd.meters[succ] + bd.meters[choose] + full[succ] + full[choose]
    swing = bd.meters[succ] - bd.meters[fail] + full[succ] - full[fail]
    return effect, swing, scn.o_demand.sum(axis=2)


def _choose_options(scn: ScenarioData, state: Observation, score_fn) -> np.ndarray:
    """Pick an option for every open dilemma by the highest score_fn(meter effects, demand) [G, S]."""
    g, s_n = state.ev_active.shape
    options = np.full((g, s_n), -1, dtype=np.int64)
    tmpl = np.where(state.ev_active, state.ev_template, 0)
    need = (
        state.ev_active & (scn.t_n_options[tmpl] > 0) & (state.ev_option < 0) & state.alive[:, None]
    )
    if not need.any():
        return options
    effects, _, demands = _option_tables(scn)
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
            effect = effects[t, o] * sev[:, None]
            demand = demands[t, o] * sev
            stance = scn.o_stance[t, o]
            value = np.where(valid, score_fn(state, rows, effect, demand, s, o, stance), -np.inf)
            better = value > best
            best = np.where(better, value, best)
            pick = np.where(better, o, pick)
        options[rows, s] = pick
    return options


@cache
def _load_kernels() -> ModuleType | None:
    """The compiled bot kernels (numba loads with them), or None when they cannot load."""
    if not jit.available():
        return None
    try:
        return importlib.import_module(f"{__package__}.bot_kernels")
    except ImportError:
        return None


def kernels(games: int) -> ModuleType | None:
    """The compiled bot kernels for a batch of `games` games, or None: numpy plays (see core.jit:
    TURBULENTIE_JIT, and numba is loaded only for a batch large enough to pay for it)."""
    return _load_kernels() if jit.wanted(games) else None


def _greedy(scn, state, need, allowed_e, invest, avoid_rest=False) -> np.ndarray:
    """Place every working chip where it meets the most remaining need (or builds a trait)
    [G, M, A]: compiled for a large batch, the same chips as `_greedy_numpy`."""
    k = kernels(state.n_games)
    if k is None:
        return _greedy_numpy(scn, state, need, allowed_e, invest, avoid_rest)
    g = state.n_games
    return k.greedy(
        np.ascontiguousarray(need, dtype=np.float64),
        np.ascontiguousarray(np.broadcast_to(invest, (g, scn.rules.n_traits)), dtype=np.float64),
        np.ascontiguousarray(skill_power(scn, state.skills), dtype=np.float64),
        np.ascontiguousarray(state.energy, dtype=np.float64),
        float(scn.rules.c("energy_factor_min")),
        np.ascontiguousarray(scn.capacity, dtype=np.int64),
        np.ascontiguousarray(state.alive, dtype=np.bool_),
        np.ascontiguousarray(~np.asarray(allowed_e, dtype=np.bool_)),
        not bool(np.all(allowed_e)),
        bool(avoid_rest),
    )


def _greedy_numpy(scn, state, need, allowed_e, invest, avoid_rest=False) -> np.ndarray:
    """Place every working chip where it meets the most remaining need (or builds a trait):
    the reference, numpy over the whole batch."""
    r = scn.rules
    g = state.n_games
    e_n, t_n = r.n_exp, r.n_traits
    m_n = scn.n_members
    a_n = e_n + t_n + 1
    chips = np.zeros((g, m_n, a_n), dtype=np.int64)
    rest = np.zeros((g, m_n), dtype=np.int64) if avoid_rest else _rest_chips(state)
    work = np.maximum(0, scn.capacity[None, :] - rest)
    chips[:, :, -1] = scn.capacity[None, :] - work
    useful = _useful_skill(scn, state)
    need = np.array(need, dtype=np.float64)  # a copy the chips work down, [G, E] contiguous
    invest = np.array(invest, dtype=np.float64)  # a copy that halves as chips go to a trait
    barred = None if allowed_e.all() else ~allowed_e
    gi = np.arange(g)
    open_need = np.maximum(need, 0.0)  # what is still to meet, kept up to date with `need`
    flat_chips, flat_need, flat_invest = chips.reshape(-1), need.reshape(-1), invest.reshape(-1)
    flat_open = open_need.reshape(-1)
    gain_e = np.empty_like(need)
    row_e = gi * e_n
    # per member: what one chip yields on each expectation, and the tie-breaking nudge
    yields = [np.ascontiguousarray(useful[:, m]) for m in range(m_n)]
    nudges = [1e-3 * y for y in yields]
    # the best trait and its worth change only where a chip went to a trait
    best_t = np.argmax(invest, axis=1)
    best_tv = flat_invest[gi * t_n + best_t]
    rows_c = [(gi * m_n + m) * a_n for m in range(m_n)]
    for j in range(int(scn.capacity.max())):
        for m in range(m_n):
            row_c = rows_c[m]
            has = (work[:, m] > j) & state.alive
            if not has.any():
                continue
            np.minimum(open_need, yields[m], out=gain_e)
            gain_e += nudges[m]
            if barred is not None:
                gain_e[:, barred] = -np.inf
            best_e = np.argmax(gain_e, axis=1)
            best_ev = gain_e.reshape(-1)[row_e + best_e]
            to_trait = has & (best_tv > best_ev)
            ie = np.flatnonzero(has & ~to_trait)
            be = best_e[ie]
            at = row_e[ie] + be
            flat_chips[row_c[ie] + be] += 1
            flat_need[at] -= yields[m].reshape(-1)[at]
            flat_open[at] = np.maximum(flat_need[at], 0.0)
            if to_trait.any():
                it = np.flatnonzero(to_trait)
                bt = best_t[it]
                flat_chips[row_c[it] + e_n + bt] += 1
                flat_invest[it * t_n + bt] *= 0.5
                best_t[it] = np.argmax(invest[it], axis=1)
                best_tv[it] = flat_invest[it * t_n + best_t[it]]
    return chips


@dataclass
class Bot:
    """A named strategy. `decide` returns an Allocation for every game of the batch."""

    name: str
    barred: frozenset[str] = field(default_factory=frozenset)
    # True for a bot that keeps nothing of an observation after deciding (see
    # strategy.forgets_observations): the runner may then advance the state in place
    forgets_observations: ClassVar[bool] = False

    def decide(self, obs: Observation) -> Allocation:
        """This turn's allocation for every game in the batch."""
        raise NotImplementedError


class ForgetsAsInner:
    """A bot around another (`inner`): it forgets what it saw when the inner bot does."""

    @property
    def forgets_observations(self) -> bool:
        return forgets_observations(self.inner)


class RandomBot(Bot):
    """Places every chip on a random target (an expectation, a trait or rest)."""

    forgets_observations = True

    def decide(self, obs):
        scn, state = obs.scenario, obs
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
            lambda st, rows, eff, dem, s, o, stance: rng.uniform(
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
    forgets_observations = True

    def decide(self, obs):
        scn, state = obs.scenario, obs
        ids = [e.id for e in scn.rules.expectations]
        allowed = np.array([i in self.targets for i in ids])
        # a spreading bot aims at equal coverage everywhere; a focused one at as much as it can
        level = 7.0 if self.spread else 1e6
        need = np.where(allowed, level, 0.0)[None, :].repeat(state.n_games, axis=0)
        chips = _greedy(scn, state, need, allowed, np.zeros((state.n_games, scn.rules.n_traits)))
        w = np.array(self.prefer)
        opts = _choose_options(
            scn, state, lambda st, rows, eff, dem, s, o, stance: (eff * w).sum(axis=-1) - 1e-3 * dem
        )
        return Allocation(chips=chips, options=opts)


ADAPTIVE_DEFAULTS = {
    "cover_target": 30.0,  # below this cover, managing up becomes a need
    "cover_need": 14.0,
    "trust_target": 45.0,
    "trust_need": 14.0,
    "stake_min": 0.3,  # an event's weight per unit of demand, relative to the task
    "stake_max": 1.1,
    "urgency": 1.2,  # extra weight on events in their last turn
    "triage": 1.0,  # 1: put first the events in their last turn (triage); 0: never
    "prepare_ahead": 1.0,  # prepare for foreseen calendar events this many turns ahead (0: never)
    "prepare": 0.05,  # share of a coming calendar event's demand prepared for
    "invest": 10.6,  # worth of a chip on a trait at trait 0 with the whole game ahead
    "invest_stop": 3.3,  # turns before the end when building traits stops paying
    "situational": 1.0,  # 1: read the situation (stances, meters, urgency, stakes, calendar); 0: not
    "red_tape_cost": 0.25,  # points a point of red tape costs over the rest of the game
    "steady": 1.0,  # 1: keep working on a trait once started (embedding needs sustained work)
}
STANCE_CHOICE = ("rule", "judo", "up", "out")

CALIBRATION_SEEDS = np.arange(900_000, 900_048, dtype=np.uint64)
CALIBRATION_STEP = 25.0  # trait points above and below the start
_STUDIES: dict[tuple[str, int], Study] = {}
SPREADS = (0.15, 0.5, 1.0)  # how evenly the bot tries to build the traits (1: evenly)
INVEST_FACTORS = (0.25, 0.5, 1.0, 2.0)  # levels of organisation development the bot tries


@dataclass(frozen=True, eq=False)
class Study:
    """What the adaptive bot has learnt about a scenario before playing it."""

    trait_values: np.ndarray  # [T] score per trait point, never below zero
    invest: float  # factor on the `invest` parameter that scored best
    spread: float  # `spread` that scored best


def study_id(scn: ScenarioData) -> tuple[str, int]:
    """Which study a scenario uses in this process: its file's content, and its length (a game
    cut short, as the debrief's tests do, is another game to study). Variants the lab makes by
    switching off a mechanic keep the study of the scenario as written."""
    return scn.content_hash, scn.n_turns


def study_steps(scn: ScenarioData) -> int:
    """How many batches of games a study of the scenario plays (the steps of its progress)."""
    return 2 * scn.rules.n_traits + len(INVEST_FACTORS) * len(SPREADS)


def study(scn: ScenarioData, progress: Callable[[int, int], None] | None = None) -> Study:
    """Study a scenario by simulation, once (cached by content hash); `progress(done, total)`
    hears of every batch played (see `study_steps`).

    For every trait the bot plays a few dozen games with that trait starting higher and lower
    and keeps the difference in mean score per trait point; then it tries a few levels of
    organisation development (how much, and how evenly over the traits) and keeps the best.
    """
    key = study_id(scn)
    if key not in _STUDIES:
        from .runner import play  # the runner does not import bots: no cycle at load time

        total, done = study_steps(scn), 0

        def played(batch) -> float:
            nonlocal done
            done += 1
            if progress:
                progress(done, total)
            return batch.scores.mean()

        flat = np.ones(scn.rules.n_traits)
        student = AdaptiveBot("adaptive", learnt=Study(flat, 1.0, 1.0))
        values = np.zeros(scn.rules.n_traits)
        for t in range(scn.rules.n_traits):
            scores = []
            for sign in (1.0, -1.0):
                start = scn.start_traits.copy()
                start[t] = np.clip(start[t] + sign * CALIBRATION_STEP, 0.0, 100.0)
                variant = replace(scn, start_traits=start)
                scores.append(played(play(variant, CALIBRATION_SEEDS, student)))
            values[t] = max(0.0, (scores[0] - scores[1]) / (2 * CALIBRATION_STEP))
        best = (-np.inf, 1.0, 1.0)
        for factor in INVEST_FACTORS:
            for spread in SPREADS:
                trial = AdaptiveBot("adaptive", learnt=Study(values, factor, spread))
                mean = played(play(scn, CALIBRATION_SEEDS, trial))
                best = max(best, (mean, factor, spread))
        _STUDIES[key] = Study(values, best[1], best[2])
    return _STUDIES[key]


def _trait_priority(learnt: Study) -> np.ndarray:
    """How much each trait is worth building, relative to the others [T] (mean 1)."""
    w = learnt.trait_values
    if learnt.spread >= 1.0 or w.mean() <= 0:
        return np.ones_like(w)
    return learnt.spread + (1.0 - learnt.spread) * w / w.mean()


@dataclass
class AdaptiveBot(Bot):
    """Reads the open events, the calendar and the meters; meets the most urgent needs first."""

    params: dict = field(default_factory=lambda: dict(ADAPTIVE_DEFAULTS))
    learnt: Study | None = None  # None: study the scenario first (see `study`)
    always: str | None = None  # a stance it always takes when a dilemma offers it
    forgets_observations = True

    def decide(self, obs):
        scn, state = obs.scenario, obs
        p = self.params
        read = p["situational"] > 0
        k = kernels(state.n_games) if scn.rules.n_exp <= 128 else None
        if k is None:
            opts, chips = self._choices(scn, state)
        else:
            opts, chips = self._compiled_choices(k, scn, state)
        cur = current_turn(state)
        # triage: what must be settled this turn is served first
        focus = None
        if read and p["triage"] > 0:
            focus = state.ev_active & (state.ev_deadline <= 1)
        # foresight: work ahead for the calendar events in sight that come soon
        prepare = None
        if read and p["prepare_ahead"] > 0 and scn.calendar:
            soon = np.array([0 < c.turn - cur <= p["prepare_ahead"] for c in scn.calendar])
            prepare = foreseeable(scn, state) & soon[None, :]
        return Allocation(chips=chips, options=opts, focus=focus, prepare=prepare)

    def _choices(self, scn, state) -> tuple[np.ndarray, np.ndarray]:
        """The options [G, S] and chips [G, M, A] of this turn: the reference, numpy over the
        whole batch (`_compiled_choices` gives the same bits one game after the other)."""
        p = self.params
        r = scn.rules
        ids = [e.id for e in r.expectations]
        tids = [t.id for t in r.traits]
        g = state.n_games
        cover = state.meters[:, COVER]
        trust = state.meters[:, TRUST]

        read = p["situational"] > 0
        fit = stance_fit(scn, state) if read else None
        left_turns = max(1, scn.n_turns - current_turn(state))

        def option_score(st, rows, eff, dem, s, o, stance):
            if read:
                cw = 1.0 + 2.0 * (cover[rows] < 40) + 1.0 * (cover[rows] < 55)
                tw = 0.8 + 1.0 * (trust[rows] < 45)
                one = np.ones((rows.size, 1))
                eff = (
                    eff
                    + fit_effects(
                        scn, fit[rows], stance[:, None], st.ev_severity[rows, s][:, None] * one
                    )[:, 0]
                )
            else:
                cw = tw = 1.0
            value = eff[:, PV] + cw * eff[:, COVER] + tw * eff[:, TRUST] - 0.12 * dem
            if read:  # the risk-rule reflex leaves red tape that costs for the rest of the game
                tape = (
                    (stance == STANCE["rule"])
                    * r.c("red_tape_per_choice")
                    * st.ev_severity[rows, s]
                )
                value = value - p["red_tape_cost"] * tape * left_turns / scn.n_turns
            if self.always is not None:
                value = value + 1e6 * (stance == STANCE[self.always])
            return value

        opts = _choose_options(scn, state, option_score)
        need, invest = self._needs(scn, state, opts)
        allowed = np.array([i not in self.barred for i in ids])
        chips = _greedy(scn, state, need, allowed, np.broadcast_to(invest, (g, len(tids))))
        return opts, chips

    def _needs(self, scn, state, opts) -> tuple[np.ndarray, np.ndarray]:
        """What is still needed per expectation [G, E] and what a chip on each trait is worth
        [G, T] (-inf where barred), once `opts` are chosen."""
        p = self.params
        r = scn.rules
        tids = [t.id for t in r.traits]
        g = state.n_games
        cover = state.meters[:, COVER]
        trust = state.meters[:, TRUST]
        read = p["situational"] > 0
        # needs: the task, the open events (after this turn's choices), and the meters
        tmpl = np.where(state.ev_active, state.ev_template, 0)
        opt = np.where(opts >= 0, opts, np.maximum(state.ev_option, 0))
        mult = hook_multipliers(scn, state.traits)
        remaining = state.ev_remaining.copy()
        at = np.nonzero(opts >= 0)
        remaining[at] = option_demand(scn, state, tmpl, opt, mult, at)
        remaining = remaining * state.ev_active[..., None]
        urgency = np.where(state.ev_deadline <= 1, p["urgency"] if read else 1.0, 1.0)
        # what is at stake per unit of demand, relative to the central task's value per unit
        mw = np.stack(
            [np.ones(g), 1.0 + 2.0 * (cover < 35) + 1.0 * (cover < 55), 0.7 + 0.8 * (trust < 45)],
            axis=1,
        )
        swing = _option_tables(scn)[1][tmpl, opt]
        stake = add_up(swing * mw[:, None, :]) * state.ev_severity
        per_unit = stake / np.maximum(add_up(remaining), 1.0)
        task_unit = scn.task_value_rate / max(scn.task_demand.sum(), 1e-9)
        weight = np.clip(per_unit / task_unit, p["stake_min"], p["stake_max"])
        weight = weight if read else np.full_like(weight, 0.7)
        # the task as the executive now wants it (a blind bot keeps serving the first priorities)
        task = task_demand(scn, state, mult) if read else scn.task_demand[None, :]
        need = task + add_up(remaining * (urgency * weight)[..., None], 1)
        low_cover = np.clip((p["cover_target"] - cover) / 30.0, 0.0, 1.5) * read
        need = need + low_cover[:, None] * p["cover_need"] * r.cover_weight[None, :]
        low_trust = np.clip((p["trust_target"] - trust) / 30.0, 0.0, 1.5) * read
        need = need + low_trust[:, None] * p["trust_need"] * r.trust_weight[None, :]
        cur = current_turn(state)
        horizon = foresight(scn, state.traits)
        for entry in scn.calendar:
            if entry.template < 0 or entry.turn < cur:
                continue
            ahead = (entry.turn - cur <= horizon) & (entry.turn > cur) & read
            need = need + ahead[:, None] * p["prepare"] * scn.t_demand[entry.template][None, :]
        # organisation development: worthwhile while enough turns remain
        left = scn.n_turns - cur
        worth = max(0.0, (left - p["invest_stop"]) / scn.n_turns)
        learnt = self.learnt or study(scn)
        invest = (
            p["invest"]
            * learnt.invest
            * worth
            * (1.0 - state.traits / 100.0)
            * _trait_priority(learnt)
        )
        # embedding needs sustained work: a trait already being built is worth keeping up
        sustained = np.minimum(state.streak, r.c("embed_streak")) / max(r.c("embed_streak"), 1.0)
        invest = invest * (1.0 + p["steady"] * sustained)
        invest = np.where(np.array([t in self.barred for t in tids])[None, :], -np.inf, invest)
        return need, invest

    def _compiled_choices(self, k, scn, state, keep=None) -> tuple[np.ndarray, np.ndarray]:
        """`_choices` by the compiled kernel `k.adaptive`, one game after the other (the stances'
        fit and skill ** exponent stay numpy's: tanh and pow as the engine computes them).
        `keep`: arrays [G, E] and [G, T] that receive `_needs` (for the tests)."""
        p = self.params
        r = scn.rules
        g = state.n_games
        read = p["situational"] > 0
        cur = current_turn(state)
        left_turns = max(1, scn.n_turns - cur)
        worth = max(0.0, (scn.n_turns - cur - p["invest_stop"]) / scn.n_turns)
        learnt = self.learnt or study(scn)
        fit = stance_fit(scn, state) if read else np.zeros((g, r.stance_payoff.shape[0]))
        effects, swing, o_sum = _option_tables(scn)
        coming = [c for c in scn.calendar if c.template >= 0 and c.turn >= cur]
        cal_turn = np.array([c.turn for c in coming], dtype=np.int64)
        cal_demand = scn.t_demand[np.array([c.template for c in coming], dtype=np.int64)]
        floats = [
            p["situational"],
            r.c("stance_payoff_scale"),
            r.c("red_tape_per_choice"),
            p["red_tape_cost"],
            p["urgency"],
            p["stake_min"],
            p["stake_max"],
            scn.task_value_rate / max(scn.task_demand.sum(), 1e-9),
            p["cover_target"],
            p["cover_need"],
            p["trust_target"],
            p["trust_need"],
            p["prepare"],
            p["invest"] * learnt.invest * worth,
            p["steady"],
            r.c("embed_streak"),
            r.c("energy_factor_min"),
            r.c("red_tape_demand"),
        ]
        barred = np.array([e.id in self.barred for e in r.expectations])
        c = np.ascontiguousarray
        return k.adaptive(
            c(state.alive),
            c(state.meters),
            c(state.energy),
            c(skill_power(scn, state.skills)),
            c(state.traits),
            c(state.streak),
            c(state.red_tape),
            c(state.priority),
            c(foresight(scn, state.traits)),
            c(fit),
            c(state.ev_active),
            c(state.ev_template),
            c(state.ev_option),
            c(state.ev_severity),
            c(state.ev_remaining),
            c(state.ev_deadline),
            c(scn.t_n_options),
            c(effects),
            c(swing),
            c(o_sum),
            c(scn.o_stance),
            c(scn.o_demand),
            c(r.stance_payoff),
            c(r.trait_hooks),
            c(scn.knob_base),
            c(scn.task_demand),
            c(r.cover_weight),
            c(r.trust_weight),
            cal_turn,
            c(cal_demand),
            c(scn.capacity),
            barred,
            bool(barred.any()),
            c(_trait_priority(learnt), dtype=np.float64),
            np.array([t.id in self.barred for t in r.traits]),
            HOOK["event_demand"],
            HOOK["task_demand"],
            np.array([PV, COVER, TRUST], dtype=np.int64),
            np.array([STANCE["rule"], -1 if self.always is None else STANCE[self.always]]),
            np.array([cur, left_turns, scn.n_turns], dtype=np.int64),
            np.array(floats, dtype=np.float64),
            *(keep or (np.empty((0, r.n_exp)), np.empty((0, r.n_traits)))),
        )


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
    "adaptive-blind",
    "adaptive-always:<stance>",
)


@dataclass
class UserPolicy(Bot):
    """A strategy of the user's own, loaded from a Python file (see docs/strategies.md)."""

    inner: object = None

    def decide(self, obs):
        alloc = self.inner.decide(obs)
        if not isinstance(alloc, Allocation):
            raise UnknownBot(
                f"{self.name}: decide() must return an Allocation, not {type(alloc).__name__}"
            )
        return alloc


def load_user_policy(spec: str) -> UserPolicy:
    """`path/to/file.py:ClassName` -> an instance of that class (the file is code and runs as the user)."""
    path_text, _, class_name = spec.rpartition(":")
    path = Path(path_text)
    if not path.is_file():
        raise UnknownBot(f"no strategy file '{path_text}' (expected FILE.py:ClassName)")
    module_name = "user_strategy_" + "".join(c if c.isalnum() else "_" for c in path.stem)
    loader = importlib.util.spec_from_file_location(module_name, path)
    if loader is None or loader.loader is None:
        raise UnknownBot(f"'{path_text}' cannot be loaded as a Python file")
    module = importlib.util.module_from_spec(loader)
    try:
        loader.loader.exec_module(module)
    except Exception as exc:  # the user's file: report, do not crash
        raise UnknownBot(f"{path_text}: {type(exc).__name__}: {exc}") from None
    cls = getattr(module, class_name, None)
    if cls is None or not hasattr(cls, "decide"):
        raise UnknownBot(
            f"{path_text} has no class '{class_name}' with a decide(observation) method"
        )
    try:
        inner = cls()
    except Exception as exc:
        raise UnknownBot(
            f"{path_text}: {class_name}() failed: {type(exc).__name__}: {exc}"
        ) from None
    return UserPolicy(spec, inner=inner)


def make_bot(name: str, scn: ScenarioData) -> Bot:
    """A bot by name: random, balanced, managing-up, managing-out, single:<id>, adaptive,
    adaptive-without:<id>[,<id>…] (adaptive, barred from some expectations or traits),
    or FILE.py:ClassName (a strategy of the user's own)."""
    if ".py:" in name:
        return load_user_policy(name)
    ids = [e.id for e in scn.rules.expectations]
    tids = [t.id for t in scn.rules.traits]
    if name == "random":
        return RandomBot(name)
    if name == "adaptive":
        return AdaptiveBot(name)
    if name == "adaptive-blind":
        return AdaptiveBot(name, params={**ADAPTIVE_DEFAULTS, "situational": 0.0})
    if name.startswith("adaptive-always:"):
        stance = name.split(":", 1)[1]
        if stance not in STANCE_CHOICE:
            raise UnknownBot(f"'{stance}' is not a stance (use one of: {', '.join(STANCE_CHOICE)})")
        return AdaptiveBot(name, always=stance)
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
        f"single:<expectation>, adaptive, adaptive-blind, adaptive-always:<stance>, "
        f"or FILE.py:ClassName)"
    )


@dataclass
class LateInvestment(ForgetsAsInner, Bot):
    """Another bot that, in the last turns, moves one chip per member from daily work to a trait."""

    inner: Bot | None = None
    turns: int = 3

    def decide(self, obs):
        scn, state = obs.scenario, obs
        alloc = self.inner.decide(obs)
        if scn.n_turns - current_turn(state) >= self.turns:
            return alloc
        chips = alloc.chips.copy()
        e = scn.rules.n_exp
        gi = np.arange(state.n_games)
        low = np.argmin(state.traits, axis=1)
        for m in range(scn.n_members):
            top = np.argmax(chips[:, m, :e], axis=1)
            has = chips[gi, m, top] > 0
            chips[gi[has], m, top[has]] -= 1
            chips[gi[has], m, e + low[has]] += 1
        return replace(alloc, chips=chips)


@dataclass
class ForcedOption(ForgetsAsInner, Bot):
    """Another bot, except that one dilemma is always answered with one option."""

    inner: Bot | None = None
    template: int = -1
    option: int = 0

    def decide(self, obs):
        state = obs
        alloc = self.inner.decide(obs)
        hit = (alloc.options >= 0) & (state.ev_template == self.template) & state.ev_active
        options = np.where(hit, self.option, alloc.options)
        return replace(alloc, options=options)


def steady_and_burst(scn: ScenarioData, total_turns: int = 16, burst_turns: int = 4):
    """Two schedules of the same total trait chips: one chip per member per turn for
    `total_turns` turns, or the same chips packed into the first `burst_turns` turns."""
    per = total_turns // burst_turns
    return (1,) * total_turns, (per,) * burst_turns
