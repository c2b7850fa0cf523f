"""The session's preview of a plan is what the engine does with it, computed once per plan."""

import numpy as np
import pytest

from turbulentie_game.play.session import Session
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import input_from_allocation
from turbulentie_game.sim.strategy import observe


def test_the_preview_is_what_the_turn_then_does_and_is_cached_per_plan():
    path = default_scenario().path
    scn = load_scenario(path)
    s = Session(scn, path, 4)
    bot = make_bot("adaptive", scn)
    for _ in range(6):
        s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
        pv = s.preview()
        assert s.preview() is pv  # no new computation while the plan stays the same
        views = {e.slot: e for e in s.events()}
        s.end_turn()
        res = s.reports[-1].resolution
        assert np.array_equal(pv.coverage, res.coverage[0])
        assert np.array_equal(pv.event_got, res.event_got[0])
        assert np.array_equal(pv.task_got, res.task_got[0])
        for slot, ev in views.items():
            assert np.array_equal(ev.expected, res.event_got[0, slot])
            assert np.array_equal(ev.remaining, res.event_demand[0, slot])


def test_a_plan_with_an_open_dilemma_is_previewed_and_a_change_recomputes_it():
    path = default_scenario().path
    scn = load_scenario(path)
    s = Session(scn, path, 11)
    member = scn.members[0].id
    empty = s.preview()
    assert not empty.coverage.any()
    assert s.plan.add(member, scn.rules.expectations[0].id)
    placed = s.preview()
    assert placed is not empty and placed.coverage[0] > 0
    assert s.plan.undo()
    assert np.array_equal(s.preview().coverage, empty.coverage)


def test_with_the_noise_at_zero_the_preview_is_exactly_the_turn_that_follows():
    from turbulentie_game.play.session import without_noise

    path = default_scenario().path
    scn = without_noise(load_scenario(path))
    s = Session(scn, path, 7)
    bot = make_bot("adaptive", scn)
    checked_events = 0
    for _ in range(10):
        s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
        pv = s.preview()
        views = s.events()
        s.end_turn()
        res = s.reports[-1].resolution
        assert np.array_equal(pv.meters_after, res.meters_after[0])
        for ev in views:
            if ev.ends:
                checked_events += 1
                assert ev.quality == float(res.quality[0, ev.slot])
                assert ev.quality_low == ev.quality_high == ev.quality  # no noise, no spread
            else:
                assert not res.resolved[0, ev.slot]
        if s.over:
            break
    assert checked_events > 0


def test_the_preview_spreads_the_meters_around_what_it_expects_when_events_end():
    path = default_scenario().path
    scn = load_scenario(path)
    s = Session(scn, path, 3)
    bot = make_bot("adaptive", scn)
    spread_seen = False
    for _ in range(8):
        s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
        pv = s.preview()
        for m in range(3):
            expected, low, high = pv.meter_change(m)
            assert low <= expected <= high
            spread_seen |= high - low > 0.05
        for ev in s.events():
            if ev.ends:
                assert ev.quality_low <= ev.quality + 1e-9 and ev.quality_high >= ev.quality - 1e-9
        s.end_turn()
    assert spread_seen


def test_each_events_put_first_what_if_is_the_preview_of_that_plan():
    """The board's 'Voorop: 80 % instead of 53 %' is what the preview says once it is toggled."""
    from turbulentie_game.core.features import foreseeable

    path = default_scenario().path
    scn = load_scenario(path)
    s = Session(scn, path, 4)
    bot = make_bot("adaptive", scn)
    checked = 0
    for _ in range(8):
        s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
        views = s.events()
        planned = s.preview().meters_after
        for ev in views:
            s.plan.toggle_focus(ev.uid)
            now = next(v for v in s.events() if v.uid == ev.uid)
            assert now.focused != ev.focused
            assert now.handled == pytest.approx(ev.toggled)  # the what-if is that preview
            assert np.allclose(s.preview().meters_after, planned + ev.toggled_effect)
            s.plan.undo()
            checked += 1
        # the calendar's dates: prepare only where the engine allows it
        can = foreseeable(scn, s.state)[0]
        for d in s.dates():
            c = [x.id for x in scn.calendar].index(d.id)
            assert (d.status == "prepare") == bool(can[c])
            assert 0 <= d.ready <= d.demand + 1e-9
        s.end_turn()
    assert checked > 5


def test_events_that_arrive_prepared_are_known_after_a_resume_too():
    path = default_scenario().path
    scn = load_scenario(path)
    bot = make_bot("adaptive", scn)
    for seed in range(3, 12):
        s = Session(scn, path, seed)
        while not s.over and not s.prepared:
            s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
            s.end_turn()
        if s.prepared:
            break
    assert s.prepared, "the adaptive bot prepares for a date in one of these games"
    uid, (done, total, arrived) = next(iter(s.prepared.items()))
    assert arrived == s.turn and 0 < done <= total
    slot = int(np.nonzero(s.state.ev_uid[0] == uid)[0][0])
    assert done == pytest.approx(total - s.state.ev_remaining[0, slot].sum())
    # play on one turn (if the event is still open, resume there): the amount stays the same
    s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
    s.end_turn()
    again = Session.from_inputs(scn, path, s.seed, s.inputs)
    if uid in again.state.ev_uid[0][again.state.ev_active[0]]:
        assert again.prepared[uid][0] == pytest.approx(done)
