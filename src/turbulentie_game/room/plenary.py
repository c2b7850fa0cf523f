"""The room's plenary debrief: one projector-grade page for a 30-minute group discussion.

It follows a three-phase debriefing model (describe - analyse - apply): the score and every
player's breakdown, how each player spent their time (managing up against out, when they
invested in traits, how they spread the work), outcomes per kind of turbulence and per stance,
the model's concepts (the four actors outside the team, triage and preparation, per player and
for the room, each with a question),
the events the room failed most, every option of every dilemma (chosen or not), what each
trainee of a team contributed, and pooled questions with a short facilitator's script.
"""

from __future__ import annotations

import html
from collections import Counter

import numpy as np

from ..core.model import ACTORS, KINDS, STANCES
from ..i18n import Translator
from ..words.labels import score_rule
from ..words.narrate import event_title, option_label
from .analysis import seat_figures
from .pages import _page
from .room import Room

PLENARY_STYLE = """
body{font-size:clamp(15px,1.45vw,30px)}
section{page-break-inside:avoid}
h2{margin:.9em 0 .3em;border-bottom:3px solid #1d3b53}
.phase{color:#e76f51;font-weight:bold}
.bar{display:inline-block;height:.8em;background:#2a9d8f;vertical-align:middle}
.bar.up{background:#1d3b53}.bar.out{background:#e76f51}
td.name{overflow-wrap:anywhere;max-width:22em}
ol li{margin:.35em 0}
.script{background:#fff6e0;border-left:6px solid #e9c46a;padding:.5em 1em}
"""

N_QUESTIONS = 6
N_SCRIPT = 4
TOP_FAILED = 8


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _concepts(room: Room, rows: list[dict], figs: dict, t: Translator) -> list[str]:
    """The model's concepts: where each player left the four actors, how often they put an event
    first (triage) and which calendar dates they prepared for; the room's mean; a question each."""
    e = html.escape
    n_dates = len(room.scn.calendar)
    out = [f"<section><h2>{e(t('room.plenary.model'))}</h2>"]
    out.append(f"<p>{e(t('room.plenary.model_note'))}</p><table><thead><tr>")
    out.append(f"<th>{e(t('room.col.name'))}</th>")
    out += [f"<th>{e(t('ui.situation.' + a))}</th>" for a in ACTORS]
    out.append(f"<th>{e(t('room.col.focus'))}</th><th>{e(t('room.col.prepared'))}</th>")
    out.append("</tr></thead><tbody>")

    def actor_cells(level: dict, change: dict) -> str:
        return "".join(
            f"<td class='num'>{t.num(level[a], 0)} ({t.num(change[a], 0, sign=True)})</td>"
            for a in ACTORS
        )

    for r in rows:
        f = figs[r["seat"]]
        out.append(
            f"<tr><td class='name'>{e(r['name'])}</td>{actor_cells(f.actors, f.actors_change)}"
            f"<td>{e(t('room.plenary.focus_cell', turns=f.focus_turns, of=f.turns, n=f.focused))}"
            f"</td><td>{e(t('room.plenary.prepared_cell', n=f.prepared, of=n_dates))}</td></tr>"
        )
    all_figs = [figs[r["seat"]] for r in rows]
    if all_figs:
        mean = {a: float(np.mean([f.actors[a] for f in all_figs])) for a in ACTORS}
        moved = {a: float(np.mean([f.actors_change[a] for f in all_figs])) for a in ACTORS}
        played = sum(f.turns for f in all_figs) or 1
        focus_share = sum(f.focus_turns for f in all_figs) / played
        prepared = float(np.mean([f.prepared for f in all_figs]))
        out.append(
            f"<tr class='room'><td><b>{e(t('room.plenary.room_mean'))}</b></td>"
            f"{actor_cells(mean, moved)}<td>{e(t.pct(focus_share))}</td>"
            f"<td>{e(t('room.plenary.prepared_mean', n=t.num(prepared, 1), of=n_dates))}</td></tr>"
        )
    out.append("</tbody></table><ul>")
    if all_figs:
        actors = {a: t.num(mean[a], 0) for a in ACTORS}
        never_focus = sum(1 for f in all_figs if not f.focus_turns)
        never_prep = sum(1 for f in all_figs if not f.prepared)
        findings = (
            ("actors", t("room.plenary.actors_finding", **actors)),
            ("triage", t("room.plenary.triage_finding", share=t.pct(focus_share), never=never_focus)),
            ("prepare", t("room.plenary.prepare_finding", n=t.num(prepared, 1), of=n_dates,
                          never=never_prep)),
        )  # fmt: skip
        for concept, finding in findings:
            out.append(
                f"<li><b>{e(t('room.plenary.concept.' + concept))}</b>: {e(finding)} "
                f"<i>{e(t('room.plenary.q_' + concept))}</i></li>"
            )
    out.append("</ul></section>")
    return out


def plenary_page(room: Room, t: Translator) -> str:
    """The plenary debrief of the room as one self-contained page."""
    e = html.escape
    scn = room.scn
    rows = room.standings()
    figs = {r["seat"]: seat_figures(room, room.seats[r["seat"]]) for r in rows}
    parts = list(rows[0]["parts"]) if rows else []
    out = [
        f"<header><h1>{e(t('room.plenary.title'))}</h1><span>{e(scn.title.get(t.lang))}</span>"
        f"<span>{e(room.code)}</span><span>{e(t('room.plenary.players', n=len(rows)))}</span>"
        "</header><main>"
    ]
    # phase 1: describe -------------------------------------------------------------------------
    out.append(f"<p class='phase'>{e(t('room.plenary.phase1'))}</p>")
    out.append(f"<section><h2>{e(t('room.plenary.score'))}</h2><ul>")
    out += [f"<li>{e(line)}</li>" for line in score_rule(t, scn)]
    out.append("</ul><table><thead><tr><th class='num'>#</th>")
    out.append(f"<th>{e(t('room.col.name'))}</th><th class='num'>{e(t('room.col.score'))}</th>")
    out += [f"<th class='num'>{e(t(f'room.part.{p}'))}</th>" for p in parts]
    out.append(f"<th>{e(t('room.col.end'))}</th></tr></thead><tbody>")
    for r in rows:
        flag = (
            f" <span class='flag'>{e(t('room.console.copy', names=', '.join(r['copy_of'])))}</span>"
            if r["copy_of"]
            else ""
        )
        out.append(
            f"<tr><td class='num'>{r['place']}</td><td class='name'>{e(r['name'])}{flag}</td>"
            f"<td class='num'><b>{r['score']:.1f}</b></td>"
            + "".join(f"<td class='num'>{r['parts'][p]:.1f}</td>" for p in parts)
            + f"<td>{e(t('room.ended.' + r['ended_because'], turn=r['turn']))}</td></tr>"
        )
    out.append("</tbody></table></section>")
    # phase 2: analyse --------------------------------------------------------------------------
    out.append(f"<p class='phase'>{e(t('room.plenary.phase2'))}</p>")
    out.append(f"<section><h2>{e(t('room.plenary.time'))}</h2>")
    out.append(f"<p>{e(t('room.plenary.time_note'))}</p><table><thead><tr>")
    heads = (
        "col.name",
        "col.up",
        "col.out",
        "col.traits",
        "col.first_trait",
        "col.early",
        "col.spread",
    )
    out += [f"<th>{e(t('room.' + h))}</th>" for h in heads]
    out.append("</tr></thead><tbody>")
    for r in rows:
        f = figs[r["seat"]]
        out.append(
            f"<tr><td class='name'>{e(r['name'])}</td>"
            f"<td><span class='bar up' style='width:{3 * 100 * f.up:.0f}px'></span> {_pct(f.up)}</td>"
            f"<td><span class='bar out' style='width:{3 * 100 * f.out:.0f}px'></span> {_pct(f.out)}</td>"
            f"<td>{_pct(f.traits)}</td><td class='num'>{f.first_trait_turn or '-'}</td>"
            f"<td>{_pct(f.trait_early)}</td><td>{_pct(f.spread)}</td></tr>"
        )
    out.append("</tbody></table></section>")
    out.append(f"<section><h2>{e(t('room.plenary.kinds'))}</h2><table><thead><tr>")
    out.append(f"<th>{e(t('room.col.name'))}</th>")
    out += [f"<th>{e(t('kind.' + k))}</th>" for k in KINDS]
    out += [f"<th>{e(t('room.stance.' + s))}</th>" for s in STANCES if s != "none"]
    out.append("</tr></thead><tbody>")
    for r in rows:
        f = figs[r["seat"]]
        cells = "".join(
            f"<td>{e(t('room.plenary.good_bad', good=f.kinds[k][0], bad=f.kinds[k][1]))}</td>"
            for k in KINDS
        )
        cells += "".join(f"<td class='num'>{f.stances[s]}</td>" for s in STANCES if s != "none")
        out.append(f"<tr><td class='name'>{e(r['name'])}</td>{cells}</tr>")
    out.append(f"</tbody></table><p>{e(t('room.plenary.kinds_note'))}</p></section>")
    out += _concepts(room, rows, figs, t)
    failed = Counter(tid for f in figs.values() for tid in f.failed)
    out.append(f"<section><h2>{e(t('room.plenary.failed'))}</h2>")
    if failed:
        out.append("<ol>")
        for tid, n in failed.most_common(TOP_FAILED):
            out.append(
                f"<li>{e(event_title(scn, tid, t.lang))}: "
                f"{e(t('room.plenary.failed_n', n=n, players=len(rows)))}</li>"
            )
        out.append("</ol>")
    else:
        out.append(f"<p>{e(t('room.plenary.failed_none'))}</p>")
    out.append("</section>")
    chosen = Counter((tid, oid) for f in figs.values() for _, tid, oid in f.choices)
    out.append(f"<section><h2>{e(t('room.plenary.dilemmas'))}</h2>")
    out.append(f"<p>{e(t('room.plenary.dilemmas_note'))}</p><table><tbody>")
    for ti, tmpl in enumerate(scn.templates):
        if not tmpl.option_ids:
            continue
        total = sum(chosen[(tmpl.id, o)] for o in tmpl.option_ids)
        out.append(
            f"<tr><th colspan='3'>{e(tmpl.title.get(t.lang))} "
            f"<small>({e(t('room.plenary.times', n=total))})</small></th></tr>"
        )
        for oi, oid in enumerate(tmpl.option_ids):
            stance = STANCES[int(scn.o_stance[ti, oi])]
            n = chosen[(tmpl.id, oid)]
            out.append(
                f"<tr><td>{e(option_label(scn, tmpl.id, oid, t.lang))}</td>"
                f"<td>{e(t('room.stance.' + stance))}</td><td class='num'>{n}</td></tr>"
            )
    out.append("</tbody></table></section>")
    teams = [r for r in rows if r["team"]]
    if teams:
        out.append(f"<section><h2>{e(t('room.plenary.teams'))}</h2><table><tbody>")
        for r in teams:
            f = figs[r["seat"]]
            total = sum(f.per_person.values()) or 1
            share = ", ".join(
                f"{e(name)} {_pct(n / total)}" for name, n in sorted(f.per_person.items())
            )
            out.append(f"<tr><td class='name'>{e(r['name'])}</td><td>{share}</td></tr>")
        out.append(f"</tbody></table><p>{e(t('room.plenary.teams_note'))}</p></section>")
    # phase 3: apply ----------------------------------------------------------------------------
    out.append(f"<p class='phase'>{e(t('room.plenary.phase3'))}</p>")
    out.append(f"<section><h2>{e(t('room.plenary.questions'))}</h2><ol>")
    out += [f"<li>{e(t(f'room.plenary.q{i}'))}</li>" for i in range(1, N_QUESTIONS + 1)]
    out.append(
        f"</ol></section><section><h2>{e(t('room.plenary.script'))}</h2><div class='script'><ol>"
    )
    out += [f"<li>{e(t(f'room.plenary.s{i}'))}</li>" for i in range(1, N_SCRIPT + 1)]
    out.append("</ol></div></section>")
    if room.status != "ended":
        out.append(f"<p class='problem'>{e(t('room.plenary.not_ended'))}</p>")
    out.append("</main>")
    return _page(t("room.plenary.title"), t.lang, "".join(out), PLENARY_STYLE)
