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
    with pytest.raises(ReadProblem, match="larger than 2,000 bytes"):
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
