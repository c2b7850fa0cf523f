"""The learning debrief export: every section for a full game, in both languages, from the CLI."""

import re

import pytest

from turbulentie_game.cli import main
from turbulentie_game.i18n import Translator
from turbulentie_game.sim import analysis as A
from turbulentie_game.sim.bots import make_bot
from turbulentie_game.sim.record import GameRecord, input_from_allocation
from turbulentie_game.sim.strategy import observe
from turbulentie_game.words.learning_page import SECTIONS, render_html, render_text


@pytest.fixture(scope="module")
def record(scn):
    """A full game of the balanced bot as a record."""
    from turbulentie_game.core.engine import reset, step

    bot = make_bot("balanced", scn)
    state, _ = reset(scn, [8])
    inputs = []
    while state.alive.any():
        alloc = bot.decide(observe(scn, state))
        inputs.append(input_from_allocation(scn, state, alloc))
        state, _ = step(scn, state, alloc)
    return GameRecord(scn.id, scn.content_hash, 8, tuple(inputs), player="Sanne")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_export_has_every_section(scn, record, lang):
    t = Translator(lang)
    d = A.analyse(scn, record.seed, record.inputs, record.player, mixes=8)
    page = render_html(scn, d, t)
    for key in SECTIONS:
        assert f"id='{key}'" in page
        assert t(f"learn.sec.{key}") in page
    assert page.count("<svg") == 5 and page.count('role="img"') == 5
    assert all(f'aria-label="{t(k)}"' in page for k in ("learn.chart.meters", "learn.chart.heat"))
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")  # nothing loaded
    assert f"lang='{lang}'" in page
    assert page.count("<tr><td class='num'>") == d.run.turns  # a timeline row per turn
    assert "{" not in re.sub(r"<style>.*?</style>", "", page, flags=re.S)  # every field filled in
    text = render_text(scn, d, t)
    for key in SECTIONS:
        assert t(f"learn.sec.{key}") in text
    assert "<" not in text and "{" not in text
    assert "learn." not in page and "learn." not in text  # no catalogue key left untranslated


def test_cli_writes_page_and_text(tmp_path, record, capsys):
    src = tmp_path / "game.json"
    src.write_text(record.to_json(), encoding="utf-8")
    html, txt = tmp_path / "d.html", tmp_path / "d.txt"
    assert main(["--lang", "en", "debrief", str(src), "--html", str(html), "--text", str(txt)]) == 0
    assert "Learning debrief" in html.read_text(encoding="utf-8")
    assert "Questions for the group discussion" in txt.read_text(encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["debrief", str(bad)]) == 2
    assert "bad.json" in capsys.readouterr().err
