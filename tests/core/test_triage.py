"""Triage: the player puts one event first and its demand is served before the rest share."""

import numpy as np
import pytest

from turbulentie_game.core.allocation import Allocation, AllocationError
from turbulentie_game.core.engine import preview, reset
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import TurnInput, allocation_from_input, input_from_allocation
from turbulentie_game.sim.strategy import observe


def _two_events(scn):
    """A seed whose first turn opens at least two events, and the state and a bot's plan."""
    for seed in range(200):
        state, _ = reset(scn, [seed])
        if state.ev_active[0].sum() >= 2:
            plan = make_bot("balanced", scn).decide(observe(scn, state))
            # a thin plan: too little time for everything that is asked
            return state, Allocation(plan.chips // 3, plan.options)
    pytest.skip("no seed opens two events in the first turn")


def test_an_event_put_first_gets_its_demand_before_the_others(scn):
    state, plan = _two_events(scn)
    open_slots = np.nonzero(state.ev_active[0])[0]
    s = int(open_slots[-1])
    shared = preview(scn, state, plan).report.resolution
    focus = np.zeros_like(state.ev_active)
    focus[0, s] = True
    first = preview(scn, state, Allocation(plan.chips, plan.options, focus)).report.resolution
    assert first.event_got[0, s].sum() > shared.event_got[0, s].sum()
    # what the event got came from the task and the other events: no coverage is made or lost
    assert first.event_got[0].sum() + first.task_got[0].sum() + first.excess[0].sum() == (
        pytest.approx(first.coverage[0].sum())
    )
    assert first.task_got[0].sum() <= shared.task_got[0].sum() + 1e-9


def test_putting_nothing_first_changes_nothing(scn):
    state, plan = _two_events(scn)
    a = preview(scn, state, plan).report.resolution
    none_first = Allocation(plan.chips, plan.options, np.zeros_like(state.ev_active))
    b = preview(scn, state, none_first).report.resolution
    assert np.array_equal(a.contributions, b.contributions)
    assert np.array_equal(a.event_got, b.event_got)


def test_focus_goes_into_the_record_and_comes_back(scn):
    state, plan = _two_events(scn)
    uid = int(state.ev_uid[0, np.nonzero(state.ev_active[0])[0][0]])
    inp = input_from_allocation(scn, state, plan)
    inp = TurnInput(inp.chips, inp.options, (uid,))
    again = TurnInput.from_json(inp.to_json(), "turn 1")
    assert again.focus == (uid,)
    alloc = allocation_from_input(scn, state, again)
    assert input_from_allocation(scn, state, alloc).focus == (uid,)
    # without focus the record's JSON is as it always was
    assert "focus" not in TurnInput(inp.chips, inp.options).to_json()


def test_putting_first_an_event_that_is_not_open_is_refused_by_name(scn):
    state, plan = _two_events(scn)
    inp = input_from_allocation(scn, state, plan)
    with pytest.raises(AllocationError) as err:
        allocation_from_input(scn, state, TurnInput(inp.chips, inp.options, (999_999,)))
    assert [p.code for p in err.value.problems] == ["unknown_focus"]


def _before_a_date(scn):
    """A state in which a calendar event is in sight, and a resting plan."""
    from turbulentie_game.core.features import foreseeable

    for seed in range(50):
        state, _ = reset(scn, [seed])
        sight = foreseeable(scn, state)
        while not sight.any() and state.turn < scn.n_turns - 1:
            state = state.evolve(turn=state.turn + 1)
            sight = foreseeable(scn, state)
        if sight.any():
            return state, int(np.nonzero(sight[0])[0][0])
    pytest.skip("no calendar event comes into sight")


def test_preparing_for_a_foreseen_date_does_work_ahead_that_waits_for_it(scn):
    state, c = _before_a_date(scn)
    plan = make_bot("balanced", scn).decide(observe(scn, state))
    prep = np.zeros((1, len(scn.calendar)), dtype=bool)
    prep[0, c] = True
    plain = preview(scn, state, plan)
    ready = preview(scn, state, Allocation(plan.chips, plan.options, prepare=prep))
    assert plain.state.readiness.sum() == 0.0
    assert ready.state.readiness.sum() > 0.0
    # the work ahead is taken from what the task got this turn
    assert ready.report.resolution.task_got.sum() < plain.report.resolution.task_got.sum()


def test_a_date_out_of_sight_cannot_be_prepared_for(scn):
    state, _ = reset(scn, [1])
    far = [c.id for c in scn.calendar if c.template >= 0 and c.turn > 10]
    if not far:
        pytest.skip("no calendar event far ahead")
    inp = input_from_allocation(scn, state, make_bot("balanced", scn).decide(observe(scn, state)))
    with pytest.raises(AllocationError) as err:
        allocation_from_input(scn, state, TurnInput(inp.chips, inp.options, (), (far[0],)))
    assert [p.code for p in err.value.problems] == ["not_foreseen"]
    with pytest.raises(AllocationError) as err:
        allocation_from_input(scn, state, TurnInput(inp.chips, inp.options, (), ("no_such",)))
    assert [p.code for p in err.value.problems] == ["unknown_date"]


def test_a_prepared_event_arrives_partly_done(scn):
    """Played on: the event of the prepared date arrives with part of its demand already met."""
    from turbulentie_game.core.engine import step

    state, c = _before_a_date(scn)
    date = scn.calendar[c]
    bot = make_bot("balanced", scn)
    prep = np.zeros((1, len(scn.calendar)), dtype=bool)
    while state.alive[0] and state.turn + 1 < date.turn:
        plan = bot.decide(observe(scn, state))
        prep[0, c] = True
        state, _ = step(scn, state, Allocation(plan.chips, plan.options, prepare=prep))
    slot = np.nonzero(state.ev_active[0] & (state.ev_template[0] == date.template))[0]
    assert slot.size, "the date's event arrived"
    s = slot[0]
    assert state.ev_remaining[0, s].sum() < state.ev_total[0, s].sum()
