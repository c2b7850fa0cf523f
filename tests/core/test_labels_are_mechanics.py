"""The scenario's labels change the game: generations of challenges, member archetypes, and the
traits `slim` (prepare), `plat` (react fast) and `maatwerk` (bulk and tailoring)."""

from dataclasses import replace

import numpy as np

from turbulentie_game.core.features import hook_multipliers
from turbulentie_game.core.model import HOOK, PROFILE
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.runner import play


def _variant(default_path, tmp_path, old: str, new: str):
    text = default_path.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / default_path.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_scenario(path)


def test_a_scenario_without_the_third_generation_has_no_network_society(
    scn, default_path, tmp_path
):
    first_two = _variant(
        default_path, tmp_path, 'generations: ["1.0", "2.0", "3.0"]', 'generations: ["1.0", "2.0"]'
    )
    for knob in ("network_value", "rate_agenda", "rate_temporal"):
        assert first_two.knob_base[HOOK[knob]] < scn.knob_base[HOOK[knob]]
    # and it plays differently: fewer events arrive
    seeds = np.arange(40)
    bot = make_bot("balanced", scn)
    full = play(scn, seeds, bot).state.events_by_kind.sum()
    fewer = play(first_two, seeds, make_bot("balanced", first_two)).state.events_by_kind.sum()
    assert fewer < full


def test_archetypes_give_members_a_mechanical_profile(scn):
    kinds = {m.archetype for m in scn.members}
    assert len(kinds) > 1
    up = [i for i, o in enumerate(scn.rules.orientation) if o == "up"]
    for m, member in enumerate(scn.members):
        if member.archetype == "butler":
            assert (scn.m_coverage[m, up] > 1.0).all()
        if member.archetype == "coach":
            assert scn.profile[m, PROFILE.index("skill_growth")] > 1.0
    # a team of the same people without their profiles plays another game
    flat = replace(scn, profile=np.ones_like(scn.profile), m_coverage=np.ones_like(scn.m_coverage))
    seeds = np.arange(20)
    a = play(scn, seeds, make_bot("balanced", scn)).scores
    b = play(flat, seeds, make_bot("balanced", flat)).scores
    assert not np.array_equal(a, b)


def test_plat_softens_commotion_and_maatwerk_lightens_the_task(scn):
    t = [tr.id for tr in scn.rules.traits]
    low, high = np.full((1, len(t)), 50.0), np.full((1, len(t)), 50.0)
    high[0, t.index("plat")] = 100.0
    high[0, t.index("maatwerk")] = 100.0
    high[0, t.index("slim")] = 100.0
    a, b = hook_multipliers(scn, low)[0], hook_multipliers(scn, high)[0]
    assert b[HOOK["commotion"]] < a[HOOK["commotion"]]
    assert b[HOOK["task_demand"]] < a[HOOK["task_demand"]]
    assert b[HOOK["readiness"]] > a[HOOK["readiness"]]
