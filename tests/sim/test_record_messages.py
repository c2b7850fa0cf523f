"""A result file's refusals come from the catalogue: `replay verify` says each one in Dutch (the
default) or English, and the English text stays the message of logs and --json."""

import copy
import json
import re
from pathlib import Path

import pytest

from turbulentie_game.cli import main
from turbulentie_game.i18n import Translator, catalogue, english
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import MAX_TURNS, GameRecord, RecordError, play_record
from turbulentie_game.sim.verify import ScenarioShelf, verify_file

SRC = Path(__file__).resolve().parents[2] / "src" / "turbulentie_game"


@pytest.fixture(scope="module")
def good(scn):
    """The JSON data of one honest result file, and a member id of its scenario."""
    record, _ = play_record(scn, make_bot("adaptive", scn), 31, "Anna")
    return json.loads(record.to_json()), scn.members[0].id


def _turn(**fields):
    return {"chips": {}, "options": {}, **fields}


def _set(key, value):
    return lambda d, m: d.__setitem__(key, value)


def _input(value):
    return lambda d, m: d["inputs"].__setitem__(0, value(m) if callable(value) else value)


# (the key a refusal is said by, how a good file is spoiled: its data changed, or a text returned)
KINDS = [
    ("record.not_object", lambda d, m: "[]"),  # a text: the file's whole content
    ("record.unknown_format", _set("format", 2)),
    ("record.unknown_field", _set("extra", 1)),
    ("record.missing_field", lambda d, m: d.pop("seed")),
    ("record.invalid_field", _set("scenario_id", "Geen Id")),
    ("record.seed_range", _set("seed", -1)),
    ("record.bad_claim", _set("claimed_score", "veel")),
    ("record.bad_player", _set("player", "x" * 81)),
    ("record.bad_seal", _set("seal", "zz")),
    ("record.too_many_turns", _set("inputs", [_turn()] * (MAX_TURNS + 1))),
    ("record.input_not_object", _input(5)),
    ("record.chips_not_objects", _input({"chips": [], "options": {}})),
    ("record.too_many_members", _input(_turn(chips={f"m{i}": {} for i in range(65)}))),
    ("record.member_not_object", _input(lambda m: _turn(chips={m: 5}))),
    ("record.not_member_id", _input(_turn(chips={"Anouk!": {}}))),
    ("record.not_target_id", _input(lambda m: _turn(chips={m: {"Rust!": 1}}))),
    ("record.bad_chips", _input(lambda m: _turn(chips={m: {"rest": 100}}))),
    ("record.bad_options", _input(_turn(options={"x": "y"}))),
    ("record.bad_focus", _input(_turn(focus="x"))),
    ("record.bad_prepare", _input(_turn(prepare=[1]))),
    ("verify.cannot_replay", lambda d, m: d["inputs"].append(_turn())),  # record.after_end
    ("verify.unfinished", lambda d, m: d.__setitem__("inputs", d["inputs"][:3])),
    ("verify.not_installed", _set("scenario_id", "nergens")),
    ("verify.version_mismatch", _set("engine_version", "0.0.1")),
    ("verify.score_mismatch", lambda d, m: d.__setitem__("claimed_score", d["claimed_score"] + 1)),
    ("verify.no_claim", _set("claimed_score", None)),
    ("verify.breaks_rules", _input(lambda m: _turn(chips={m: {"rest": 99}}))),
]


def _spoilt(data, member, spoil) -> str:
    data = copy.deepcopy(data)
    text = spoil(data, member)
    return text if isinstance(text, str) else json.dumps(data)


@pytest.mark.parametrize("key, spoil", KINDS, ids=[k for k, _ in KINDS])
def test_replay_verify_says_a_refusal_in_dutch_and_in_english(good, key, spoil, tmp_path, capsys):
    data, member = good
    path = tmp_path / "uitslag.json"
    path.write_text(_spoilt(data, member, spoil), encoding="utf-8")
    verdict = verify_file(path, ScenarioShelf())
    assert verdict.said is not None and verdict.said.key == key, (verdict.detail, verdict.said)
    dutch, text = verdict.reason(Translator("nl")), verdict.reason(Translator("en"))
    assert dutch != text and text == english().say(verdict.said)

    assert main(["replay", "verify", str(path)]) == 1  # Dutch is the default
    out = capsys.readouterr().out
    assert dutch in out, (dutch, out)
    assert verdict.detail not in out and text not in out, out

    assert main(["--lang", "en", "replay", "verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert text in out and dutch not in out, (text, out)

    main(["replay", "verify", "--json", str(path)])  # --json keeps the English wording
    assert json.loads(capsys.readouterr().out.splitlines()[0])["detail"] == verdict.detail


def test_the_english_catalogue_text_is_the_message_of_logs_and_json(good):
    data, member = good
    for key, spoil in KINDS:
        if not key.startswith("record."):
            continue
        with pytest.raises(RecordError) as caught:
            GameRecord.from_json(_spoilt(data, member, spoil))
        assert caught.value.said.key == key
        assert str(caught.value) == english().say(caught.value.said)
    with pytest.raises(RecordError) as caught:
        GameRecord.from_json(" " * 5_000_001)
    assert caught.value.said.key == "record.too_large"
    assert str(caught.value) == "the file is too large to be a game record"


def test_every_key_the_record_and_the_verifier_say_is_in_both_catalogues():
    used = set()
    for name in ("sim/record.py", "sim/verify.py", "play/storage.py", "reports/leaderboard.py"):
        used |= set(re.findall(r'"((?:record|verify)\.[a-z_]+)"', (SRC / name).read_text()))
    assert len(used) >= 30
    for lang in ("nl", "en"):
        missing = used - set(catalogue(lang))
        assert not missing, (lang, missing)
    covered = {k for k, _ in KINDS} | {"record.too_large", "record.after_end"}
    elsewhere = {"verify.and", "verify.text", "record.in_file"} | set(SAVE_KINDS)
    elsewhere |= {k for k in used if k.startswith(("verify.tampered", "verify.row_"))}
    assert used - covered <= elsewhere  # the leaderboard's tests say the damaged rows


# a bad autosave: (the key the window's notice says it by, how the save is spoiled)
SAVE_KINDS = {
    "record.unknown_field": _set("extra", 1),
    "record.save_engine": _set("engine_version", "0.0.1"),
    "record.save_no_scenario": _set("scenario_id", "nergens"),
    "record.save_scenario_changed": _set("content_hash", "0" * 64),
    "verify.breaks_rules": _input(lambda m: _turn(chips={m: {"rest": 99}})),
}


@pytest.mark.parametrize("key", sorted(SAVE_KINDS))
def test_the_notice_about_a_bad_autosave_is_in_dutch(good, key, tmp_path):
    from turbulentie_game.play.controller import Controller
    from turbulentie_game.play.storage import AUTOSAVE, SaveProblem, Settings, read_autosave

    data, member = good
    text = _spoilt(data, member, SAVE_KINDS[key])
    (tmp_path / AUTOSAVE).write_text(text, encoding="utf-8")
    with pytest.raises(SaveProblem) as caught:
        read_autosave(tmp_path)
    found = caught.value.said
    assert found is not None and (found.key == key or key == "verify.breaks_rules"), found
    (tmp_path / AUTOSAVE).write_text(text, encoding="utf-8")
    game = Controller(Settings(), tmp_path, Translator("nl"))
    game.load_saved()
    assert Translator("nl").say(found) in game.notice, game.notice
    assert english().say(found) not in game.notice


@pytest.mark.parametrize("key", ["verify.breaks_rules", "verify.cannot_replay"])
def test_debrief_says_why_moves_are_refused_in_the_readers_language(good, key, tmp_path, capsys):
    data, member = good
    path = tmp_path / "uitslag.json"
    path.write_text(_spoilt(data, member, dict(KINDS)[key]), encoding="utf-8")
    verdict = verify_file(path, ScenarioShelf())
    why = verdict.said.params[0][1]  # the broken rules, or the record's own refusal
    assert main(["debrief", str(path)]) == 1
    err = capsys.readouterr().err
    assert Translator("nl").say(why) in err and "leerverslag" in err, err
    assert english().say(why) not in err
    assert main(["--lang", "en", "debrief", str(path)]) == 1
    assert english().say(why) in capsys.readouterr().err


@pytest.mark.parametrize("text, key", [("zz", "seal.key_not_hex"), ("abcd", "seal.key_too_short")])
def test_an_unusable_facilitator_key_is_explained_in_dutch(good, text, key, tmp_path, capsys):
    data, _ = good
    path = tmp_path / "uitslag.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "sleutel.txt").write_text(text, encoding="utf-8")
    args = ["replay", "verify", "--key", str(tmp_path / "sleutel.txt"), str(path)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert Translator("nl")(key) in err and english()(key) not in err, err
    assert main(["--lang", "en", *args]) == 2
    assert english()(key) in capsys.readouterr().err
