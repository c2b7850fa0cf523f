import re

from turbulentie_game.i18n import LANGUAGES, Translator, catalogue


def test_every_key_exists_in_every_language():
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    for lang in LANGUAGES:
        for other in LANGUAGES:
            missing = keys[other] - keys[lang]
            assert not missing, f"{lang} lacks {sorted(missing)}"


def test_placeholders_match_between_languages():
    nl, en = catalogue("nl"), catalogue("en")
    for key in nl:
        assert set(re.findall(r"{(\w+)}", nl[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_translator_fills_in_fields():
    assert Translator("en")("cli.turn_header", turn=2, turns=20) == "Turn 2/20"
    assert Translator("nl")("cli.turn_header", turn=2, turns=20) == "Beurt 2/20"
