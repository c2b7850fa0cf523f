"""How the score works, as the briefing says it: numbers as the reader's language writes them."""

from turbulentie_game.i18n import Translator
from turbulentie_game.words.labels import score_rule


def test_the_score_rule_writes_weights_with_a_decimal_comma_in_dutch(scn):
    assert 0 < scn.score_weights["trust"] < 1  # a weight with decimals to write
    nl, en = score_rule(Translator("nl"), scn), score_rule(Translator("en"), scn)
    trust = str(scn.score_weights["trust"])
    assert any(trust.replace(".", ",") in line for line in nl)
    assert not any(trust in line for line in nl)
    assert any(trust in line for line in en)
