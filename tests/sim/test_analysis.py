"""The learning debrief's analysis: turns that mattered, what-ifs, comparison and questions."""

from dataclasses import replace

import numpy as np
import pytest

from turbulentie_game.core.allocation import Allocation, AllocationError
from turbulentie_game.core.engine import reset, step
from turbulentie_game.core.scoring import score
from turbulentie_game.core.state import states_equal
from turbulentie_game.sim import analysis as A
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import TurnInput, input_from_allocation, play_record, replay
from turbulentie_game.sim.strategy import observe

SEED = 3


def _play(scn, bot_name, seed=SEED):
    return play_record(scn, make_bot(bot_name, scn), seed)[0].inputs


@pytest.fixture(scope="module")
def short(scn):
    """The default scenario cut to six turns."""
    return replace(scn, n_turns=6)


def _brute_score(scn, seed, inputs, k, variant):
    """One alternative played on its own, turn by turn, through the engine's single-game input."""
    advisor = make_bot("adaptive", scn)
    state, _ = reset(scn, [seed])
    while state.alive[0]:
        turn = state.turn + 1
        advice = advisor.decide(observe(scn, state))
        if turn == k and variant.kind == A.ALT_ADVISOR:  # the adviser's time, the player's answers
            plan = input_from_allocation(scn, state, advice)
            alloc = Allocation.from_choices(
                scn, state, plan.chips, inputs[turn - 1].options, plan.focus, plan.prepare
            )
        else:
            if turn == k and variant.kind == A.ALT_REST:
                inp = TurnInput(
                    {m.id: {"rest": int(c)} for m, c in zip(scn.members, scn.capacity, strict=True)}
                )
            elif turn == k:
                inp = variant.input
            else:
                inp = inputs[turn - 1]
            try:
                alloc = Allocation.from_choices(
                    scn, state, inp.chips, inp.options, inp.focus, inp.prepare
                )
            except AllocationError:  # the player's option no longer fits: the advisor answers
                alloc = Allocation.from_choices(
                    scn, state, inp.chips, _options(scn, state, inp, advice), inp.focus, inp.prepare
                )
        state, _ = step(scn, state, alloc)
    return float(score(scn, state)[0])


def _options(scn, state, inp, advice):
    out = {}
    for s in np.nonzero(state.ev_active[0])[0]:
        tmpl = scn.templates[int(state.ev_template[0, s])]
        uid = int(state.ev_uid[0, s])
        if not tmpl.option_ids or state.ev_option[0, s] >= 0:
            continue
        mine = inp.options.get(uid)
        out[uid] = mine if mine in tmpl.option_ids else tmpl.option_ids[advice.options[0, s]]
    return out


def test_turns_that_mattered_match_brute_force(short):
    inputs = _play(short, "balanced")
    d = A.analyse(short, SEED, inputs, mixes=4)
    base = float(score(short, replay(short, SEED, inputs)[0])[0])
    assert d.score == pytest.approx(base)
    brute = {}
    for v in A.turn_alternatives(short, d.run):
        delta = _brute_score(short, SEED, inputs, v.turn, v) - base
        brute[v.turn] = max(brute.get(v.turn, 0.0), abs(delta))
    expected = sorted(brute, key=lambda t: (-round(brute[t], 6), t))[:3]
    assert [m.turn for m in d.mattered] == expected
    for m in d.mattered:
        assert m.impact == pytest.approx(brute[m.turn], abs=1e-6)


def test_what_if_with_the_same_input_reproduces_the_game(scn):
    inputs = _play(scn, "adaptive")
    original = replay(scn, SEED, inputs)[0]
    for turn in (1, 7, len(inputs)):
        w = A.what_if(scn, SEED, inputs, turn, inputs[turn - 1])
        assert states_equal(w.variant.state, original)
        assert states_equal(w.original.state, original)
        assert w.delta == 0.0 and w.first_difference() is None


def test_what_if_diverges_from_the_changed_turn_only(scn):
    inputs = _play(scn, "adaptive")
    w = A.what_if(scn, SEED, inputs, 5, "rest")
    assert w.first_difference() == 5
    assert np.array_equal(w.variant.history[:5], w.original.history[:5])
    assert w.delta != 0.0
    # the variant kept the player's chips after the changed turn
    assert w.variant.inputs[6].chips == inputs[6].chips


def test_history_and_timeline_add_up(scn):
    inputs = _play(scn, "balanced")
    d = A.analyse(scn, SEED, inputs, mixes=4)
    assert len(d.lines) == d.run.turns == len(inputs)
    for line in d.lines:
        for meter, groups in line.groups.items():
            assert sum(groups.values()) == pytest.approx(
                line.after[meter] - line.before[meter], abs=0.02
            )
        assert sum(line.time.values()) == int(scn.capacity.sum())
    assert d.heat.shape == (len(inputs), len(scn.rules.targets))
    assert d.heat.sum() == len(inputs) * int(scn.capacity.sum())
    assert d.run.traits.shape == (len(inputs) + 1, scn.rules.n_traits)


def test_comparison_and_reflections(scn):
    inputs = _play(scn, "managing-up")
    d = A.analyse(scn, SEED, inputs, mixes=10)
    c = d.comparison
    assert len(c.scores) == len(A.named_bots(scn)) + 10
    assert 0.0 <= c.better_than <= 1.0
    adaptive = dict(c.named)["adaptive"]
    assert adaptive > d.score  # the thoughtful bot beats pure managing up
    concepts = {r.concept for r in d.reflections}
    assert {"up_out", "opportunity_risk", "learning_org", "team_hero"} <= concepts
    up_out = next(r for r in d.reflections if r.concept == "up_out")
    assert up_out.params["up"] > up_out.params["out"]


@pytest.mark.parametrize("seed", [SEED, 11])
def test_the_named_strategies_played_side_by_side_score_as_played_apart(scn, seed):
    """The comparison plays every named strategy in one batch; each game is the one played alone."""
    from turbulentie_game.sim.runner import play

    c = A.compare(scn, seed, 0.0, mixes=2)
    apart = {name: float(play(scn, [seed], A._bot(name, scn)).scores[0])
             for name in A.named_bots(scn)}  # fmt: skip
    assert dict(c.named) == apart
    assert len(set(apart.values())) > 3  # the strategies really differ
