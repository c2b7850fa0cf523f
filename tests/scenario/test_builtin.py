"""Every shipped scenario validates and plays to the end."""

import numpy as np

from turbulentie_game.core.model import END_RUNNING
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import builtin_scenarios, default_scenario
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.runner import play


def test_builtin_scenario_validates_and_plays_to_the_end(builtin_path):
    scn = load_scenario(builtin_path)
    assert 18 <= scn.n_turns <= 24
    for bot in ("random", "balanced", "adaptive"):
        result = play(scn, np.arange(10), make_bot(bot, scn))
        assert not result.state.alive.any()
        assert (result.state.ended_because != END_RUNNING).all()


def test_default_scenario_comes_first():
    listed = builtin_scenarios()
    assert listed[0].id == default_scenario().id
    assert [b.order for b in listed] == sorted(b.order for b in listed)


def test_default_scenario_exercises_every_mechanic(scn):
    assert len(scn.members) >= 4
    assert {int(k) for k in scn.t_kind} == {0, 1, 2, 3}
    assert {int(p) for p in scn.t_polarity} == {0, 1}
    assert (scn.t_n_options >= 2).sum() >= 2
    assert (scn.bundles.follow_up >= 0).any()
    assert (scn.bundles.lasting_turns > 0).any()
    assert scn.cond_rows.shape[0] > 0 and scn.mod_rows.shape[0] > 0
    assert any(c.template >= 0 for c in scn.calendar)
