const COLORS=['#1d3b53','#e76f51','#2a9d8f'];
const METERS=['public_value','political_cover','trust'];
let page=0, pages=1, rows=[], flip=0;
let starts=[0];
function rowHtml(r){return '<tr><td class="num">'+r.place+'</td><td class="name">'+esc(r.name)+
   (r.team?' <small>('+esc(r.persons.join(', '))+')</small>':'')+'</td><td class="num">'+
   r.turn+'</td><td class="num"><b>'+r.score.toFixed(1)+'</b></td></tr>';}
function layout(){const tb=document.getElementById('rank'); tb.innerHTML=rows.map(rowHtml).join('');
  const box=document.querySelector('#rankbox .tablebox'); const head=document.querySelector('#rankbox thead');
  const limit=box.clientHeight-head.offsetHeight-2; const trs=[...tb.children];
  starts=[0]; let base=trs.length? trs[0].offsetTop : 0;
  trs.forEach((tr,i)=>{ if(tr.offsetTop+tr.offsetHeight-base>limit && i>starts[starts.length-1]){
    starts.push(i); base=tr.offsetTop; }});
  pages=starts.length; if(page>=pages) page=0; drawRanking();}
function drawRanking(){const tb=document.getElementById('rank'); const a=starts[page], b=starts[page+1]||rows.length;
  [...tb.children].forEach((tr,i)=>{tr.style.display=(i>=a&&i<b)?'':'none';});
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
  layout(); document.getElementById('frontier').innerHTML=svgFrontier();
  document.getElementById('meters').innerHTML=svgMeters(d.meters, room.turns);}
setInterval(refresh,2000); setInterval(()=>{page=(page+1)%pages; drawRanking();},10000);
window.addEventListener('resize',layout); refresh();
