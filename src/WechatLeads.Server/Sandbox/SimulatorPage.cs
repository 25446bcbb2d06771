namespace WechatLeads.Server.Sandbox;

/// <summary>The follower simulator: a phone-sized WeChat chat with the account's menu drawn at the bottom.</summary>
internal static class SimulatorPage
{
    /// <summary>
    /// Its one inline script is allowed by its hash, nothing else: the sandbox is a page like the others, and
    /// a strict policy here keeps it honest (it calls only this server).
    /// </summary>
    public static readonly string Policy =
        $"default-src 'none'; script-src '{ScriptHash()}'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static string ScriptHash()
    {
        var start = Html.IndexOf("<script>", StringComparison.Ordinal) + "<script>".Length;
        var script = Html[start..Html.IndexOf("</script>", start, StringComparison.Ordinal)];
        return "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script)));
    }

    public const string Html = """
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>WechatLeads 沙盒 · 粉丝模拟器</title>
<style>
  body { margin: 0; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; background: #e9e9e9; }
  .wrap { display: flex; gap: 24px; padding: 16px; flex-wrap: wrap; justify-content: center; }
  .phone { width: 375px; height: 720px; background: #ededed; border: 1px solid #ccc; border-radius: 24px; display: flex; flex-direction: column; overflow: hidden; }
  .title { background: #ededed; text-align: center; padding: 14px; font-weight: 600; border-bottom: 1px solid #d6d6d6; }
  .chat { flex: 1; overflow-y: auto; padding: 12px; }
  .msg { max-width: 78%; padding: 9px 12px; border-radius: 6px; margin: 8px 0; white-space: pre-wrap; word-break: break-all; font-size: 15px; }
  .me { background: #95ec69; margin-left: auto; }
  .them { background: #fff; }
  .sys { color: #888; font-size: 12px; text-align: center; margin: 6px 0; }
  .input { display: flex; gap: 6px; padding: 8px; background: #f7f7f7; border-top: 1px solid #d6d6d6; }
  .input input { flex: 1; padding: 8px; border: 1px solid #ccc; border-radius: 4px; font-size: 15px; }
  .menu { display: flex; border-top: 1px solid #d6d6d6; background: #fafafa; position: relative; }
  .menu > div { flex: 1; text-align: center; padding: 12px 4px; border-left: 1px solid #e3e3e3; cursor: pointer; position: relative; }
  .menu > div:first-child { border-left: none; }
  .sub { position: absolute; bottom: 46px; left: 4px; right: 4px; background: #fff; border: 1px solid #d6d6d6; border-radius: 4px; box-shadow: 0 2px 8px rgba(0,0,0,.15); }
  .sub div { padding: 10px 4px; border-top: 1px solid #eee; }
  .sub div:first-child { border-top: none; }
  .panel { width: 340px; background: #fff; border-radius: 8px; padding: 16px; font-size: 14px; }
  .panel h2 { font-size: 16px; margin: 0 0 12px; }
  .panel label { display: block; margin: 10px 0 4px; }
  .panel select, .panel button { width: 100%; padding: 8px; margin-top: 4px; }
  button { cursor: pointer; }
  .row { display: flex; gap: 6px; } .row button { flex: 1; }
  .hint { color: #666; font-size: 12px; line-height: 1.6; }
  .share { background: #fff; border-radius: 6px; padding: 10px 12px; margin: 8px 0 8px auto; max-width: 78%; font-size: 14px; }
  .share strong { display: block; margin-bottom: 4px; } .share .body { display: flex; gap: 8px; color: #888; font-size: 12px; }
  .share .body span { flex: 1; } .share img, .share .thumb { width: 48px; height: 48px; flex: none; background: #e6f7ec; object-fit: cover; }
  .share .from { border-top: 1px solid #eee; margin-top: 8px; padding-top: 4px; color: #aaa; font-size: 11px; }
  .sms { background: #f6f6f6; border-radius: 6px; padding: 6px 8px; margin: 4px 0; color: #333; }
</style>
</head>
<body>
<div class="wrap">
  <div class="panel">
    <h2>WechatLeads 沙盒</h2>
    <p class="hint">无需微信账号：这里模拟微信平台。你的操作会被签名（安全模式下加密）后推送到本应用的 <code>/wechat</code>，就像真实的微信服务器一样。</p>
    <label for="follower">当前模拟的粉丝</label>
    <select id="follower"></select>
    <button id="newFollower">＋ 新建测试粉丝</button>
    <div class="row" style="margin-top:8px">
      <button id="follow">关注公众号</button>
      <button id="unfollow">取消关注</button>
      <button id="cancelAccount" title="微信推送 user_authorization_cancellation：该粉丝的个人信息全部删除">注销微信账号</button>
    </div>
    <label><input type="checkbox" id="safe" checked> 安全模式（AES 加密推送；账号为兼容或安全模式时总是加密，与真实微信一致）</label>
    <p class="hint">菜单由应用启动时通过 <code>cgi-bin/menu/create</code> 发布到沙盒。客服消息（如退订确认）会出现在左侧对话中。</p>
    <p class="hint"><a href="/sandbox/simulator/state" target="_blank">查看沙盒状态 JSON</a></p>
    <p class="hint" id="demo-store">门店核销演示（仅开发环境）：手机打开 <a href="/staff/redeem" target="_blank">/staff/redeem</a>，账号 <code>store-sh001</code>（上海南京西路店）或 <code>store-sh002</code>（上海徐家汇店），密码都是 <code>sandbox-store-demo</code>。</p>
    <h3>羊毛党模拟（抽奖风控演示）</h3>
    <p class="hint">200 个小程序账号共用 20 个手机号、3 个 IP，微信安全风控评为 4 级，和 10 个正常用户一起抽 <code>lucky-draw</code>；结果在下面，异常在活动数据看板的「异常监控」中。</p>
    <button id="farm">运行模拟</button>
    <div id="farm-result" class="hint"></div>
    <h3>分享卡片（活动页在微信内）</h3>
    <p class="hint">活动页在微信里用 JS-SDK（<code>wx.config</code> + <code>updateAppMessageShareData</code>）设置分享卡片；分享不设任何奖励（微信禁止诱导分享）。选一个活动，预览朋友在聊天里看到的卡片，并按微信公布的算法校验页面的签名。</p>
    <select id="shareCampaign"></select>
    <button id="sharePreview">预览分享卡片</button>
    <div id="share-result" class="hint"></div>
    <h3>短信收件箱（沙盒短信网关）</h3>
    <p class="hint">活动页的「获取验证码」、更正手机号和营销短信都送到这里，不会真正发出。</p>
    <div id="sms" class="hint">（还没有短信）</div>
  </div>
  <div class="phone">
    <div class="title" id="accountName">示例公众号（沙盒）</div>
    <div class="chat" id="chat"></div>
    <div class="input"><input id="text" placeholder="发消息，例如：TD" maxlength="600"><button id="send">发送</button></div>
    <div class="menu" id="menu"></div>
  </div>
</div>
<script>
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
  $('follower').innerHTML = followers.map(f => `<option value="${f.openId}">${f.nickname}${f.subscribed ? '' : '（未关注）'}</option>`).join('');
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
</script>
</body>
</html>
""";
}
