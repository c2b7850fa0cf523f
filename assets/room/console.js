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
