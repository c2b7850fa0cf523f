"""Stances and the situation: a dilemma option's outcome depends on where and when it is chosen.

Each option carries a stance (the risk-rule reflex, judo, managing up, managing out). Its gains
are multiplied, and its losses divided, by exp(situation . weights[stance]): the weights are data
(rules.yaml, `stances`), the situation is read off the state and the scenario's quadrant.
"""

from __future__ import annotations

import numpy as np

from .features import current_turn
from .model import COVER, TRUST, ScenarioData


def campaign(scn: ScenarioData, turn: int) -> float:
    """How deep in an election campaign the turn is: 1 on election day, 0 beyond campaign_turns."""
    width = scn.rules.c("campaign_turns")
    if scn.elections.size == 0 or width <= 0:
        return 0.0
    ahead = scn.elections[scn.elections >= turn] - turn
    if ahead.size == 0:
        return 0.0
    return float(max(0.0, 1.0 - ahead.min() / width))


def situation(scn: ScenarioData, state) -> np.ndarray:
    """The situation a stance meets, per game [G, SITUATION], each about -1..1."""
    g = state.meters.shape[0]
    cols = [
        (state.meters[:, TRUST] - 50.0) / 50.0,
        (state.meters[:, COVER] - 50.0) / 50.0,
        np.full(g, scn.axes[0]),
        np.full(g, scn.axes[1]),
        state.red_tape / 50.0,
        np.full(g, campaign(scn, current_turn(state))),
        np.minimum(state.slips / 10.0, 2.0),
    ]
    return np.stack(cols, axis=1)


def stance_factors(scn: ScenarioData, state) -> np.ndarray:
    """The factor on each stance's gains in each game's situation [G, STANCES] (1 for 'none')."""
    w = scn.rules.stance_weights
    sit = situation(scn, state)
    out = np.zeros((sit.shape[0], w.shape[0]))
    for f in range(w.shape[1]):  # a fixed order: the same result whatever the batch size
        out += sit[:, f, None] * w[None, :, f]
    return np.exp(np.clip(out, -3.0, 3.0))


def tilt(effects: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """Gains times the factor, losses divided by it (factor broadcast over the last axis)."""
    f = factor[..., None]
    return np.where(effects > 0, effects * f, effects / f)
