"""Scenario numbers are finite and bounded: NaN, infinity and 1e308 are refused with a position."""

import os
import re
import signal

import pytest

from turbulentie_game.cli import main

CASES = {  # line in the default scenario -> a replacement that must be refused
    "task_demand": ("demand: {resultaat: 11,", "demand: {resultaat: {v},"),
    "event_demand": ("demand: {toegankelijk: 7.5,", "demand: {toegankelijk: {v},"),
    "option_demand": ("demand: {transparant: 5, zaak: 6,", "demand: {transparant: {v}, zaak: 6,"),
}
VALUES = [".nan", ".inf", "-.inf", "1.0e+308", "-1.0e+308", "1" * 60]


def _variant(default_path, tmp_path, where, value):
    text = default_path.read_text(encoding="utf-8")
    old, new = CASES[where]
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new.replace("{v}", value), 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return path, line


@pytest.mark.parametrize("where", sorted(CASES))
@pytest.mark.parametrize("value", VALUES)
def test_non_finite_and_huge_numbers_are_refused_at_their_place(
    default_path, tmp_path, capsys, where, value
):
    path, line = _variant(default_path, tmp_path, where, value)
    assert main(["--lang", "en", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert re.search(rf"{re.escape(str(path))}:{line}:\d+: ", out), out
    assert main(["simulate", str(path), "--json"]) == 2  # refused, never a NaN meter
    assert "Traceback" not in capsys.readouterr().err


def test_start_traits_out_of_bounds_are_refused(default_path, tmp_path, capsys):
    text = default_path.read_text(encoding="utf-8")
    m = re.search(r"\n  traits:\n    (\w+): \d+", text)
    for value in (".nan", "1.0e+308", "-5"):
        bad = text[: m.start()] + f"\n  traits:\n    {m.group(1)}: {value}" + text[m.end() :]
        path = tmp_path / "traits.yaml"
        path.write_text(bad, encoding="utf-8")
        assert main(["--lang", "en", "validate", str(path)]) == 1
        assert "traits" in capsys.readouterr().out


def test_a_fifo_or_device_as_scenario_is_refused_without_hanging(tmp_path, capsys):
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    signal.alarm(5)
    try:
        assert main(["--lang", "en", "validate", str(fifo)]) == 2
        assert main(["simulate", str(fifo)]) == 2
        if os.path.exists("/dev/zero"):
            dev = tmp_path / "zero.yaml"
            dev.symlink_to("/dev/zero")
            assert main(["--lang", "en", "validate", str(dev)]) == 2
    finally:
        signal.alarm(0)
    captured = capsys.readouterr()
    assert "pipe" in captured.out + captured.err
