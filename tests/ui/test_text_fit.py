"""Lint for the window: texts the window at 1280×720 would cut off are warnings at their place."""

from turbulentie_game.cli import main
from turbulentie_game.paths import assets_dir
from turbulentie_game.scenario.check import TEMPLATE, check_file
from turbulentie_game.ui.text_fit import window_fit_warnings

TEMPLATE_TEXT = (assets_dir() / TEMPLATE).read_text(encoding="utf-8").replace("__ID__", "demo")
LONG = " ".join(["Een zin die de speler leest voordat het spel begint, over de wijk."] * 14)


def _line_of(text: str, marker: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


def test_the_template_fits_the_window(tmp_path):
    p = tmp_path / "demo.yaml"
    p.write_text(TEMPLATE_TEXT, encoding="utf-8")
    report = check_file(p, lint=True, more_lint=[window_fit_warnings])
    assert report.valid and report.warnings == []


def test_a_long_briefing_and_a_long_option_label_are_warned_at_their_lines(tmp_path, capsys):
    text = TEMPLATE_TEXT.replace(
        "Wat de speler leest voor beurt 1. Wie ben je, wat is de opgave,", LONG, 1
    )
    label = "label: {nl: Juridisch afhandelen,"
    assert label in text
    long_label = (
        "label: {nl: Juridisch afhandelen met een uitgebreide brief aan alle betrokken partijen,"
    )
    text = text.replace(label, long_label, 1)
    p = tmp_path / "demo.yaml"
    p.write_text(text, encoding="utf-8")
    report = check_file(p, lint=True, more_lint=[window_fit_warnings])
    assert report.valid
    fits = [w for w in report.warnings if w.rule == "L010"]
    where = {(w.problem.line, w.problem.path) for w in fits}
    assert (_line_of(text, LONG[:30]) - 1, "briefing.nl") in where  # its "nl: >-" line
    assert any(
        path.endswith(".label.nl") and line == _line_of(text, long_label) for line, path in where
    )
    assert len(fits) == 2
    assert main(["lint", "--strict", str(p)]) == 1
    assert "L010 [does-not-fit-the-window]" in capsys.readouterr().out
    assert main(["lint", "--strict", "--ignore", "L010", str(p)]) == 0


def test_a_task_title_too_wide_for_the_briefing_column_is_named(tmp_path):
    old = "  title: {nl: De opgave, en: The task}"
    assert old in TEMPLATE_TEXT
    long = (
        "  title: {nl: De opgave van het team die heel erg lang is en niet meer past, en: The task}"
    )
    text = TEMPLATE_TEXT.replace(old, long, 1)
    p = tmp_path / "demo.yaml"
    p.write_text(text, encoding="utf-8")
    report = check_file(p, lint=True, more_lint=[window_fit_warnings])
    fits = [w.problem for w in report.warnings if w.rule == "L010"]
    assert [(f.line, f.path) for f in fits] == [(_line_of(text, long), "task.title.nl")]
    assert "past its column" in fits[0].message
