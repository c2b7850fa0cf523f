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


def test_every_model_concept_the_screens_name_has_words_in_both_languages():
    """Causes of meter changes, stances, the situation's features and the actors: each has its
    catalogue strings in Dutch and English (a missing one would show its key)."""
    from turbulentie_game.core.model import ACTORS, CAUSES, SITUATION, STANCES

    keys = [f"cause.{c}" for c in CAUSES] + ["cause.stance_fit_good", "cause.stance_fit_bad"]
    keys += [f"stance.{s}" for s in STANCES]
    keys += [f"ui.stance.{s}_tip" for s in STANCES if s != "none"]
    keys += [f"ui.stance.line_{v}" for v in ("fits", "risky", "backfires")]
    keys += [f"ui.stance.now_{v}" for v in ("fits", "risky", "backfires")]
    keys += [f"ui.factor.{f}.{side}" for f in SITUATION for side in ("high", "low")]
    keys += [f"ui.situation.{g}" for g in (*ACTORS, "red_tape", "up_share")]
    keys += [f"ui.situation.{g}_tip" for g in (*ACTORS, "red_tape", "up_share")]
    for lang in LANGUAGES:
        missing = [k for k in keys if k not in catalogue(lang)]
        assert not missing, f"{lang} lacks {missing}"
