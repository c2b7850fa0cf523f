"""Rules of thumb a trainee might settle on after two games, written against the strategy
interface. The model teaches judgment only if none of them comes close to thoughtful play: each
must stay at or below 85 % of the adaptive bot's mean score on every built-in scenario.

The figures of the last measurement are in the README (balance section)."""

import numpy as np
import pytest

from turbulentie_game.core.allocation import Allocation
from turbulentie_game.core.features import foreseeable
from turbulentie_game.core.model import STANCE
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import builtin_scenarios
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.runner import play

SEEDS = np.arange(7_000, 7_120, dtype=np.uint64)
RULE_MAX = 0.85


def _open_dilemmas(obs):
    scn = obs.scenario
    tmpl = np.where(obs.ev_active, obs.ev_template, 0)
    return obs.ev_active & (scn.t_n_options[tmpl] > 0) & (obs.ev_option < 0), tmpl


def _pick_stance(obs, stances: tuple[str, ...]):
    """The first option whose stance is the first of `stances` on offer (else option 0)."""
    scn = obs.scenario
    need, tmpl = _open_dilemmas(obs)
    pick = np.zeros(need.shape, dtype=np.int64)
    for st in reversed(stances):
        for o in range(scn.n_options - 1, -1, -1):
            has = (o < scn.t_n_options[tmpl]) & (scn.o_stance[tmpl, o] == STANCE[st])
            pick = np.where(has, o, pick)
    return np.where(need, pick, -1)


def _spread(obs, weights: np.ndarray, rest_below: float = 45.0, trait_chips: int = 0):
    """Each member spreads its chips over the expectations by `weights` [E] (largest
    remainder), after resting when tired and putting `trait_chips` on the weakest trait."""
    scn = obs.scenario
    g, m_n = obs.n_games, scn.n_members
    e_n, t_n = scn.rules.n_exp, scn.rules.n_traits
    chips = np.zeros((g, m_n, e_n + t_n + 1), dtype=np.int64)
    gi = np.arange(g)
    w = weights / weights.sum()
    for m in range(m_n):
        cap = int(scn.capacity[m])
        rest = np.where(obs.energy[:, m] < rest_below, 2, 0)
        trait = np.minimum(trait_chips, cap - rest)
        work = cap - rest - trait
        chips[gi, m, e_n + t_n] = rest
        chips[gi, m, e_n + np.argmin(obs.traits, axis=1)] += trait
        share = work[:, None] * w[None, :]
        base = np.floor(share).astype(np.int64)
        left = work - base.sum(axis=1)
        order = np.argsort(-(share - base), axis=1, kind="stable")
        for j in range(e_n):
            extra = left > j
            base[gi[extra], order[extra, j]] += 1
        chips[:, m, :e_n] = base
    return chips


class TaskShares:
    """Works exactly the task's shares, rests when tired, always the first option."""

    def decide(self, obs):
        scn = obs.scenario
        need, _ = _open_dilemmas(obs)
        return Allocation(_spread(obs, scn.task_demand + 1e-9), np.where(need, 0, -1))


class HalfUpHalfOut:
    """Half the time managing up, half managing out, the task's own work on top; 'up' options."""

    def decide(self, obs):
        scn = obs.scenario
        orient = np.array(scn.rules.orientation)
        w = scn.task_demand + 4.0 * (orient == "up") + 4.0 * (orient == "out")
        return Allocation(_spread(obs, w), _pick_stance(obs, ("up", "rule")))


class OpenAndSteady:
    """The 'open' reflex: judo or out whenever offered; the task's shares; one chip per member
    on the weakest trait every turn (permanent learning as a fixed habit)."""

    def decide(self, obs):
        scn = obs.scenario
        chips = _spread(obs, scn.task_demand + 1e-9, trait_chips=1)
        return Allocation(chips, _pick_stance(obs, ("judo", "out")))


class SafeAndCovered:
    """The risk-rule reflex with cover first: rule or up whenever offered; extra managing up."""

    def decide(self, obs):
        scn = obs.scenario
        orient = np.array(scn.rules.orientation)
        w = scn.task_demand + 3.0 * (orient == "up")
        return Allocation(_spread(obs, w, rest_below=55.0), _pick_stance(obs, ("rule", "up")))


class CheapestOption:
    """Takes the option that asks least of the team; the task's shares, generous rest."""

    def decide(self, obs):
        scn = obs.scenario
        need, tmpl = _open_dilemmas(obs)
        demand = scn.o_demand[tmpl].sum(axis=-1)  # [G, S, O]
        valid = np.arange(scn.n_options)[None, None, :] < scn.t_n_options[tmpl][..., None]
        pick = np.argmin(np.where(valid, demand, np.inf), axis=-1)
        return Allocation(_spread(obs, scn.task_demand + 1e-9, 60.0), np.where(need, pick, -1))


class LastCallFirst:
    """Triage as a fixed habit: every event in its last turn is put first, every calendar date
    in sight is prepared for; otherwise the task's shares with a little managing up and out,
    and the 'open' option."""

    def decide(self, obs):
        scn = obs.scenario
        orient = np.array(scn.rules.orientation)
        w = scn.task_demand + 1.5 * (orient == "up") + 1.5 * (orient == "out")
        focus = obs.ev_active & (obs.ev_deadline <= 1)
        prepare = foreseeable(scn, obs) if scn.calendar else None
        return Allocation(_spread(obs, w), _pick_stance(obs, ("judo", "out")), focus, prepare)


RULES = (TaskShares, HalfUpHalfOut, OpenAndSteady, SafeAndCovered, CheapestOption, LastCallFirst)


@pytest.fixture(scope="module", params=builtin_scenarios(), ids=lambda e: e.id)
def scenario_and_adaptive(request):
    scn = load_scenario(request.param.path)
    return scn, play(scn, SEEDS, make_bot("adaptive", scn)).scores.mean()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_no_rule_of_thumb_comes_near_thoughtful_play(scenario_and_adaptive, rule):
    scn, adaptive = scenario_and_adaptive
    mean = play(scn, SEEDS, rule()).scores.mean()
    assert mean <= RULE_MAX * adaptive, (
        f"{scn.id}: {rule.__name__} scores {mean:.1f}, {100 * mean / adaptive:.0f}% of the "
        f"adaptive bot's {adaptive:.1f}"
    )
