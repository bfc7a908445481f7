/**
 * GET /__sim/phone?url=<page>: a desktop page with a phone-sized frame and a WeCom-like
 * title bar around the given page. The page itself must load the bridge script (the
 * product server injects bridgeScriptTag()); the frame only makes it look like the app.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only http(s) URLs and same-site paths; anything else (javascript:, data:) falls back to "/". */
export function safeFrameUrl(raw: unknown): string {
  if (typeof raw !== 'string' || !raw) return '/';
  if (raw.startsWith('/') && !raw.startsWith('//')) return raw;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '/';
  } catch {
    return '/';
  }
}

export function phonePage(rawUrl: unknown): string {
  const url = escapeHtml(safeFrameUrl(rawUrl));
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>企业微信模拟器</title>
<style>
  body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 12px;
         background: #e9edf2; font: 14px/1.4 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; color: #333; }
  .phone { width: 390px; height: min(780px, calc(100vh - 64px)); box-sizing: content-box; border-radius: 36px; background: #111; padding: 12px; box-shadow: 0 12px 40px rgba(0,0,0,.25); }
  .screen { width: 100%; height: 100%; border-radius: 26px; overflow: hidden; background: #fff; display: flex; flex-direction: column; }
  .status { height: 24px; background: #ededed; font-size: 12px; display: flex; justify-content: space-between; padding: 0 18px; align-items: center; }
  .titlebar { height: 44px; background: #ededed; display: flex; align-items: center; border-bottom: 1px solid #d9d9d9; }
  .titlebar button { width: 44px; height: 44px; border: 0; background: none; font-size: 22px; cursor: pointer; color: #222; }
  .titlebar .title { flex: 1; text-align: center; font-size: 16px; font-weight: 600; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
  iframe { flex: 1; width: 100%; border: 0; background: #fff; }
  .tools { display: flex; gap: 8px; align-items: center; color: #667; max-width: 90vw; }
  .tools code { background: #fff; padding: 2px 6px; border-radius: 4px; word-break: break-all; }
</style>
</head>
<body>
  <div class="phone">
    <div class="screen">
      <div class="status"><span>9:41</span><span>企业微信</span><span>100%</span></div>
      <div class="titlebar">
        <button type="button" id="back" title="返回">‹</button>
        <div class="title" id="title">加载中…</div>
        <button type="button" id="reload" title="刷新">⟳</button>
      </div>
      <iframe id="page" src="${url}" title="页面"></iframe>
    </div>
  </div>
  <div class="tools">
    <label for="who">以谁的身份</label>
    <select id="who" title="切换演示员工"></select>
    当前页面 <code id="addr">${url}</code>
  </div>
<script>
  (function () {
    var frame = document.getElementById('page');
    var title = document.getElementById('title');
    var addr = document.getElementById('addr');
    function sync() {
      try {
        var d = frame.contentDocument;
        title.textContent = (d && d.title) || '企业微信';
        addr.textContent = frame.contentWindow.location.href;
      } catch (e) {
        title.textContent = '企业微信'; // cross-origin page: title not readable
      }
    }
    frame.addEventListener('load', function () {
      sync();
      try {
        new MutationObserver(sync).observe(frame.contentDocument.querySelector('title') || frame.contentDocument.head, { childList: true, subtree: true, characterData: true });
      } catch (e) {}
    });
    document.getElementById('back').addEventListener('click', function () {
      try { frame.contentWindow.history.back(); } catch (e) { history.back(); }
    });
    // Switching the demo staff member: the simulated WeCom signs the new person in, the product's
    // session of the old one ends (POST /auth/logout), and the page signs in again.
    var who = document.getElementById('who');
    fetch('/__sim/session').then(function (r) { return r.json(); }).then(function (session) {
      return fetch('/__sim/directory').then(function (r) { return r.json(); }).then(function (dir) {
        dir.staff.forEach(function (s) {
          var o = document.createElement('option');
          o.value = s.userId;
          o.textContent = s.name + '（' + s.userId + '）';
          if (s.userId === session.userId) o.selected = true;
          who.appendChild(o);
        });
      });
    }).catch(function () { who.disabled = true; });
    who.addEventListener('change', function () {
      fetch('/__sim/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: who.value }) })
        .then(function () { return fetch('/auth/logout', { method: 'POST' }).catch(function () {}); })
        .then(function () { frame.src = frame.src; });
    });
    document.getElementById('reload').addEventListener('click', function () {
      try { frame.contentWindow.location.reload(); } catch (e) { frame.src = frame.src; }
    });
  })();
</script>
</body>
</html>
`;
}
