"""The room's plenary debrief: one projector-grade page for a 30-minute group discussion.

It follows a three-phase debriefing model (describe - analyse - apply): the score and every
player's breakdown, how each player spent their time (managing up against out, when they
invested in traits, how they spread the work), outcomes per kind of turbulence and per stance,
the events the room failed most, every option of every dilemma (chosen or not), what each
trainee of a team contributed, and pooled questions with a short facilitator's script.
"""

from __future__ import annotations

import html
from collections import Counter

from ..core.model import KINDS, STANCES
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
