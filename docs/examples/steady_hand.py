"""An example strategy: a fixed rule of thumb, written against the strategy interface.

Use it with `turbulentie-game simulate wijk_in_beweging --seed 1 --bot
docs/examples/steady_hand.py:SteadyHand` or in the balance lab with
`--bots adaptive,docs/examples/steady_hand.py:SteadyHand`.
"""

import numpy as np

from turbulentie_game.core.allocation import Allocation


class SteadyHand:
    """Rests when tired, keeps one chip on the weakest trait, and otherwise works where each
    member is strongest among the expectations the task asks for; takes the first option."""

    def decide(self, obs):
        scn = obs.scenario
        g, m_n = obs.n_games, scn.n_members
        e_n, t_n = scn.rules.n_exp, scn.rules.n_traits
        chips = np.zeros((g, m_n, e_n + t_n + 1), dtype=np.int64)
        asked = scn.task_demand > 0
        for m in range(m_n):
            cap = int(scn.capacity[m])
            rest = np.minimum(np.where(obs.energy[:, m] < 50, 2, 0), cap - 1)
            skill = np.where(asked[None, :], obs.skills[:, m, :], -1.0)
            best = np.argmax(skill, axis=1)
            weakest = np.argmin(obs.traits, axis=1)
            gi = np.arange(g)
            chips[gi, m, e_n + t_n] = rest
            chips[gi, m, e_n + weakest] += 1
            chips[gi, m, best] += cap - 1 - rest
        tmpl = np.where(obs.ev_active, obs.ev_template, 0)
        open_dilemma = obs.ev_active & (scn.t_n_options[tmpl] > 0) & (obs.ev_option < 0)
        options = np.where(open_dilemma, 0, -1)
        return Allocation(chips=chips, options=options)
