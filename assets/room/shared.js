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
