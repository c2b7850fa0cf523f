"""The strict reader: every hostile file is one clear refusal, never a hang or a traceback."""

import os
import signal

import pytest

from turbulentie_game.strictread import (
    ReadProblem,
    loads_json,
    quote,
    read_bytes,
    read_json,
    visible,
)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('{"a": 1, "a": 2}', "appears twice"),
        ('["\\ud800"]', "lone surrogate"),
        ('{"\\udc00": 1}', "lone surrogate"),
        ("[" + "9" * 5000 + "]", "digits"),
        ("[-" + "9" * 4400 + "]", "digits"),
        ("[1e400]", "too large"),
        ("[NaN]", "NaN"),
        ("[-Infinity]", "Infinity"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"a": ', "line 1 column"),
    ],
)
def test_hostile_json_is_refused_with_a_reason(text, fragment):
    with pytest.raises(ReadProblem, match=fragment):
        loads_json(text)


def test_ordinary_json_reads_as_before():
    assert loads_json('{"a": [1, 2.5, "x \\ud83d\\ude00", null, true], "b": "9"}') == {
        "a": [1, 2.5, "x \U0001f600", None, True],
        "b": "9",
    }
    assert loads_json('"' + "9" * 30 + '"') == "9" * 30  # long digit runs inside texts are fine


def test_a_fifo_is_refused_by_type_without_blocking(tmp_path):
    fifo = tmp_path / "settings.json"
    os.mkfifo(fifo)
    signal.alarm(5)  # a hang would fail the test instead of stopping the suite
    try:
        with pytest.raises(ReadProblem, match="pipe"):
            read_bytes(fifo, 1000)
        link = tmp_path / "link.json"
        link.symlink_to(fifo)
        with pytest.raises(ReadProblem, match="pipe"):
            read_json(link, 1000)
    finally:
        signal.alarm(0)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_a_device_is_refused_and_never_read(tmp_path):
    link = tmp_path / "scenario.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(ReadProblem, match="device"):
        read_bytes(link, 1000)


def test_a_file_larger_than_the_limit_is_refused_by_what_is_read(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2001)
    with pytest.raises(ReadProblem, match="larger than 2000 bytes"):
        read_bytes(big, 2000)
    assert read_bytes(big, 2001) == b" " * 2001
    with pytest.raises(ReadProblem, match="folder"):
        read_bytes(tmp_path, 10)
    with pytest.raises(ReadProblem, match="not found"):
        read_bytes(tmp_path / "nothing", 10)


def test_user_content_is_shown_visibly_and_cut():
    fake = "Anna\x1b[2K\r   in orde ... 999.000\u202e\x07"
    shown = visible(fake)
    assert "\x1b" not in shown and "\r" not in shown and "\u202e" not in shown
    assert "\\x1b[2K\\x0d" in shown and "\\u202e" in shown and "\\x07" in shown
    assert visible("\ud800") == "\\ud800"
    assert len(quote("x" * 3_000_000)) < 100 and quote("x" * 3_000_000).endswith("…'")
    assert visible("Zoë de Vries") == "Zoë de Vries"


# ---- the details in the user's language --------------------------------------------------
ENGLISH_DETAILS = ("not a file", "appears twice", "not UTF-8 text", "larger than", "pipe (FIFO), not",
                   "is too large", "not valid JSON", "lone surrogate", "nested too deeply")  # fmt: skip


def _hostile_folder(folder):
    """Files a participant might hand in that the strict reader refuses, one per reason."""
    folder.mkdir()
    os.mkfifo(folder / "pipe.json")
    (folder / "dup.json").write_text('{"format": 1, "format": 1}', encoding="utf-8")
    (folder / "latin1.json").write_bytes(b'{"player": "Jos\xe9"}')
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "surrogate.json").write_text('{"player": "\\ud800"}', encoding="utf-8")
    with open(folder / "big.json", "wb") as fh:
        fh.truncate(20_000_000)
    return folder


def test_every_refusal_is_catalogue_data_said_in_dutch_and_english(tmp_path):
    from turbulentie_game.i18n import Translator

    problems = []
    for name in ("pipe.json", "dup.json", "latin1.json", "deep.json", "surrogate.json", "big.json"):
        try:
            read_json(_hostile_folder(tmp_path / name.split(".")[0]) / name, 10_000_000)
        except ReadProblem as exc:
            problems.append(exc)
    assert len(problems) == 6
    nl, en = Translator("nl"), Translator("en")
    for exc in problems:
        assert exc.said.key.startswith("read.") and en.say(exc.said) == str(exc)
        dutch = nl.say(exc.said)
        assert dutch != exc.said.key and not any(e in dutch for e in ENGLISH_DETAILS), dutch
    assert nl.say(problems[0].said) == "dit is een pijp (FIFO), geen bestand"
    assert nl.say(problems[-1].said) == "het bestand is groter dan 10.000.000 bytes"  # Dutch 1.000
    assert str(problems[-1]) == "the file is larger than 10,000,000 bytes"


def test_replay_verify_and_the_leaderboard_give_the_reasons_in_dutch(tmp_path, capsys):
    from turbulentie_game.cli import main

    folder = _hostile_folder(tmp_path / "results")
    files = sorted(str(p) for p in folder.iterdir())
    assert main(["--lang", "nl", "replay", "verify", *files]) == 1
    out = capsys.readouterr().out
    for dutch in ("pijp (FIFO), geen bestand", "komt twee keer voor", "geen UTF-8-tekst",
                  "te diep genest", "surrogaatcode", "groter dan 5.000.000 bytes"):  # fmt: skip
        assert dutch in out, (dutch, out)
    assert not any(e in out for e in ENGLISH_DETAILS), out
    main(["--lang", "nl", "leaderboard", str(folder), "--db", str(tmp_path / "board.sqlite3")])
    out = capsys.readouterr().out
    assert "pijp (FIFO), geen bestand" in out and "komt twee keer voor" in out
    assert not any(e in out for e in ENGLISH_DETAILS), out
    main(["--lang", "en", "leaderboard", str(folder), "--db", str(tmp_path / "board.sqlite3")])
    assert "appears twice" in capsys.readouterr().out  # the same store, said in English


def test_a_bad_autosave_is_explained_in_dutch(tmp_path):
    from turbulentie_game.i18n import Translator
    from turbulentie_game.play.controller import Controller
    from turbulentie_game.play.storage import AUTOSAVE, Settings

    (tmp_path / AUTOSAVE).write_text('{"format": 1, "format": 1}', encoding="utf-8")
    game = Controller(Settings(), tmp_path, Translator("nl"))
    game.load_saved()
    assert "de sleutel 'format' komt twee keer voor in één object" in game.notice
    assert "appears twice" not in game.notice
