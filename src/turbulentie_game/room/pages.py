"""The pages the room serves: plain HTML and JavaScript, every string from the catalogues."""

from __future__ import annotations

import html
import io
import json

import segno

from ..i18n import Translator
from ..paths import assets_dir
from .room import Room


def _asset(name: str) -> str:
    """A file of the pages (style or script) from assets/room."""
    return (assets_dir() / "room" / name).read_text(encoding="utf-8")


STYLE = _asset("room.css")

PROJECTOR_STYLE = _asset("projector.css")

# the catalogue keys the pages' scripts use (beside every room.* key)
EXTRA_KEYS = ("meter.public_value", "meter.political_cover", "meter.trust")


def strings(t: Translator) -> dict[str, str]:
    """The strings a page's script needs, in the page's language."""
    keys = [k for k in t.strings if k.startswith(("room.", "allocation.", "compete.code."))]
    return {k: t(k) for k in [*keys, *EXTRA_KEYS]}


def _script_json(data) -> str:
    """JSON that can sit inside a <script> element."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


SHARED_JS = _asset("shared.js")


def _page(title: str, lang: str, body: str, style: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}{style}</style></head>"
        f"<body>{body}</body></html>"
    )


def qr_svg(text: str) -> str:
    """A QR code of `text` as an SVG image."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False)
    return out.getvalue().decode("utf-8")


def forbidden_page(t: Translator) -> str:
    """The page shown without the facilitator's secret."""
    return _page(
        t("room.console.title"),
        t.lang,
        f"<main><h1>{html.escape(t('room.console.title'))}</h1>"
        f"<p class='problem'>{html.escape(t('room.refuse.secret'))}</p></main>",
    )


def index_page(room: Room, t: Translator) -> str:
    """The room's front page: how to join, and a link to the projector."""
    title = room.scn.title.get(t.lang)
    body = (
        f"<header><h1>{html.escape(t('room.title'))}</h1><span>{html.escape(title)}</span>"
        f"<span>{html.escape(room.code)}</span></header><main><div class='card'>"
        f"<p>{html.escape(t('room.index.join'))}</p><img src='/qr.svg' alt='QR' height='220'>"
        f"<p><a href='/projector?lang={t.lang}'>{html.escape(t('room.projector.title'))}</a></p>"
        "</div></main>"
    )
    return _page(t("room.title"), t.lang, body)


CONSOLE_JS = _asset("console.js")


def console_page(room: Room, t: Translator) -> str:
    """The facilitator's console: the room, rounds, pause, timer, undo, messages, end."""
    e = html.escape
    title = room.scn.title.get(t.lang)
    q = f"secret={room.secret}&lang={t.lang}"
    links = " · ".join(
        [
            f"<a href='/projector?lang={t.lang}' target='_blank'>{e(t('room.projector.title'))}</a>",
            f"<a href='/plenary?{q}' target='_blank'>{e(t('room.plenary.title'))}</a>",
            f"<a href='/api/console/export/decisions.csv?{q}'>{e(t('room.export.decisions'))}</a>",
            f"<a href='/api/console/export/players.csv?{q}'>{e(t('room.export.players'))}</a>",
            f"<a href='/api/console/export/players.csv?{q}&names=1'>"
            f"{e(t('room.export.players_named'))}</a>",
            f"<a href='/api/console/export/xapi.jsonl?{q}'>{e(t('room.export.xapi'))}</a>",
        ]
    )
    body = f"""
<header><h1>{e(t("room.console.title"))}</h1><span>{e(title)}</span><span>{e(room.code)}</span>
<span id="status" class="badge"></span><span id="round"></span><span id="timer"></span></header>
<main>
<div class="card row">
<button id="start" class="primary" onclick="act('start')">{e(t("room.console.start"))}</button>
<button id="pause" onclick="act('pause')">{e(t("room.console.pause"))}</button>
<button id="resume" onclick="act('resume')">{e(t("room.console.resume"))}</button>
<button id="next" class="primary" onclick="act('next')">{e(t("room.console.next"))}</button>
<button id="undo" onclick="confirmAct('undo','room.console.undo_confirm')">
{e(t("room.console.undo"))}</button>
<button id="end" onclick="confirmAct('end','room.console.end_confirm')">
{e(t("room.console.end"))}</button>
</div>
<div class="card row">
<label>{e(t("room.console.mode"))} <select id="mode" onchange="act('mode',{{mode:this.value}})">
<option value="rounds">{e(t("room.mode.rounds"))}</option>
<option value="free">{e(t("room.mode.free"))}</option>
</select></label>
<label>{e(t("room.console.timer"))} <input id="seconds" type="number" min="0" max="3600" step="10"
 value="{room.timer}" style="width:6em"></label>
<button id="set_timer" onclick="setTimer()">{e(t("room.console.set_timer"))}</button>
<span>{e(t("room.console.default_move"))}</span>
</div>
<div class="card row">
<input id="msg" maxlength="280" size="50" placeholder="{e(t("room.console.message_placeholder"))}">
<select id="to"></select><button id="send" onclick="sendMessage()">{e(t("room.console.send"))}</button>
</div>
<p id="problem" class="problem" role="alert"></p>
<p id="counts"></p>
<div class="card"><table><thead><tr><th class="num">#</th><th>{e(t("room.col.name"))}</th>
<th class="num">{e(t("room.col.turn"))}</th><th>{e(t("room.col.state"))}</th>
<th class="num">{e(t("room.col.score"))}</th><th>{e(t("room.col.notes"))}</th></tr></thead>
<tbody id="rows"></tbody></table></div>
<p>{links}</p>
</main>
<script>const T={_script_json(strings(t))};{SHARED_JS}{CONSOLE_JS}</script>"""
    return _page(t("room.console.title"), t.lang, body)


PROJECTOR_JS = _asset("projector.js")


def projector_page(room: Room, t: Translator) -> str:
    """The projector view: the live ranking with full names and paging, a frontier, the meters."""
    e = html.escape
    title = room.scn.title.get(t.lang)
    body = f"""
<header><h1>{e(title)}</h1><span class="code">{e(room.code)}</span>
<span id="status" class="badge"></span>
<span id="round"></span><span id="timer"></span>
<span class="join"><img src="/qr.svg" alt="QR">{e(t("room.projector.join"))}</span></header>
<div id="paused" style="display:none;position:fixed;inset:30% 20%;background:#f4a261;color:#1d2a33;
font-size:3em;text-align:center;padding:1em;border-radius:.4em;z-index:2">{e(t("room.projector.paused"))}</div>
<main><div id="rankbox" class="card" style="margin:0"><div class="tablebox">
<table><thead><tr><th class="num">#</th><th>{e(t("room.col.name"))}</th>
<th class="num">{e(t("room.col.turn"))}</th><th class="num">{e(t("room.col.score"))}</th></tr></thead>
<tbody id="rank"></tbody></table></div><div id="pager" class="pager"></div></div>
<div class="charts"><div class="card"><b>{e(t("room.projector.frontier"))}</b>
<div id="frontier" class="chart"></div></div>
<div class="card"><b>{e(t("room.projector.meters"))}</b>
<div id="meters" class="chart"></div></div></div></main>
<script>const T={_script_json(strings(t))};{SHARED_JS}{PROJECTOR_JS}</script>"""
    return _page(t("room.projector.title"), t.lang, body, PROJECTOR_STYLE)
