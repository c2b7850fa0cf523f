"""The learning debrief as one self-contained web page and as plain text (pure: text in, text out)."""

from __future__ import annotations

from html import escape

from ..core.model import METERS, ScenarioData
from ..i18n import Translator
from ..sim.analysis import Debrief
from . import svg
from .learning import (
    biggest_swings,
    bot_label,
    change_bits,
    event_bits,
    heat_rows,
    mattered_lines,
    reflection_texts,
    share_series,
    summary_lines,
)
from .narrate import event_title, signed
from .page import CSS as _CSS
from .page import METER_COLOURS

SECTIONS = ("summary", "meters", "heat", "balance", "traits", "mattered", "compare", "questions",
            "timeline")  # fmt: skip
UP, OUT = "#6b46c1", "#2f855a"


# ---- the web page -----------------------------------------------------------------------------------
def _h2(key: str, t: Translator) -> str:
    return f"<h2 id='{key}'>{escape(t('learn.sec.' + key))}</h2>"


def _p(text: str, cls: str = "") -> str:
    c = f" class='{cls}'" if cls else ""
    return f"<p{c}>{escape(text)}</p>"


def _figure(chart: str, caption: str) -> str:
    return f"<figure>{chart}<figcaption class='note'>{escape(caption)}</figcaption></figure>"


def meters_chart(scn: ScenarioData, d: Debrief, t: Translator) -> str:
    """Meters over time with a mark for each turn in which events arrived."""
    hist = d.run.history
    series = [
        (t("meter." + m), list(hist[:, i]), METER_COLOURS[m], i == 2) for i, m in enumerate(METERS)
    ]
    legend = [(name, colour, dashed) for name, _, colour, dashed in series]
    threat, chance = ("T", "O") if t.lang == "en" else ("B", "K")
    marks = []
    for line in d.lines:
        if line.arrived:
            kinds = {ev.polarity for ev in line.arrived}
            text = (threat if "threat" in kinds else "") + (
                chance if "opportunity" in kinds else ""
            )
            tip = "; ".join(event_title(scn, ev.event, t.lang) for ev in line.arrived)
            marks.append((line.turn, text, tip))
    return svg.lines(
        series, legend, len(hist), t("learn.axis.turn"), t("learn.axis.meter"),
        t("learn.chart.meters"), marks=marks,
    )  # fmt: skip


def own_words(t: Translator, rating: int | None, note: str) -> list[str]:
    """The player's own part of the debrief: the estimate made before the score, the Monday note."""
    out = []
    if rating is not None:
        out.append(t("learn.own.rating", rating=rating, label=t(f"ui.self.rating.{rating}")))
    if note.strip():
        out.append(t("learn.own.note", note=note.strip()))
    return out


def render_html(
    scn: ScenarioData, d: Debrief, t: Translator, rating: int | None = None, note: str = ""
) -> str:
    """The whole debrief as one self-contained page: headings, inline SVG with titles, tables;
    the player's own estimate and Monday note first when there are any."""
    title = t("learn.title")
    sub = t(
        "learn.subtitle",
        scenario=scn.title.get(t.lang),
        seed=d.seed,
        player=d.player or t("learn.nobody"),
    )
    p = [
        f"<!DOCTYPE html><html lang='{t.lang}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_CSS}"
        "figure{margin:0} .q{font-weight:bold} .concept{margin:18px 0;padding:8px 16px;"
        "border-left:6px solid #1f5fa8;background:#f5f8fc;break-inside:avoid}"
        "td.why{font-size:18px} @media print{svg.chart{max-height:60vh}}</style></head><body>",
        f"<header><h1>{escape(title)}</h1><p class='sub'>{escape(sub)}</p></header><main>",
    ]
    nav = "".join(f"<li><a href='#{k}'>{escape(t('learn.sec.' + k))}</a></li>" for k in SECTIONS)
    p.append(f"<nav><ul>{nav}</ul></nav>")
    # summary
    p.append(f"<section>{_h2('summary', t)}")
    p += [_p(x) for x in summary_lines(scn, d, t)]
    p.append("</section>")
    # meters
    p.append(f"<section>{_h2('meters', t)}{_p(t('learn.intro.meters'), 'note')}")
    p.append(_figure(meters_chart(scn, d, t), t("learn.chart.meters")) + "</section>")
    # heat map
    rows, values = heat_rows(scn, d, t)
    heat = svg.heatmap(
        rows, list(range(1, len(d.lines) + 1)), values, t("learn.chart.heat"), t("learn.axis.turn")
    )
    p.append(f"<section>{_h2('heat', t)}{_p(t('learn.intro.heat'), 'note')}")
    p.append(_figure(heat, t("learn.chart.heat")) + "</section>")
    # up versus out
    sh = share_series(d)
    series = [
        (t("learn.series.up_time"), sh["up_time"], UP, False),
        (t("learn.series.out_time"), sh["out_time"], OUT, False),
        (t("learn.series.up_cover"), sh["up_cover"], UP, True),
        (t("learn.series.out_cover"), sh["out_cover"], OUT, True),
    ]
    legend = [(n, c, dash) for n, _, c, dash in series]
    balance = svg.lines(
        series, legend, len(d.lines), t("learn.axis.turn"), t("learn.axis.share"),
        t("learn.chart.balance"), x0=1,
    )  # fmt: skip
    p.append(f"<section>{_h2('balance', t)}{_p(t('learn.intro.balance'), 'note')}")
    p.append(_figure(balance, t("learn.chart.balance")) + "</section>")
    # traits
    names = [c.name.get(t.lang) for c in scn.rules.traits]
    traits = svg.bars(
        names,
        [
            (t("learn.series.start"), list(d.run.traits[0]), "#8a8a8a"),
            (t("learn.series.end"), list(d.run.traits[-1]), "#1f5fa8"),
        ],
        t("learn.axis.trait"),
        t("learn.chart.traits"),
    )
    p.append(f"<section>{_h2('traits', t)}{_p(t('learn.intro.traits'), 'note')}")
    p.append(_figure(traits, t("learn.chart.traits")) + "</section>")
    # the turns that mattered
    p.append(f"<section>{_h2('mattered', t)}{_p(t('learn.intro.mattered'), 'note')}")
    if not d.mattered:
        p.append(_p(t("learn.mattered_none")))
    for impact in d.mattered:
        first, *rest = mattered_lines(scn, d, impact, t)
        p.append(f"<h3>{escape(first)}</h3>" + "".join(_p(x) for x in rest))
    p.append("</section>")
    # comparison
    c = d.comparison
    rows_html = "".join(
        f"<tr><td>{escape(bot_label(scn, name, t))}</td><td class='num'>{s:.1f}</td></tr>"
        for name, s in sorted(c.named, key=lambda x: -x[1])
    )
    you = (
        f"<tr class='top'><td><b>{escape(t('learn.you'))}</b></td>"
        f"<td class='num'><b>{c.player:.1f}</b></td></tr>"
    )
    hist = svg.histogram(
        c.scores, t("learn.axis.score"), t("learn.axis.count"), t("learn.chart.compare")
    )
    p.append(f"<section>{_h2('compare', t)}{_p(t('learn.intro.compare'), 'note')}")
    p += [_p(x) for x in summary_lines(scn, d, t)[1:]]
    p.append(
        f"<div class='charts'><table><thead><tr><th>{escape(t('learn.col.strategy'))}</th>"
        f"<th class='num'>{escape(t('learn.col.score'))}</th></tr></thead><tbody>{you}{rows_html}"
        f"</tbody></table>{_figure(hist, t('learn.chart.compare'))}</div></section>"
    )
    # questions
    p.append(f"<section>{_h2('questions', t)}{_p(t('learn.intro.questions'), 'note')}")
    for r in d.reflections:
        concept, explain, evidence, question = reflection_texts(scn, r, t)
        p.append(
            f"<div class='concept'><h3>{escape(concept)}</h3>{_p(explain, 'note')}"
            f"{_p(evidence)}{_p(question, 'q')}</div>"
        )
    p.append("</section>")
    # timeline
    p.append(f"<section>{_h2('timeline', t)}{_p(t('learn.intro.timeline'), 'note')}")
    body = []
    swings = {turn: k + 1 for k, turn in enumerate(biggest_swings(d.lines))}
    for line in d.lines:
        mark = (
            f"<br><b>{escape(t('learn.swing', rank=swings[line.turn]))}</b>"
            if line.turn in swings
            else ""
        )
        meters = "<br>".join(
            escape(
                f"{t('meter.' + m)} {line.after[m]:.0f} ({signed(line.after[m] - line.before[m], t)})"
            )
            for m in METERS
        )
        why = "<br>".join(escape(x) for x in change_bits(line, t)) + mark
        events = "<br>".join(escape(x) for x in event_bits(scn, line, t)) or escape(
            t("learn.nothing")
        )
        body.append(
            f"<tr><td class='num'>{line.turn}</td><td>{meters}</td><td class='why'>{why}</td>"
            f"<td class='why'>{events}</td></tr>"
        )
    p.append(
        f"<table id='timeline-table'><thead><tr><th class='num'>{escape(t('learn.col.turn'))}</th>"
        f"<th>{escape(t('learn.col.meters'))}</th><th>{escape(t('learn.col.why'))}</th>"
        f"<th>{escape(t('learn.col.events'))}</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
    p.append("</section></main></body></html>")
    page = "".join(p)
    mine = own_words(t, rating, note)
    if mine:
        own = (
            f"<section id='own'><h2>{escape(t('learn.own.title'))}</h2>"
            + "".join(f"<p>{escape(x)}</p>" for x in mine)
            + "</section>"
        )
        page = page.replace("<main>", "<main>" + own, 1)
    return page


# ---- the text version --------------------------------------------------------------------------------
def render_text(
    scn: ScenarioData, d: Debrief, t: Translator, rating: int | None = None, note: str = ""
) -> str:
    """The same content as plain text with the charts written out, for screen readers."""
    out = [t("learn.title"), t("learn.subtitle", scenario=scn.title.get(t.lang), seed=d.seed,
                                player=d.player or t("learn.nobody")), t("learn.text_note")]  # fmt: skip
    out += own_words(t, rating, note)

    def head(key: str) -> None:
        title = t("learn.sec." + key)
        out.extend(["", title, "=" * len(title)])

    head("summary")
    out += summary_lines(scn, d, t)
    head("meters")
    out.append(t("learn.intro.meters"))
    for turn, row in enumerate(d.run.history):
        vals = ", ".join(f"{t('meter.' + m)} {row[i]:.0f}" for i, m in enumerate(METERS))
        out.append(f"{t('learn.col.turn')} {turn}: {vals}")
    head("heat")
    out.append(t("learn.intro.heat"))
    rows, values = heat_rows(scn, d, t)
    for j in range(len(d.lines)):
        parts = ", ".join(f"{rows[i]} {values[i][j]}" for i in range(len(rows)) if values[i][j])
        out.append(t("learn.heat_line", turn=j + 1, parts=parts))
    head("balance")
    out.append(t("learn.intro.balance"))
    sh = share_series(d)
    for j in range(len(d.lines)):
        out.append(
            t(
                "learn.balance_line",
                turn=j + 1,
                up=round(sh["up_time"][j]),
                out=round(sh["out_time"][j]),
            )
        )
    head("traits")
    out.append(t("learn.intro.traits"))
    for i, c in enumerate(scn.rules.traits):
        out.append(
            t("learn.traits_line", trait=c.name.get(t.lang), start=round(d.run.traits[0, i]),
              end=round(d.run.traits[-1, i]))
        )  # fmt: skip
    head("mattered")
    out.append(t("learn.intro.mattered"))
    if not d.mattered:
        out.append(t("learn.mattered_none"))
    for impact in d.mattered:
        out += ["", *mattered_lines(scn, d, impact, t)]
    head("compare")
    out.append(t("learn.intro.compare"))
    out += summary_lines(scn, d, t)[1:]
    out.append(f"{t('learn.you')}: {d.comparison.player:.1f}")
    for name, s in sorted(d.comparison.named, key=lambda x: -x[1]):
        out.append(f"{bot_label(scn, name, t)}: {s:.1f}")
    head("questions")
    out.append(t("learn.intro.questions"))
    for r in d.reflections:
        concept, explain, evidence, question = reflection_texts(scn, r, t)
        out += ["", f"{concept}. {explain}", evidence, question]
    head("timeline")
    out.append(t("learn.intro.timeline"))
    for line in d.lines:
        out += ["", f"{t('learn.col.turn')} {line.turn}"]
        out += [f"  {x}" for x in change_bits(line, t)]
        out += [f"  {x}" for x in event_bits(scn, line, t)]
    return "\n".join(out) + "\n"
