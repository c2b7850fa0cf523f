"""The pages the room serves: plain HTML and JavaScript, every string from the catalogues."""

from __future__ import annotations

import html
import io
import json

import segno

from ..i18n import Translator
from .room import Room

STYLE = """
*{box-sizing:border-box}
body{margin:0;font-family:'DejaVu Sans',Verdana,sans-serif;background:#f6f4ef;color:#1d2a33}
header{background:#1d3b53;color:#fff;padding:.6em 1.2em;display:flex;gap:1.2em;align-items:baseline;
 flex-wrap:wrap}
header h1{margin:0;font-size:1.5em}
.badge{padding:.15em .6em;border-radius:.4em;background:#e9c46a;color:#1d2a33;font-weight:bold}
.badge.running{background:#8ac926}.badge.paused{background:#f4a261}.badge.ended{background:#bbb}
main{padding:1em 1.2em}
button{font-size:1em;padding:.45em 1em;margin:.2em;border-radius:.4em;border:2px solid #1d3b53;
 background:#fff;cursor:pointer}
button.primary{background:#1d3b53;color:#fff}
button:disabled{opacity:.4;cursor:default}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3em .5em;border-bottom:1px solid #d8d2c4;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.flag{color:#b00020;font-weight:bold}
.problem{color:#b00020;min-height:1.3em}
.card{background:#fff;border-radius:.6em;padding:.8em 1em;margin:.6em 0;
 box-shadow:0 1px 3px rgba(0,0,0,.15)}
.row{display:flex;gap:1em;flex-wrap:wrap;align-items:center}
input,select{font-size:1em;padding:.35em}
"""

PROJECTOR_STYLE = """
body{font-size:clamp(16px,1.9vw,40px);overflow:hidden;height:100vh}
header{font-size:1em}
main{display:grid;grid-template-columns:1.25fr 1fr;gap:1em;height:calc(100vh - 3.2em);padding:.6em 1em}
#rank td{padding:.18em .4em;line-height:1.2}
#rank td.name{overflow-wrap:anywhere}
.charts{display:flex;flex-direction:column;gap:.5em;min-height:0}
.charts .card{flex:1;margin:0;display:flex;flex-direction:column;min-height:0}
.charts svg{flex:1;width:100%;min-height:0}
.pager{color:#556;font-size:.8em}
.join{display:flex;gap:.6em;align-items:center;font-size:.75em}
.join img{height:3.2em;background:#fff}
"""

# the catalogue keys the pages' scripts use (beside every room.* key)
EXTRA_KEYS = ("meter.public_value", "meter.political_cover", "meter.trust")


def strings(t: Translator) -> dict[str, str]:
    """The strings a page's script needs, in the page's language."""
    keys = [k for k in t.strings if k.startswith(("room.", "allocation.", "compete.code."))]
    return {k: t(k) for k in [*keys, *EXTRA_KEYS]}


def _script_json(data) -> str:
    """JSON that can sit inside a <script> element."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


SHARED_JS = """
function t(key, params){let s=T[key]; if(s===undefined) return key;
  for(const [k,v] of Object.entries(params||{})) s=s.split('{'+k+'}').join(String(v));
  return s;}
function esc(x){return String(x).replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;',
  '"':'&quot;',"'":'&#39;'}[c]));}
function clock(s){if(s===null||s===undefined) return ''; s=Math.ceil(s);
  return Math.floor(s/60)+':'+String(s%60).padStart(2,'0');}
function reason(r){if(!r) return ''; if(r.reason==='room.refuse.rules' && r.params && r.params.problems)
  return r.params.problems.map(p=>t(p.key,p.params)).join('; ');
  return t(r.reason, r.params);}
function statusText(room){return t('room.status.'+room.status);}
function roundText(room){return room.mode==='free' ? t('room.free_play')
  : t('room.round_of',{round:room.round,turns:room.turns});}
"""


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


CONSOLE_JS = """
const Q=new URLSearchParams(location.search); const SECRET=Q.get('secret')||'';
const LANG=Q.get('lang')||document.documentElement.lang;
async function api(path, body){
  const opt={headers:{'X-Room-Secret':SECRET}};
  if(body!==undefined){opt.method='POST';opt.body=JSON.stringify(body);
    opt.headers['Content-Type']='application/json';}
  const r=await fetch(path,opt); return await r.json();}
async function act(action, extra){const r=await api('/api/console/action',
  Object.assign({action},extra||{}));
  document.getElementById('problem').textContent = r.ok ? '' : reason(r); refresh();}
function confirmAct(action,key){ if(confirm(t(key))) act(action); }
let last=null;
async function refresh(){
  let d; try{ d=await api('/api/console/room'); }catch(e){
    document.getElementById('problem').textContent=t('room.console.offline'); return; }
  if(!d.room){document.getElementById('problem').textContent=reason(d);return;}
  last=d; const room=d.room;
  const st=document.getElementById('status'); st.textContent=statusText(room);
  st.className='badge '+room.status;
  document.getElementById('round').textContent=roundText(room);
  document.getElementById('timer').textContent=room.seconds_left===null ? '' :
    t('room.timer_left',{time:clock(room.seconds_left)});
  const on=(id,yes)=>{document.getElementById(id).disabled=!yes;};
  on('start',room.status==='lobby'); on('pause',room.status==='running');
  on('resume',room.status==='paused');
  on('next',room.mode==='rounds'&&(room.status==='running'||room.status==='paused')&&room.round<room.turns);
  on('undo',room.mode==='rounds'&&(room.status==='running'||room.status==='paused'));
  on('end',room.status!=='ended');
  document.getElementById('mode').value=room.mode;
  const done=d.rows.filter(r=>r.over || r.turn>=room.round).length;
  document.getElementById('counts').textContent=t('room.console.counts',
    {seats:d.rows.length, done:done, connected:d.connected, refused:d.refused});
  const sel=document.getElementById('to'); const keep=sel.value;
  sel.innerHTML='<option value="">'+esc(t('room.console.to_all'))+'</option>'+
    d.rows.map(r=>'<option value="'+r.seat+'">'+esc(r.name)+'</option>').join('');
  sel.value=keep;
  document.getElementById('rows').innerHTML=d.rows.map(r=>{
    const behind = room.mode==='rounds' && !r.over && r.turn<room.round;
    const flags=[]; if(r.copy_of.length) flags.push(t('room.console.copy',{names:r.copy_of.join(', ')}));
    if(r.defaults) flags.push(t('room.console.defaults',{n:r.defaults}));
    if(behind && r.idle>60) flags.push(t('room.console.idle',{seconds:r.idle}));
    return '<tr><td class="num">'+r.place+'</td><td>'+esc(r.name)+(r.team?' ('+esc(r.persons.join(', '))+')':'')+
      '</td><td class="num">'+r.turn+(r.over?' ✓':'')+'</td><td>'+
      (behind ? (r.waiting? esc(t('room.console.waiting_team',{n:r.waiting})) : esc(t('room.console.playing')))
       : esc(t(r.over?'room.console.finished':'room.console.done')))+
      '</td><td class="num">'+r.score.toFixed(1)+'</td><td class="flag">'+esc(flags.join(' · '))+'</td></tr>';
  }).join('');
}
function sendMessage(){const text=document.getElementById('msg').value; const to=document.getElementById('to').value;
  act('message',{text:text, seat: to? Number(to): null}); document.getElementById('msg').value='';}
function setTimer(){act('timer',{seconds:Number(document.getElementById('seconds').value)||0});}
setInterval(refresh,1000); refresh();
"""


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
<header><h1>{e(t('room.console.title'))}</h1><span>{e(title)}</span><span>{e(room.code)}</span>
<span id="status" class="badge"></span><span id="round"></span><span id="timer"></span></header>
<main>
<div class="card row">
<button id="start" class="primary" onclick="act('start')">{e(t('room.console.start'))}</button>
<button id="pause" onclick="act('pause')">{e(t('room.console.pause'))}</button>
<button id="resume" onclick="act('resume')">{e(t('room.console.resume'))}</button>
<button id="next" class="primary" onclick="act('next')">{e(t('room.console.next'))}</button>
<button id="undo" onclick="confirmAct('undo','room.console.undo_confirm')">{e(t('room.console.undo'))}</button>
<button id="end" onclick="confirmAct('end','room.console.end_confirm')">{e(t('room.console.end'))}</button>
</div>
<div class="card row">
<label>{e(t('room.console.mode'))} <select id="mode" onchange="act('mode',{{mode:this.value}})">
<option value="rounds">{e(t('room.mode.rounds'))}</option><option value="free">{e(t('room.mode.free'))}</option>
</select></label>
<label>{e(t('room.console.timer'))} <input id="seconds" type="number" min="0" max="3600" step="10"
 value="{room.timer}" style="width:6em"></label><button id="set_timer" onclick="setTimer()">{e(t('room.console.set_timer'))}</button>
<span>{e(t('room.console.default_move'))}</span>
</div>
<div class="card row">
<input id="msg" maxlength="280" size="50" placeholder="{e(t('room.console.message_placeholder'))}">
<select id="to"></select><button id="send" onclick="sendMessage()">{e(t('room.console.send'))}</button>
</div>
<p id="problem" class="problem" role="alert"></p>
<p id="counts"></p>
<div class="card"><table><thead><tr><th class="num">#</th><th>{e(t('room.col.name'))}</th>
<th class="num">{e(t('room.col.turn'))}</th><th>{e(t('room.col.state'))}</th>
<th class="num">{e(t('room.col.score'))}</th><th>{e(t('room.col.notes'))}</th></tr></thead>
<tbody id="rows"></tbody></table></div>
<p>{links}</p>
</main>
<script>const T={_script_json(strings(t))};{SHARED_JS}{CONSOLE_JS}</script>"""
    return _page(t("room.console.title"), t.lang, body)


PROJECTOR_JS = """
const COLORS=['#1d3b53','#e76f51','#2a9d8f'];
const METERS=['public_value','political_cover','trust'];
let page=0, pages=1, rows=[], flip=0;
function perPage(){const h=document.getElementById('rankbox').clientHeight;
  const line=parseFloat(getComputedStyle(document.body).fontSize)*1.65; return Math.max(3,Math.floor(h/line)-2);}
function drawRanking(){const n=perPage(); pages=Math.max(1,Math.ceil(rows.length/n)); if(page>=pages) page=0;
  document.getElementById('rank').innerHTML=rows.slice(page*n,(page+1)*n).map(r=>
   '<tr><td class="num">'+r.place+'</td><td class="name">'+esc(r.name)+
   (r.team?' <small>('+esc(r.persons.join(', '))+')</small>':'')+'</td><td class="num">'+
   r.turn+'</td><td class="num"><b>'+r.score.toFixed(1)+'</b></td></tr>').join('');
  document.getElementById('pager').textContent= pages>1 ? t('room.projector.page',{page:page+1,pages:pages}) : '';}
function svgFrontier(){const W=400,H=220,P=30; const pts=rows.filter(r=>r.mean_value!==null);
  let s='<svg viewBox="0 0 '+W+' '+H+'" preserveAspectRatio="xMidYMid meet">';
  s+='<line x1="'+P+'" y1="'+(H-P)+'" x2="'+(W-5)+'" y2="'+(H-P)+'" stroke="#888"/>'+
     '<line x1="'+P+'" y1="5" x2="'+P+'" y2="'+(H-P)+'" stroke="#888"/>';
  s+='<text x="'+(W/2)+'" y="'+(H-6)+'" font-size="13" text-anchor="middle">'+esc(t('room.projector.axis_value'))+'</text>';
  s+='<text x="12" y="'+(H/2)+'" font-size="13" text-anchor="middle" transform="rotate(-90 12 '+(H/2)+')">'+
     esc(t('room.projector.axis_cover'))+'</text>';
  for(const r of pts){const x=P+(W-P-10)*r.mean_value/100, y=(H-P)-(H-P-10)*r.mean_cover/100;
    s+='<circle cx="'+x.toFixed(1)+'" cy="'+y.toFixed(1)+'" r="9" fill="#2a9d8f" opacity=".8"><title>'+esc(r.name)+'</title></circle>'+
       '<text x="'+x.toFixed(1)+'" y="'+(y+4).toFixed(1)+'" font-size="10" fill="#fff" text-anchor="middle">'+r.place+'</text>';}
  return s+'</svg>';}
function svgMeters(meters, turns){const W=400,H=200,P=30;
  let s='<svg viewBox="0 0 '+W+' '+H+'" preserveAspectRatio="xMidYMid meet">';
  s+='<line x1="'+P+'" y1="'+(H-P)+'" x2="'+(W-5)+'" y2="'+(H-P)+'" stroke="#888"/>';
  for(const v of [0,50,100]){const y=(H-P)-(H-P-10)*v/100;
    s+='<text x="'+(P-4)+'" y="'+(y+4)+'" font-size="11" text-anchor="end">'+v+'</text>';}
  METERS.forEach((m,i)=>{ if(!meters.length) return; const pts=meters.map((row,k)=>
     (P+(W-P-10)*k/Math.max(1,turns)).toFixed(1)+','+((H-P)-(H-P-10)*row[i]/100).toFixed(1)).join(' ');
    s+='<polyline fill="none" stroke-width="3" stroke="'+COLORS[i]+'" points="'+pts+'"/>';
    s+='<text x="'+(P+8+i*125)+'" y="'+(H-8)+'" font-size="13" fill="'+COLORS[i]+'">'+esc(t('meter.'+m))+'</text>';});
  return s+'</svg>';}
async function refresh(){let d; try{ d=await (await fetch('/api/standings')).json(); }catch(e){ return; }
  if(!d.room) return; const room=d.room; rows=d.rows;
  document.getElementById('status').textContent=statusText(room);
  document.getElementById('status').className='badge '+room.status;
  document.getElementById('round').textContent=roundText(room);
  document.getElementById('timer').textContent=room.seconds_left===null?'':t('room.timer_left',{time:clock(room.seconds_left)});
  document.getElementById('paused').style.display= room.status==='paused' ? 'block':'none';
  drawRanking(); document.getElementById('frontier').innerHTML=svgFrontier();
  document.getElementById('meters').innerHTML=svgMeters(d.meters, room.turns);}
setInterval(refresh,2000); setInterval(()=>{page=(page+1)%pages; drawRanking();},10000);
window.addEventListener('resize',drawRanking); refresh();
"""


def projector_page(room: Room, t: Translator) -> str:
    """The projector view: the live ranking with full names and paging, a frontier, the meters."""
    e = html.escape
    title = room.scn.title.get(t.lang)
    body = f"""
<header><h1>{e(title)}</h1><span>{e(room.code)}</span><span id="status" class="badge"></span>
<span id="round"></span><span id="timer"></span>
<span class="join"><img src="/qr.svg" alt="QR">{e(t('room.projector.join'))}</span></header>
<div id="paused" style="display:none;position:fixed;inset:30% 20%;background:#f4a261;color:#1d2a33;
font-size:3em;text-align:center;padding:1em;border-radius:.4em;z-index:2">{e(t('room.projector.paused'))}</div>
<main><div id="rankbox" class="card" style="margin:0;overflow:hidden">
<table><thead><tr><th class="num">#</th><th>{e(t('room.col.name'))}</th>
<th class="num">{e(t('room.col.turn'))}</th><th class="num">{e(t('room.col.score'))}</th></tr></thead>
<tbody id="rank"></tbody></table><div id="pager" class="pager"></div></div>
<div class="charts"><div class="card"><b>{e(t('room.projector.frontier'))}</b><div id="frontier" style="flex:1;display:flex"></div></div>
<div class="card"><b>{e(t('room.projector.meters'))}</b><div id="meters" style="flex:1;display:flex"></div></div></div></main>
<script>const T={_script_json(strings(t))};{SHARED_JS}{PROJECTOR_JS}</script>"""
    return _page(t("room.projector.title"), t.lang, body, PROJECTOR_STYLE)
