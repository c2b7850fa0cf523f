"""The what-if shows the plan that was actually played in the changed turn, chip for chip."""

import re

from turbulentie_game.i18n import Translator
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.sim.analysis import what_if
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import play_record
from turbulentie_game.words.learning import plan_text


def test_the_advisers_plan_in_a_what_if_is_shown_with_every_chip_and_the_rest():
    scn = load_scenario(default_scenario().path)
    record, _ = play_record(scn, make_bot("managing-up", scn), 5, "")
    r = what_if(scn, 5, record.inputs, 3, "advisor")
    t = Translator("nl")
    yours, adviser = (plan_text(scn, run.inputs[2], t) for run in (r.original, r.variant))
    assert yours != adviser  # the one thing that changed is visible
    for text in (yours, adviser):
        counts = [int(n) for n in re.findall(r" (\d+)(?:,|$)", text)]
        assert sum(counts) == int(scn.capacity.sum())  # every chip, rest included


def test_the_biggest_swings_are_found_by_their_size_not_by_being_early():
    from types import SimpleNamespace

    from turbulentie_game.words.learning import biggest_swings

    def line(turn, pv, cover, trust):
        before = {"public_value": 50.0, "political_cover": 50.0, "trust": 50.0}
        after = {"public_value": 50 + pv, "political_cover": 50 + cover, "trust": 50 + trust}
        return SimpleNamespace(turn=turn, before=before, after=after)

    lines = [line(1, 2, -1, 1), line(2, 1, 1, -5), line(3, 0, 0, 0.2), line(9, 0, -1, -20.8)]
    assert biggest_swings(lines) == [9, 2, 1]  # the late -20.8 trust crash comes first
    assert biggest_swings([line(1, 0.1, 0, 0)]) == []  # nothing worth marking


def test_the_advisers_what_if_changes_the_time_plan_only_not_the_dilemma_answers():
    scn = load_scenario(default_scenario().path)
    record, _ = play_record(scn, make_bot("managing-up", scn), 5, "")
    answered = [k for k, inp in enumerate(record.inputs) if inp.options]
    assert answered, "the game should have dilemmas"
    k = answered[0]
    r = what_if(scn, 5, record.inputs, k + 1, "advisor")
    mine, theirs = r.original.inputs[k], r.variant.inputs[k]
    assert theirs.options == mine.options  # the player's own answers in the changed turn
    assert theirs.chips != mine.chips  # the adviser's time plan
    # later: every dilemma that came up in both games keeps the player's answer
    for a, b in zip(r.original.inputs[k + 1 :], r.variant.inputs[k + 1 :], strict=False):
        for uid in a.options.keys() & b.options.keys():
            assert b.options[uid] == a.options[uid]
