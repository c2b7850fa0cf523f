"""Lint for the window: texts the window at 1280×720 would cut off are warnings at their place."""

import re
import tempfile
from pathlib import Path

import pygame

from turbulentie_game.cli import main
from turbulentie_game.paths import assets_dir
from turbulentie_game.scenario.check import TEMPLATE, check_file
from turbulentie_game.scenario.registry import builtin_scenarios, default_scenario
from turbulentie_game.ui.text_fit import _app, _Recorder, window_fit_warnings

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


def _briefing_view(path, lang="nl"):
    """The briefing as the window at 1280×720 with normal text first shows it: the texts drawn,
    and whether its left column scrolls (a "more below" hint)."""
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(lang, Path(tmp))
        try:
            app.start_game(Path(path), 1)
            rec = _Recorder(app.look)
            app.frame(0.016)
            return [s for s, _ in rec.drawn], app.t("ui.briefing.more_below")
        finally:
            pygame.quit()


def test_l010_passes_a_briefing_exactly_when_it_shows_whole_in_the_first_view(tmp_path):
    """The measure is the briefing column the window clips to: a built-in briefing that L010
    passes shows without "more below"; one line more (which the footer would still have room
    for, under the hint) is warned, and the window then does hide the end of the column."""
    src = default_scenario().path
    drawn, more = _briefing_view(src)
    assert more not in drawn
    assert not [
        w
        for w in check_file(src, lint=True, more_lint=[window_fit_warnings]).warnings
        if w.rule == "L010"
    ]
    text = src.read_text(encoding="utf-8")
    marker = "    verkiezingen maken de politiek onrustig."
    assert marker in text
    longer = marker + " Iedereen kijkt naar jou en naar wat je team deze maanden laat zien."
    p = tmp_path / "langer.yaml"
    p.write_text(text.replace(marker, longer, 1), encoding="utf-8")
    fits = [
        w.problem
        for w in check_file(p, lint=True, more_lint=[window_fit_warnings]).warnings
        if w.rule == "L010"
    ]
    assert [f.path for f in fits] == ["briefing.nl"]
    drawn, more = _briefing_view(p)
    assert more in drawn


def test_menu_title_summary_member_name_and_outcome_texts_are_measured_in_their_screens(tmp_path):
    """The menu's own-scenario button, the menu list's two lines of summary, a team card and
    the turn's outcome screen each cut off a text that is too long: each is a warning at the
    line of that text."""
    long_title = "  nl: Mijn scenario over een wijk die verandert en een team dat het leert\n"
    sentence = "Eén zin die in het menu staat en veel te lang doorgaat over alles wat er gebeurt. "
    long_summary = "  nl: " + sentence * 3 + "\n"
    long_name = "    name: Timotheus Bartholomeus van Oosterhout\n"
    long_event = "title: {nl: Raadsvragen over de kosten van de aanpak,"
    text = TEMPLATE_TEXT
    for old, new in [
        ("  nl: Mijn scenario\n", long_title),
        ("  nl: Eén zin die in het menu staat.\n", long_summary),
        ("    name: Tim\n", long_name),
        ("title: {nl: Raadsvragen,", long_event),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    p = tmp_path / "demo.yaml"
    p.write_text(text, encoding="utf-8")
    report = check_file(p, lint=True, more_lint=[window_fit_warnings])
    fits = {w.problem.path: w.problem for w in report.warnings if w.rule == "L010"}
    assert set(fits) == {"title.nl", "summary.nl", "team[1].name", "events[3].title.nl"}
    assert fits["title.nl"].line == _line_of(text, long_title.strip())
    assert "menu" in fits["title.nl"].message
    assert fits["summary.nl"].line == _line_of(text, sentence)
    assert "3 lines in the menu" in fits["summary.nl"].message
    assert fits["team[1].name"].line == _line_of(text, long_name.strip())
    assert "team card" in fits["team[1].name"].message
    assert fits["events[3].title.nl"].line == _line_of(text, long_event)
    assert "outcome screen" in fits["events[3].title.nl"].message


def test_a_title_cut_on_the_outcome_screen_is_told_how_long_it_may_be_and_then_fits(tmp_path):
    """The warning says how many characters the window showed; a title of that length fits."""
    words = "Raadsvragen over de kosten van de aanpak"
    long_event = "title: {nl: " + words + ","
    text = TEMPLATE_TEXT.replace("title: {nl: Raadsvragen,", long_event, 1)
    p = tmp_path / "demo.yaml"
    p.write_text(text, encoding="utf-8")
    report = check_file(p, lint=True, more_lint=[window_fit_warnings])
    (cut,) = [w.problem for w in report.warnings if w.problem.path == "events[3].title.nl"]
    found = re.search(r"outcome screen .*; shorten it to about (\d+) characters", cut.message)
    assert found, cut.message
    chars = int(found.group(1))
    assert 10 < chars < len(words)
    p.write_text(text.replace(words, words[:chars].rstrip(), 1), encoding="utf-8")
    report = check_file(p, lint=True, more_lint=[window_fit_warnings])
    assert [w for w in report.warnings if w.problem.path == "events[3].title.nl"] == []


def test_every_built_in_scenario_fits_the_window():
    for entry in builtin_scenarios():
        report = check_file(entry.path, lint=True, more_lint=[window_fit_warnings])
        assert [str(w) for w in report.warnings if w.rule == "L010"] == []
