"""Derived quantities read by several stages: condition features, trait multipliers, foresight."""

from __future__ import annotations

import numpy as np

from .model import HOOK, ScenarioData
from .state import GameState


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b summed element-wise, so that each game's result never depends on the batch size.

    (BLAS matrix products may sum in another order for another batch size or machine.)
    """
    if b.ndim == 1:
        return (a * b).sum(axis=-1)
    out = np.zeros(a.shape[:-1] + b.shape[1:])
    for k in range(b.shape[0]):  # in a fixed order, one term at a time
        out += a[..., k, None] * b[k]
    return out


def hook_multipliers(scn: ScenarioData, traits: np.ndarray) -> np.ndarray:
    """Per game, how strongly each engine knob is scaled by the setting and the traits [G, H]."""
    centred = (traits - 50.0) / 50.0
    return np.clip(scn.knob_base * (1.0 + dot(centred, scn.rules.trait_hooks)), 0.05, 5.0)


def hook(mult: np.ndarray, name: str) -> np.ndarray:
    """One column of the trait multipliers by knob name."""
    return mult[:, HOOK[name]]


def current_turn(state: GameState) -> int:
    """The number of the turn being played, counting from 1 as players do."""
    return state.turn + 1


def team_energy(state: GameState) -> np.ndarray:
    """Mean energy of the team per game."""
    return state.energy.mean(axis=1)


def features(scn: ScenarioData, state: GameState) -> np.ndarray:
    """The state as a feature matrix [G, F] for conditions and rate rules (see model.feature_names)."""
    g = state.n_games
    n = scn.n_templates
    cur = current_turn(state)
    cal_turns = np.array([c.turn for c in scn.calendar], dtype=np.float64)
    until = np.where(cal_turns >= cur, cal_turns - cur, 999.0)
    active = np.zeros((g, n))
    if n:
        tmpl = np.where(state.ev_active, state.ev_template, n)
        for s in range(tmpl.shape[1]):
            active[np.arange(g)[tmpl[:, s] < n], tmpl[:, s][tmpl[:, s] < n]] = 1.0
    return np.concatenate(
        [
            np.full((g, 1), float(cur)),
            state.meters,
            team_energy(state)[:, None],
            state.traits,
            state.pressure,
            np.broadcast_to(until, (g, until.shape[0])),
            state.fired.astype(np.float64),
            active,
        ],
        axis=1,
    )


def rows_hold(feats: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Whether each (feature, lo, hi) row holds per game: lo <= value < hi [G, R]."""
    if rows.shape[0] == 0:
        return np.zeros((feats.shape[0], 0), dtype=bool)
    vals = feats[:, rows[:, 1].astype(np.int64)]
    return (vals >= rows[:, 2]) & (vals < rows[:, 3])


def foreseeable(scn: ScenarioData, state) -> np.ndarray:
    """Per game and calendar entry, whether its event is in sight and still to come [G, C]:
    what the team can prepare for (the 'slim' trait sees further)."""
    cur = current_turn(state)
    horizon = foresight(scn, state.traits)
    out = np.zeros((state.n_games, len(scn.calendar)), dtype=bool)
    for c, entry in enumerate(scn.calendar):
        if entry.template >= 0 and entry.turn > cur:
            out[:, c] = entry.turn - cur <= horizon
    return out


def prepared_demand(scn: ScenarioData, prepare: np.ndarray) -> np.ndarray:
    """What the calendar entries a team prepares for ask per expectation, at their mean
    severity [G, E]."""
    out = np.zeros((prepare.shape[0], scn.t_demand.shape[1]))
    for c in np.nonzero(prepare.any(axis=0))[0]:
        t = scn.calendar[c].template
        mean = 0.5 * (scn.t_sev_lo[t] + scn.t_sev_hi[t])
        out += prepare[:, c, None] * (scn.t_demand[t] * mean)[None, :]
    return out


def foresight(scn: ScenarioData, traits: np.ndarray) -> np.ndarray:
    """How many turns ahead the calendar is visible, per game (grows with the 'slim' trait)."""
    r = scn.rules
    return np.floor(
        r.foresight_base + traits[:, r.foresight_trait] / r.foresight_per_points
    ).astype(np.int64)
