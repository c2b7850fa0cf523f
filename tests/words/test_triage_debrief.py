"""The history and the debrief say what was put first and what was prepared, and ask about it."""

from turbulentie_game.i18n import Translator
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import default_scenario
from turbulentie_game.sim.analysis import Variant, reflect, run_variants, timeline
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import play_record
from turbulentie_game.words.learning import event_bits, plan_text, reflection_texts
from turbulentie_game.words.narrate import event_title


def _run(bot: str, seed: int = 4):
    scn = load_scenario(default_scenario().path)
    record, _ = play_record(scn, make_bot(bot, scn), seed, "")
    (run,) = run_variants(scn, seed, record.inputs, [Variant(0)], detail=True)
    return scn, run, timeline(scn, run.explanations, run.inputs)


def test_the_history_names_the_events_put_first_and_the_dates_prepared():
    scn, run, lines = _run("adaptive")
    t = Translator("nl")
    focused = [line for line in lines if line.focus]
    assert focused, "the adviser puts events first in this game"
    line = focused[0]
    bits = event_bits(scn, line, t)
    (put,) = [b for b in bits if b.startswith("voorop: ")]  # one line for the turn
    for ev in line.focus:
        assert event_title(scn, ev.event, "nl") in put
    k = line.turn - 1
    assert "voorop" in plan_text(scn, run.inputs[k], t)
    prepared = [line for line in lines if line.prepared]
    if prepared:
        assert any(b.startswith("voorbereid: ") for b in event_bits(scn, prepared[0], t))


def test_the_debrief_asks_about_priorities_when_events_ran_out_of_time_unprioritised():
    scn, run, lines = _run("balanced")  # never puts anything first
    assert not any(line.focus for line in lines)
    lapsed = [ev for line in lines for ev in line.ended if ev.status in ("failed", "missed")]
    assert lapsed, "an evenly spread team lets something lapse here"
    ref = [r for r in reflect(scn, run, lines) if r.concept == "priorities"]
    assert ref and ref[0].key == "lapsed_no_focus"
    assert ref[0].params["k"] == len(lapsed) and ref[0].params["focus"] == 0
    assert ref[0].also == "not_prepared" and ref[0].params["dates_k"] == 0
    for lang in ("nl", "en"):
        concept, _, evidence, question = reflection_texts(scn, ref[0], Translator(lang))
        assert event_title(scn, lapsed[0].event, lang) in evidence
        assert str(ref[0].params["dates_n"]) in evidence  # the fixed dates in the same card
        assert "{" not in evidence + question + concept
