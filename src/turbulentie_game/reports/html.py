"""The leaderboard as one self-contained HTML page for a projector: ranking, charts and debrief."""

from __future__ import annotations

from datetime import datetime
from html import escape

from ..core.model import ACTORS, METERS
from ..i18n import Translator
from ..sim.verify import VERIFIED
from ..strictread import visible
from ..words import svg
from ..words.page import CSS as _CSS
from ..words.page import METER_COLOURS
from .group_debrief import GroupDebrief, group_debrief
from .leaderboard import Board, competition_code, quarters

TOP, BOTTOM, MIDDLE = "#1f5fa8", "#d4661c", "#8a8a8a"


def _name(board: Board, target: str, t: Translator) -> str:
    rules = board.scenario.rules
    for concept in (*rules.expectations, *rules.traits):
        if concept.id == target:
            return concept.name.get(t.lang)
    return t("compete.rest")


def _template(board: Board, template_id: str, t: Translator):
    for tmpl in board.scenario.templates:
        if tmpl.id == template_id:
            return tmpl
    return None


def _option_label(board: Board, template_id: str, option: str, t: Translator) -> str:
    tmpl = _template(board, template_id, t)
    if tmpl and option in tmpl.option_ids:
        return tmpl.option_labels[tmpl.option_ids.index(option)].get(t.lang)
    return option


def row_colours(board: Board) -> list[str]:
    """Per ranked row its colour: top quarter, bottom quarter or the rest."""
    top, bottom = quarters(board.rows)
    colour = {id(r): BOTTOM for r in bottom} | {id(r): TOP for r in top}
    return [colour.get(id(r), MIDDLE) for r in board.rows]


def _ranking(board: Board, t: Translator) -> str:
    css = {TOP: "top", BOTTOM: "bottom", MIDDLE: ""}
    head = (
        f"<tr><th class='num'>{t('compete.col_rank')}</th><th>{t('compete.col_player')}</th>"
        f"<th class='num'>{t('compete.col_score')}</th>"
        f"<th class='num'>{t('compete.col_value')}</th>"
        f"<th class='num'>{t('compete.col_cover')}</th>"
        f"<th class='num'>{t('compete.col_trust')}</th><th>{t('compete.col_end')}</th>"
        f"<th class='num'>{t('compete.col_games')}</th></tr>"
    )
    body = []
    for r, colour in zip(board.rows, row_colours(board), strict=True):
        o = r.entry.verdict.outcome
        cls = css[colour]
        body.append(
            f"<tr class='{cls}'><td class='num'>{r.rank}</td><td class='name'>{escape(r.player)}</td>"
            f"<td class='num'><b>{o.score:.1f}</b></td><td class='num'>{o.mean_value:.0f}</td>"
            f"<td class='num'>{o.mean_cover:.0f}</td>"
            f"<td class='num'>{o.final['trust']:.0f}</td>"
            f"<td class='end'>"
            f"{escape(t('compete.ended', turn=o.turns, reason=t('end.' + o.ended_because)))}"
            f"</td><td class='num'>{r.games}</td></tr>"
        )
    return f"<table id='ranking'><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"


def _frontier(board: Board, t: Translator) -> str:
    many = len(board.rows) > 15  # a full room: places only, the names are in the ranking
    points = [
        (o.mean_cover, o.mean_value, f"{r.rank}" if many else f"{r.rank}. {r.player[:18]}", colour)
        for r, colour in zip(board.rows, row_colours(board), strict=True)
        for o in (r.entry.verdict.outcome,)
    ]
    return svg.scatter(
        points, t("compete.axis_cover"), t("compete.axis_value"), t("compete.frontier")
    )


def _legend(t: Translator) -> str:
    return (
        f"<p class='note'><span style='color:{TOP}'>●</span> {t('compete.top_quarter')} &nbsp; "
        f"<span style='color:{BOTTOM}'>●</span> {t('compete.bottom_quarter')} &nbsp; "
        f"<span style='color:{MIDDLE}'>●</span> {t('compete.middle')}</p>"
    )


def _share_bars(board: Board, d: GroupDebrief, targets, label: str, t: Translator) -> str:
    """Grouped bars of the top and bottom quarter's share of time on some targets, in percent."""
    series = [
        (t("compete.top_quarter_n", n=d.top.size), [d.top.share[x] * 100 for x in targets], TOP),
        (
            t("compete.bottom_quarter_n", n=d.bottom.size),
            [d.bottom.share[x] * 100 for x in targets],
            BOTTOM,
        ),
    ]
    names = [_name(board, x, t) for x in targets]
    return svg.bars(names, series, t("compete.axis_share"), label)


def _group_debrief(board: Board, d: GroupDebrief, t: Translator) -> str:
    profile = _share_bars(board, d, [*d.expectations, "rest"], t("compete.profile"), t)
    traits = _share_bars(board, d, d.traits, t("compete.traits"), t)
    groups = (
        (t("compete.top_quarter"), d.top, False),
        (t("compete.bottom_quarter"), d.bottom, True),
    )
    meter_series = [
        (f"{t('meter.' + m)} · {name}", g.meters[m], METER_COLOURS[m], dashed)
        for m in METERS
        for name, g, dashed in groups
    ]
    legend = [(t("meter." + m), METER_COLOURS[m], False) for m in METERS]
    legend += [(name, "#333333", dashed) for name, _, dashed in groups]
    n_points = max(len(v) for _, v, _, _ in meter_series)
    meters = svg.lines(
        meter_series,
        legend,
        n_points,
        t("compete.axis_turn"),
        t("compete.axis_meter"),
        t("compete.meters"),
    )
    insights = []
    for target, diff in d.differences[:4]:
        if abs(diff) < 0.005:
            continue
        key = "compete.more" if diff > 0 else "compete.less"
        text = t(key, target=_name(board, target, t), points=f"{abs(diff) * 100:.0f}")
        insights.append(f"<li>{escape(text)}</li>")
    dilemmas = []
    for template_id, options in d.dilemmas:
        tmpl = _template(board, template_id, t)
        title = tmpl.title.get(t.lang) if tmpl else template_id
        for i, option in enumerate(options):
            cells = "".join(
                f"<td class='num'>{g.choices.get((template_id, option), 0)}/{g.size}</td>"
                for g in (d.top, d.bottom, d.everyone)
            )
            first = f"<td rowspan='{len(options)}'>{escape(title)}</td>" if i == 0 else ""
            dilemmas.append(
                f"<tr>{first}<td>{escape(_option_label(board, template_id, option, t))}</td>{cells}</tr>"
            )
    dilemma_table = (
        f"<table id='dilemmas'><thead><tr><th>{t('compete.col_dilemma')}</th>"
        f"<th>{t('compete.col_option')}</th><th class='num'>{t('compete.top_quarter')}</th>"
        f"<th class='num'>{t('compete.bottom_quarter')}</th>"
        f"<th class='num'>{t('compete.everyone')}</th></tr></thead>"
        f"<tbody>{''.join(dilemmas)}</tbody></table>"
        if dilemmas
        else f"<p class='note'>{t('compete.no_dilemmas')}</p>"
    )
    note = t("compete.profile_note", top=f"{d.top.score:.1f}", bottom=f"{d.bottom.score:.1f}")
    concepts = _concepts(board, d, t)
    return (
        f"<h2 id='profile'>{t('compete.profile')}</h2><p class='note'>{escape(note)}</p>"
        f"<ul>{''.join(insights)}</ul>"
        f"<div class='charts'>{profile}{traits}</div>"
        f"<h2 id='meters'>{t('compete.meters')}</h2>{meters}"
        f"<h2 id='choices'>{t('compete.choices')}</h2>{dilemma_table}{concepts}"
    )  # fmt: skip


def _concepts(board: Board, d: GroupDebrief, t: Translator) -> str:
    """The model's concepts by group: the four actors at the end, triage and preparation, with a
    discussion question each (the same as the room's plenary)."""
    n_dates = len(board.scenario.calendar) if board.scenario else 0
    heads = "".join(f"<th class='num'>{escape(t('ui.situation.' + a))}</th>" for a in ACTORS)
    rows = []
    for name, g in (
        (t("compete.top_quarter"), d.top),
        (t("compete.bottom_quarter"), d.bottom),
        (t("compete.everyone"), d.everyone),
    ):
        cells = "".join(f"<td class='num'>{t.num(g.actors[a], 0)}</td>" for a in ACTORS)
        prepared = t("room.plenary.prepared_mean", n=t.num(g.prepared, 1), of=n_dates)
        rows.append(
            f"<tr><td>{escape(name)}</td>{cells}<td class='num'>{escape(t.pct(g.focus_share))}</td>"
            f"<td>{escape(prepared)}</td></tr>"
        )
    questions = "".join(
        f"<li><b>{escape(t('room.plenary.concept.' + c))}</b>: {escape(t('room.plenary.q_' + c))}</li>"
        for c in ("actors", "triage", "prepare")
    )
    return (
        f"<h2 id='concepts'>{escape(t('room.plenary.model'))}</h2>"
        f"<p class='note'>{escape(t('compete.concepts_note'))}</p>"
        f"<table id='concepts-table'><thead><tr><th></th>{heads}"
        f"<th class='num'>{escape(t('room.col.focus'))}</th>"
        f"<th>{escape(t('room.col.prepared'))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<ul>{questions}</ul>"
    )


def _cell(text: str, limit: int) -> str:
    """User content for a table cell: control characters shown, cut, HTML-escaped."""
    return escape(visible(text, limit))


def _problems(board: Board, t: Translator) -> str:
    counted = {r.entry.digest for r in board.rows}
    rows = []
    for e in board.entries:
        status = board.status_of(e)
        if e.digest in counted or status == VERIFIED:
            continue
        why = board.why(e, t)
        rows.append((e.file, e.player, t(f"compete.status.{status}"), why))
    rows += [(f, "", t("compete.status.unreadable"), d) for f, d in board.rejected_reasons(t)]
    for e in board.flagged:  # counted (or not) as above, but flagged: the same moves as another
        others = ", ".join(e.copies[:5]) + (f" (+{len(e.copies) - 5})" if len(e.copies) > 5 else "")
        rows.append(
            (e.file, e.player, t("safety.flagged_header"), t("safety.same_moves", others=others))
        )
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{_cell(f, 200)}</td><td>{_cell(p, 80)}</td><td>{_cell(s, 80)}</td>"
        f"<td>{_cell(d, 300)}</td></tr>"
        for f, p, s, d in rows
    )
    return (
        f"<h2 id='files'>{t('compete.not_counted')}</h2><table id='problems'><thead><tr>"
        f"<th>{t('compete.col_file')}</th><th>{t('compete.col_player')}</th>"
        f"<th>{t('compete.col_status')}</th><th>{t('compete.col_reason')}</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def render_html(board: Board, t: Translator, now: datetime) -> str:
    """The whole page as one string: inline CSS and SVG, nothing loaded from elsewhere."""
    scn = board.scenario
    scenario = scn.title.get(t.lang) if scn else ""
    title = board.title or " · ".join(x for x in (t("compete.page_title"), scenario) if x)
    when = now.strftime("%Y-%m-%d %H:%M")
    sub = t(
        "compete.subtitle",
        scenario=scenario,
        seed=board.competition.seed if board.competition else "-",
        players=len(board.rows),
        rule=t(f"compete.rule.{board.rule}"),
        when=when,
    )
    parts = [
        f"<!DOCTYPE html><html lang='{t.lang}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1><p class='sub'>{escape(sub)}</p>",
    ]
    if board.competition:
        parts.append(
            f"<p class='sub'>{t('compete.code_label')} <code>{escape(competition_code(board))}</code></p>"
        )
    if not board.rows:
        parts.append(f"<p>{t('compete.nobody')}</p>")
    else:
        values = [r.score for r in board.rows]
        parts += [
            f"<h2 id='ranking-title'>{t('compete.ranking')}</h2>",
            _ranking(board, t),
            f"<div class='charts'><section><h2>{t('compete.frontier')}</h2>"
            f"<p class='note'>{t('compete.frontier_note')}</p>{_frontier(board, t)}{_legend(t)}</section>"
            f"<section><h2>{t('compete.distribution')}</h2>"
            f"<p class='note'>{t('compete.distribution_note')}</p>"
            + svg.histogram(
                values, t("compete.col_score"), t("compete.axis_players"), t("compete.distribution")
            )
            + "</section></div>",
        ]  # fmt: skip
        d = group_debrief(board)
        if d is not None:
            parts.append(_group_debrief(board, d, t))
    parts.append(_problems(board, t))
    parts.append("</body></html>")
    return "".join(parts)
