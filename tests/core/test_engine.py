"""Behaviour of the turn engine a player would notice."""

import numpy as np
import pytest

from turbulentie_game.core.allocation import Allocation, AllocationError
from turbulentie_game.core.engine import reset, step
from turbulentie_game.core.explain import explain_turn
from turbulentie_game.core.model import CAUSES, END_BURNOUT, END_COMPLETED, END_COVER, KINDS
from turbulentie_game.core.state import GameState, states_equal
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.runner import play
from turbulentie_game.sim.strategy import observe


def _play(scn, bot_name, seeds):
    bot = make_bot(bot_name, scn)
    state, _ = reset(scn, seeds)
    states = [state]
    while state.alive.any():
        state, _ = step(scn, state, bot.decide(observe(scn, state)))
        states.append(state)
    return states


def test_same_seed_same_game_every_turn(scn):
    a = _play(scn, "adaptive", [5])
    b = _play(scn, "adaptive", [5])
    assert len(a) == len(b)
    assert all(states_equal(x, y) for x, y in zip(a, b, strict=True))


def test_other_seeds_give_other_games(scn):
    a = _play(scn, "adaptive", [5])[-1]
    b = _play(scn, "adaptive", [6])[-1]
    assert not np.array_equal(a.history, b.history)


def test_a_game_alone_equals_the_same_game_inside_a_batch_of_1000(scn):
    seeds = np.arange(1000, dtype=np.uint64) * 7919 + 3
    batch = _play(scn, "adaptive", seeds)
    for g in (0, 417, 999):
        alone = _play(scn, "adaptive", seeds[g : g + 1])
        for t, single in enumerate(alone):
            assert states_equal(single, batch[t].game(g)), f"game {g} differs at turn {t}"


def test_all_four_kinds_of_turbulence_occur_over_20_seeds(scn):
    result = play(scn, np.arange(20), make_bot("adaptive", scn))
    per_kind = result.state.events_by_kind.sum(axis=0)
    for k, kind in enumerate(KINDS):
        assert per_kind[k] > 0, f"no {kind} events in 20 games"


def test_outside_events_do_not_shift_with_the_players_choices(scn):
    """The first turn's arrivals and the calendar's events are the same whatever the strategy."""
    first = reset(scn, [11])[0]
    for name in ("managing-up", "managing-out", "adaptive"):
        states = _play(scn, name, [11])
        assert np.array_equal(states[0].ev_template, first.ev_template)
        for entry in scn.calendar:
            if entry.template < 0 or entry.turn > states[-1].turn:
                continue
            before = states[entry.turn - 1]  # waiting for the allocation of that turn
            assert (before.ev_template == entry.template).any(), f"{name}: {entry.id} missing"


def test_explanations_account_for_every_meter_change(scn):
    state, _ = reset(scn, [3])
    bot = make_bot("adaptive", scn)
    while state.alive.any():
        before = state.meters.copy()
        state, report = step(scn, state, bot.decide(observe(scn, state)))
        ex = explain_turn(scn, report)
        for m, meter in enumerate(("public_value", "political_cover", "trust")):
            total = sum(c.amount for c in ex.changes if c.meter == meter)
            assert total == pytest.approx(state.meters[0, m] - before[0, m], abs=1e-6)
        assert set(c.cause for c in ex.changes) <= set(CAUSES) | {"event"}


def _single_alloc(scn, state, chips):
    options = {}
    for s in np.nonzero(state.ev_active[0])[0]:
        t = int(state.ev_template[0, s])
        if scn.templates[t].option_ids and state.ev_option[0, s] < 0:
            options[int(state.ev_uid[0, s])] = scn.templates[t].option_ids[0]
    return Allocation.from_choices(scn, state, chips, options)


def test_refused_allocations_say_what_is_wrong(scn):
    state, _ = reset(scn, [1])
    member = scn.members[0].id
    cap = int(scn.capacity[0])
    cases = {
        "over_capacity": {member: {"resultaat": cap, "zaak": 1}},
        "negative": {member: {"resultaat": -1}},
        "unknown_target": {member: {"koffie": 1}},
        "unknown_member": {"nobody": {"resultaat": 1}},
        "not_whole": {member: {"resultaat": 1.5}},
    }
    for code, chips in cases.items():
        with pytest.raises(AllocationError) as err:
            _single_alloc(scn, state, chips)
        assert code in [p.code for p in err.value.problems]
        assert str(err.value)
    # an option for an event that is not open, and a wrong option id
    with pytest.raises(AllocationError) as err:
        Allocation.from_choices(scn, state, {}, {999: "x"})
    assert err.value.problems[0].code == "unknown_event"


def test_a_dilemma_needs_a_choice(scn):
    # find a seed and turn where a dilemma is open
    bot = make_bot("adaptive", scn)
    for seed in range(40):
        state, _ = reset(scn, [seed])
        while state.alive.any():
            t = np.where(state.ev_active[0], state.ev_template[0], 0)
            open_dilemma = state.ev_active[0] & (scn.t_n_options[t] > 0) & (state.ev_option[0] < 0)
            if open_dilemma.any():
                with pytest.raises(AllocationError) as err:
                    Allocation.from_choices(scn, state, {})
                assert "missing_option" in [p.code for p in err.value.problems]
                raw = Allocation.empty(scn, state)
                with pytest.raises(AllocationError):
                    step(scn, state, raw)
                return
            state, _ = step(scn, state, bot.decide(observe(scn, state)))
    pytest.fail("no dilemma appeared in 40 games")


def test_engine_refuses_a_batch_allocation_that_breaks_the_rules(scn):
    state, _ = reset(scn, [1, 2])
    alloc = make_bot("balanced", scn).decide(observe(scn, state))
    chips = alloc.chips.copy()
    chips[1, 0, 0] += 10
    with pytest.raises(AllocationError) as err:
        step(scn, state, Allocation(chips, alloc.options))
    assert err.value.problems[0].code == "over_capacity"


def test_game_ends_after_the_last_turn(scn):
    final = _play(scn, "adaptive", [2])[-1]
    assert final.ended_because[0] == END_COMPLETED
    assert final.ended_turn[0] == scn.n_turns


def test_game_ends_when_cover_hits_zero(scn):
    final = _play(scn, "single:resultaat", [2])[-1]
    assert final.ended_because[0] == END_COVER
    assert final.meters[0, 1] == 0.0
    assert final.ended_turn[0] < scn.n_turns


def test_game_ends_when_the_team_burns_out(scn):
    state, _ = reset(scn, [4])
    while state.alive.any():
        alloc = make_bot("adaptive", scn).decide(observe(scn, state))
        chips = np.zeros_like(alloc.chips)
        chips[:, :, 4] = scn.capacity  # everybody works every chip, nobody rests
        state, _ = step(scn, state, Allocation(chips, alloc.options))
    assert state.ended_because[0] == END_BURNOUT
    assert state.ended_turn[0] < scn.n_turns


def test_resting_restores_energy_and_work_drains_it(scn):
    state, _ = reset(scn, [4])
    alloc = make_bot("adaptive", scn).decide(observe(scn, state))
    rest = Allocation(np.zeros_like(alloc.chips), alloc.options)
    rested, _ = step(scn, state, rest)
    chips = np.zeros_like(alloc.chips)
    chips[:, :, 0] = scn.capacity
    worked, _ = step(scn, state, Allocation(chips, alloc.options))
    assert (rested.energy >= state.energy).all()
    assert (worked.energy < state.energy).all()


def test_state_is_immutable_between_turns(scn):
    state, _ = reset(scn, [4])
    copy = GameState(**{f: getattr(state, f) for f in state.__dataclass_fields__})
    snapshot = {
        f: np.array(getattr(state, f), copy=True) for f in state.__dataclass_fields__ if f != "turn"
    }
    step(scn, state, make_bot("adaptive", scn).decide(observe(scn, state)))
    for f, arr in snapshot.items():
        assert np.array_equal(getattr(copy, f), arr), f"{f} was changed in place"
