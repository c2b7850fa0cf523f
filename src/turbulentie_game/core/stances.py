"""Stances and the situation: a dilemma option's outcome depends on where and when it is chosen.

Each option carries a stance (the risk-rule reflex, judo, managing up, managing out). When it is
chosen, the stance meets the situation: its fit is tanh(bias + situation . weights), between -1
(it backfires) and +1 (it fits), and the meters move by fit x payoff x severity on top of the
option's own effects. Weights, bias and payoff are data (rules.yaml, `stances`); the situation is
read off the state, the actors and the scenario's quadrant.
"""

from __future__ import annotations

import numpy as np

from . import libm
from .features import Memo, current_turn
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
    cols += [(state.actors[:, a] - 50.0) / 50.0 for a in range(state.actors.shape[1])]
    return np.stack(cols, axis=1)


_FIT = Memo()  # the last situation's fits


def stance_fit(scn: ScenarioData, state) -> np.ndarray:
    """How well each stance fits each game's situation, -1..1 [G, STANCES] (0 for 'none')."""
    r = scn.rules
    w = r.stance_weights
    sit = situation(scn, state)

    def compute():
        out = np.broadcast_to(r.stance_bias, (sit.shape[0], w.shape[0])).copy()
        for f in range(w.shape[1]):  # a fixed order: the same result whatever the batch size
            out += sit[:, f, None] * w[None, :, f]
        return libm.tanh(out)

    # the bot and resolution read the same situation in a turn: computed once (read-only)
    return _FIT.get((sit, w, r.stance_bias), compute)


def fit_effects(scn: ScenarioData, fit: np.ndarray, stance: np.ndarray, scale: np.ndarray):
    """The meter change of choosing options of `stance` [G, S] at `fit` [G, STANCES], times
    `scale` [G, S] (severity where chosen, 0 elsewhere) -> [G, S, 3]."""
    r = scn.rules
    f = np.take_along_axis(fit, stance, axis=1) * scale * r.c("stance_payoff_scale")
    return f[..., None] * r.stance_payoff[stance]
