"""The "why" lines name every cause of a meter change, in both languages; a stance's fit names
the stance that was chosen and whether it fitted."""

import pytest

from turbulentie_game.core.explain import MeterChange, explain_turn
from turbulentie_game.core.model import CAUSES, STANCES
from turbulentie_game.i18n import Translator
from turbulentie_game.play.session import Session
from turbulentie_game.scenario.compile import load_scenario
from turbulentie_game.scenario.registry import resolve
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import input_from_allocation
from turbulentie_game.sim.strategy import observe
from turbulentie_game.words.narrate import cause_text, stances_chosen


@pytest.fixture(scope="module")
def turn():
    """The first turn of a game of the balanced bot in which it answers a dilemma."""
    path = resolve("jeugdteam_offline")
    scn = load_scenario(path)
    s = Session(scn, path, 3)
    bot = make_bot("balanced", scn)
    while True:
        s.apply_input(input_from_allocation(scn, s.state, bot.decide(observe(scn, s.state))))
        before = s.state
        ex = s.end_turn()
        if any(ev.chosen_now and ev.option for ev in ex.events):
            return scn, ex, (s, before)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_cause_has_its_own_words(turn, lang):
    scn, ex, _ = turn
    t = Translator(lang)
    seen = set()
    for cause in CAUSES:
        ch = MeterChange("trust", -1.0, cause)
        text = cause_text(scn, ex, ch, t)
        assert text and not text.startswith("cause.") and "{" not in text, cause
        seen.add(text)
    assert len(seen) == len(CAUSES)  # no two causes read the same


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_stances_fit_names_the_stance_and_whether_it_fitted(turn, lang):
    scn, ex, _ = turn
    t = Translator(lang)
    chosen = stances_chosen(scn, ex)
    assert chosen and set(chosen) <= set(STANCES) - {"none"}
    good = cause_text(scn, ex, MeterChange("political_cover", 2.0, "stance_fit"), t)
    bad = cause_text(scn, ex, MeterChange("political_cover", -2.0, "stance_fit"), t)
    assert good != bad
    for name in chosen:
        assert t(f"stance.{name}") in good and t(f"stance.{name}") in bad
    fits = [c for c in ex.changes if c.cause == "stance_fit"]
    assert fits  # the turn's own explanation has the cause, and says it in words
    assert all(t(f"stance.{chosen[0]}") in cause_text(scn, ex, c, t) for c in fits)


def test_the_explanation_of_a_real_turn_is_said_in_both_languages(turn):
    scn, ex, (s, _) = turn
    assert ex == explain_turn(scn, s.reports[-1])
    for lang in ("nl", "en"):
        t = Translator(lang)
        for ch in ex.changes:
            text = cause_text(scn, ex, ch, t)
            assert text and "cause." not in text and "{" not in text
