// The follower simulator's behaviour: it drives the sandbox's JSON endpoints and draws the chat.
const $ = id => document.getElementById(id);
let followers = [], seen = {}, openSub = null;

function current() { return $('follower').value; }
function add(cls, text) {
  const d = document.createElement('div'); d.className = cls === 'sys' ? 'sys' : 'msg ' + cls; d.textContent = text;
  $('chat').appendChild(d); $('chat').scrollTop = $('chat').scrollHeight;
}
async function json(url, opts) {
  const r = await fetch(url, Object.assign({ headers: { 'Content-Type': 'application/json' } }, opts));
  if (!r.ok) throw new Error(r.status + ' ' + (await r.text()));
  return r.status === 204 ? null : r.json();
}
async function refresh() {
  const s = await json('/sandbox/simulator/state');
  const keep = current();
  followers = s.followers;
  // Nicknames are typed by whoever uses the sandbox: text, never markup.
  $('follower').replaceChildren(...followers.map(f => new Option(f.nickname + (f.subscribed ? '' : '（未关注）'), f.openId)));
  if (keep) $('follower').value = keep;
  drawMenu(s.menu);
}
function drawMenu(menu) {
  const bar = $('menu'); bar.innerHTML = '';
  if (!menu || !menu.button) { bar.innerHTML = '<div class="hint">（菜单尚未发布）</div>'; return; }
  menu.button.forEach((b, i) => {
    const cell = document.createElement('div'); cell.textContent = (b.sub_button && b.sub_button.length ? '≡ ' : '') + b.name;
    cell.onclick = () => {
      if (b.sub_button && b.sub_button.length) {
        if (openSub) { openSub.remove(); const same = openSub.dataset.i == i; openSub = null; if (same) return; }
        const sub = document.createElement('div'); sub.className = 'sub'; sub.dataset.i = i;
        b.sub_button.forEach(sb => { const it = document.createElement('div'); it.textContent = sb.name; it.onclick = e => { e.stopPropagation(); sub.remove(); openSub = null; tap(sb); }; sub.appendChild(it); });
        cell.appendChild(sub); openSub = sub;
      } else tap(b);
    };
    bar.appendChild(cell);
  });
}
async function push(type, extra) {
  if (!current()) { add('sys', '请先新建一个测试粉丝'); return; }
  const res = await json('/sandbox/simulator/push', { method: 'POST', body: JSON.stringify(Object.assign({ openId: current(), type, safe: $('safe').checked }, extra)) });
  if (res.status !== 200) add('sys', '推送被拒绝：HTTP ' + res.status);
  if (res.reply) add('them', res.reply);
  setTimeout(pollInbox, 400);
}
async function tap(b) {
  if (b.type === 'click') { add('sys', '点击菜单「' + b.name + '」'); await push('click', { key: b.key }); }
  else if (b.type === 'view') { add('sys', '打开「' + b.name + '」'); await push('view', { key: b.url }); window.open(b.url, '_blank'); }
  else add('sys', '沙盒暂不模拟 ' + b.type + ' 类型按钮');
}
async function pollInbox() {
  const id = current(); if (!id) return;
  try {
    const items = await json('/sandbox/simulator/followers/' + encodeURIComponent(id) + '/inbox');
    const n = seen[id] || 0;
    items.slice(n).forEach(m => add('them', m.text));
    seen[id] = items.length;
  } catch (e) { /* the follower may have been removed */ }
}
$('send').onclick = async () => { const t = $('text').value.trim(); if (!t) return; add('me', t); $('text').value = ''; await push('text', { content: t }); };
$('text').onkeydown = e => { if (e.key === 'Enter') $('send').click(); };
$('newFollower').onclick = async () => { const f = await json('/sandbox/simulator/followers', { method: 'POST', body: JSON.stringify({}) }); await refresh(); $('follower').value = f.openId; $('chat').innerHTML = ''; add('sys', '已创建粉丝 ' + f.nickname + '，点“关注公众号”开始'); };
$('follow').onclick = async () => { add('sys', '你关注了公众号'); await push('subscribe', {}); await refresh(); };
$('unfollow').onclick = async () => { add('sys', '你取消了关注'); await push('unsubscribe', {}); await refresh(); };
$('cancelAccount').onclick = async () => {
  if (!current()) { add('sys', '请先新建一个测试粉丝'); return; }
  const r = await json('/sandbox/simulator/authorization', { method: 'POST', body: JSON.stringify({ openId: current(), change: 'cancel', miniProgram: false }) });
  add('sys', r.status === 200 ? '微信已推送“用户完成注销”：该粉丝的线索、券和号码稍后删除' : '推送被拒绝：HTTP ' + r.status);
  await refresh();
};
$('farm').onclick = async () => {
  $('farm-result').textContent = '运行中……';
  try {
    const r = await json('/sandbox/simulator/farm', { method: 'POST', body: JSON.stringify({ slug: 'lucky-draw' }) });
    const side = s => `${s.attempts} 次：中奖 ${s.won}，未中 ${s.noWin}，被拒 ${Object.entries(s.refused).map(([k, v]) => k + ' ' + v).join('、') || 0}`;
    $('farm-result').innerHTML = '';
    [['羊毛党', r.farm], ['正常用户', r.honest]].forEach(([name, s]) => { const d = document.createElement('div'); d.textContent = name + ' ' + side(s); $('farm-result').appendChild(d); });
    const a = document.createElement('a'); a.href = '/admin/campaigns/lucky-draw#activity'; a.target = '_blank'; a.textContent = '打开数据看板'; $('farm-result').appendChild(a);
  } catch (e) { $('farm-result').textContent = '失败：' + e.message; }
};
async function loadShareCampaigns() {
  const list = await json('/sandbox/simulator/share');
  $('shareCampaign').innerHTML = '';
  list.forEach(c => { const o = document.createElement('option'); o.value = c.slug; o.textContent = c.title; $('shareCampaign').appendChild(o); });
}
$('sharePreview').onclick = async () => {
  if (!$('shareCampaign').value) return;
  const p = await json('/sandbox/simulator/share/' + encodeURIComponent($('shareCampaign').value));
  const card = document.createElement('div'); card.className = 'share'; card.id = 'share-card';
  const title = document.createElement('strong'); title.textContent = p.card.title;
  const body = document.createElement('div'); body.className = 'body';
  const desc = document.createElement('span'); desc.textContent = p.card.description;
  body.appendChild(desc);
  if (p.card.imageUrl && p.card.imageUrl.startsWith(location.origin + '/')) { const img = document.createElement('img'); img.src = p.card.imageUrl; img.alt = ''; body.appendChild(img); }
  else { const thumb = document.createElement('div'); thumb.className = 'thumb'; body.appendChild(thumb); }
  const from = document.createElement('div'); from.className = 'from'; from.textContent = p.card.link;
  card.append(title, body, from);
  $('chat').appendChild(card); $('chat').scrollTop = $('chat').scrollHeight;
  $('share-result').textContent = (p.configured ? '已设置分享卡片。' : '未设置，使用活动标题和说明。') +
    ' wx.config 签名（timestamp ' + p.wxConfig.timestamp + '）' + (p.signatureVerified ? '校验通过' : '校验失败');
  $('share-result').dataset.verified = p.signatureVerified;
};
$('follower').onchange = () => { $('chat').innerHTML = ''; seen[current()] = 0; pollInbox(); };
async function pollSms() {
  try {
    const items = (await json('/sandbox/sms')).slice(-8).reverse();
    if (!items.length) return;
    $('sms').innerHTML = '';
    items.forEach(m => {
      const d = document.createElement('div'); d.className = 'sms';
      d.textContent = m.phone.slice(0, 3) + '****' + m.phone.slice(7) + '：' + m.text;
      $('sms').appendChild(d);
    });
  } catch (e) { /* shown again on the next poll */ }
}
refresh().then(pollInbox); pollSms(); loadShareCampaigns(); setInterval(pollInbox, 2000); setInterval(pollSms, 2000); setInterval(refresh, 5000);
