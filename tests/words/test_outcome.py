"""One outcome scale: the word for how an event ended never contradicts the meter changes it caused."""

import pytest

from turbulentie_game.core.explain import explain_turn
from turbulentie_game.i18n import Translator
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import builtin_scenarios
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.runner import play
from turbulentie_game.words.narrate import cause_text
from turbulentie_game.words.outcome import NEUTRAL, event_effects, event_status, sign_of, status


@pytest.mark.parametrize("bot", ["adaptive", "random", "managing-out"])
def test_no_outcome_word_disagrees_in_sign_with_its_effects_over_a_thousand_bot_turns(bot):
    turns = ended = corrected = 0
    # the adaptive bot studies each scenario first (seconds): one scenario is enough for it
    for b in builtin_scenarios()[: 1 if bot == "adaptive" else None]:
        sid, scn = b.id, load_scenario(b.path)
        played = play(scn, range(60), make_bot(bot, scn), keep=True)
        for report in played.reports:
            for g in range(played.state.n_games):
                ex = explain_turn(scn, report, g)
                if not ex.changes:  # this game had already ended
                    continue
                turns += 1
                for ev in ex.events:
                    word = event_status(scn, ex, ev)
                    net = sum(event_effects(ex, ev.uid))
                    if ev.quality is None:
                        assert word == "open"
                        continue
                    ended += 1
                    corrected += word != ev.status
                    assert sign_of(word) * net >= -NEUTRAL, (sid, ex.turn, ev, word, net)
    assert turns >= 1000 and ended >= 300
    assert corrected < ended  # the band still decides nearly always


def test_the_band_follows_quality_and_a_contradicting_effect_makes_it_partial():
    scn = load_scenario(builtin_scenarios()[0].path)
    assert status(scn, "threat", 0.9, [1.0, 0.5]) == "handled"
    assert status(scn, "threat", 0.9, [-0.4, -0.3]) == "partly_handled"  # "good" yet it cost
    assert status(scn, "opportunity", 0.3, [1.5]) == "partly_seized"  # "missed" yet it gained
    assert status(scn, "opportunity", 0.3, [-1.0]) == "missed"
    assert status(scn, "threat", 0.71, []) == status(scn, "threat", 0.72, [])  # one band, one word


def test_clamping_reads_as_the_meter_being_full_never_as_a_cause():
    from turbulentie_game.core.explain import MeterChange

    scn = load_scenario(builtin_scenarios()[0].path)
    for lang, word in (("nl", "vol"), ("en", "full")):
        t = Translator(lang)
        text = cause_text(scn, None, MeterChange("trust", -10.9, "limit"), t)
        assert word in text and "10" not in text.replace("100", "")
