"""The balance lab's HTML report in the user's language: its headings, tables, plots and the
scenario map, not only the checks' sentences."""

import re

import pytest

from turbulentie_game.cli import main
from turbulentie_game.i18n import catalogue
from turbulentie_game.reports import balance_report


def _chrome_phrases(lang: str) -> set[str]:
    """The fixed words of the report's chrome in a language (the parts between placeholders
    that the other language says differently), long enough to be telling."""
    other = catalogue("nl" if lang == "en" else "en")
    theirs = " ".join(v for k, v in other.items() if k.startswith(("report.", "map.")))
    out = set()
    for key, text in catalogue(lang).items():
        if not key.startswith(("report.", "map.")) or other.get(key) == text:
            continue
        for part in re.split(r"\{[^}]*\}", text):
            part = part.strip(" .:;,()`#·—")
            if len(part) >= 8 and part not in theirs:  # "scenario" is Dutch as well
                out.add(part)
    return out


@pytest.fixture(scope="module")
def reports(default_path, tmp_path_factory):
    """The report of one small lab, written in Dutch and in English, with the texts of every
    plot (the figures' titles, axis labels and legends)."""
    out = {}
    for lang in ("nl", "en"):
        folder = tmp_path_factory.mktemp(f"report_{lang}")
        texts: list[str] = []
        png = balance_report._png

        def record(fig, texts=texts, png=png):
            texts += [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]
            return png(fig)

        balance_report._png = record
        try:
            args = ["balance", str(default_path), "--bots", "adaptive,random,managing-up"]
            args += ["--games", "10", "--no-advice", "--report", str(folder), "--lang", lang]
            assert main(args) in (0, 1)
        finally:
            balance_report._png = png
        page = (folder / "index.html").read_text(encoding="utf-8")
        md = (folder / "report.md").read_text(encoding="utf-8")
        out[lang] = (page, md, " | ".join(texts))
    return out


def test_the_dutch_report_has_no_english_chrome_and_the_english_no_dutch(reports, capsys):
    en, nl = _chrome_phrases("en"), _chrome_phrases("nl")
    assert len(en) > 30 and len(nl) > 30
    page, md, plots = reports["nl"]
    assert "<html lang='nl'>" in page and "Ontwerptoetsen" in page and "Balansrapport" in page
    assert "gemiddelde score" in page and "Scenariokaart" in page and "beurt" in plots
    assert "balanslab" in md
    for text in (page, md, plots):
        assert [p for p in en if p in text] == []
    page, md, plots = reports["en"]
    assert "<html lang='en'>" in page and "Design checks" in page and "mean score" in page
    assert "share of games" in plots and "Scenario map" in page
    for text in (page, md, plots):
        assert [p for p in nl if p in text] == []


def test_the_dutch_report_writes_numbers_with_a_decimal_comma(reports):
    page = reports["nl"][0]
    bots = page.split("<table>")[2]  # the bots' table: mean score, sd, ... with one decimal
    cells = re.findall(r"<td class='num'>([^<]+)</td>", bots)
    assert cells and all("." not in c for c in cells)
    assert any("," in c for c in cells)
