/**
 * GET /__feishu-sim/phone?customer=<open_id>: a phone-sized page that plays one person's
 * one-to-one chat with the bot. No inline script (the product server's CSP is
 * `script-src 'self'`): the behaviour is in /__feishu-sim/phone.js (script.ts), the data in `data-*`.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; gap: 32px;
         background: #eef1f6; font: 14px/1.45 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2329; }
  .phone { width: 390px; height: min(780px, calc(100vh - 48px)); border-radius: 36px; background: #111; padding: 12px;
           box-shadow: 0 12px 40px rgba(0,0,0,.25); flex: none; }
  .screen { width: 100%; height: 100%; border-radius: 26px; overflow: hidden; background: #f5f6f7; display: flex; flex-direction: column; position: relative; }
  .status { height: 24px; background: #fff; font-size: 12px; display: flex; justify-content: space-between; padding: 0 18px; align-items: center; }
  .titlebar { background: #fff; border-bottom: 1px solid #e5e6eb; padding: 8px 14px; display: flex; align-items: center; gap: 10px; }
  .avatar { width: 36px; height: 36px; border-radius: 50%; background: #3370ff; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 600; flex: none; }
  .titles { flex: 1; min-width: 0; }
  .titles .name { font-size: 16px; font-weight: 600; }
  .titles .sub { font-size: 12px; color: #8f959e; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .tag { font-size: 11px; color: #3370ff; border: 1px solid #3370ff; border-radius: 4px; padding: 0 4px; margin-left: 6px; font-weight: 400; }
  #groups { background: #fff; border-bottom: 1px solid #e5e6eb; padding: 6px 12px; display: flex; flex-direction: column; gap: 4px; }
  #groups[hidden] { display: none; }
  .group { display: flex; justify-content: space-between; gap: 8px; font-size: 13px; }
  .group-name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .group-meta { color: #8f959e; flex: none; }
  #messages { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 10px; }
  .empty { margin: auto; text-align: center; color: #8f959e; padding: 24px; }
  .row { display: flex; flex-direction: column; max-width: 82%; }
  .row.bot { align-self: flex-start; }
  .row.me { align-self: flex-end; align-items: flex-end; }
  .bubble { padding: 8px 12px; border-radius: 8px; white-space: pre-wrap; word-break: break-word; background: #fff; border: 1px solid #e5e6eb; }
  .row.me .bubble { background: #cce0ff; border-color: #b5d0ff; }
  .bubble.card { border-left: 3px solid #3370ff; }
  .meta { font-size: 11px; color: #8f959e; margin: 2px 4px; }
  .actions { background: #fff; border-top: 1px solid #e5e6eb; padding: 8px 10px; display: flex; flex-direction: column; gap: 8px; }
  #open-bot { border: 0; border-radius: 6px; background: #3370ff; color: #fff; padding: 9px; font-size: 15px; cursor: pointer; }
  #open-bot.again { background: #fff; color: #3370ff; border: 1px solid #3370ff; padding: 6px; font-size: 13px; }
  form { display: flex; gap: 8px; margin: 0; }
  #text { flex: 1; border: 1px solid #dee0e3; border-radius: 6px; padding: 8px; font-size: 14px; }
  #send { border: 0; border-radius: 6px; background: #3370ff; color: #fff; padding: 0 14px; cursor: pointer; }
  #send:disabled, #text:disabled { opacity: .5; cursor: not-allowed; }
  #toast { position: absolute; left: 50%; bottom: 120px; transform: translateX(-50%); background: rgba(0,0,0,.75); color: #fff;
           padding: 6px 12px; border-radius: 6px; font-size: 13px; display: none; max-width: 80%; text-align: center; }
  .side { max-width: 280px; color: #646a73; }
  .side h2 { font-size: 16px; color: #1f2329; }
  .side img { width: 160px; height: 160px; background: #fff; padding: 8px; border-radius: 8px; }
  .side code { word-break: break-all; font-size: 12px; }
  .people { background: #fff; border-radius: 12px; padding: 20px 28px; box-shadow: 0 4px 16px rgba(0,0,0,.08); }
  .people a { display: block; padding: 6px 0; color: #3370ff; text-decoration: none; }
`;

export interface PhonePageInput {
  /** Base of the control API as seen by the browser (mount prefix included). */
  base: string;
  person: { openId: string; name: string; kind: 'staff' | 'customer' };
  botName: string;
  appId: string;
}

export function phonePage(input: PhonePageInput): string {
  const base = escapeHtml(input.base);
  const name = escapeHtml(input.person.name);
  const bot = escapeHtml(input.botName);
  const applink = `https://applink.feishu.cn/client/bot/open?appId=${encodeURIComponent(input.appId)}`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>飞书模拟器 · ${name}</title>
<style>${STYLE}</style>
</head>
<body data-base="${base}" data-person="${escapeHtml(input.person.openId)}">
  <div class="phone">
    <div class="screen">
      <div class="status"><span>9:41</span><span>飞书</span><span>100%</span></div>
      <div class="titlebar">
        <div class="avatar">${escapeHtml([...input.botName][0] ?? '机')}</div>
        <div class="titles">
          <div class="name">${bot}<span class="tag">机器人</span></div>
          <div class="sub" id="status">加载中…</div>
        </div>
      </div>
      <div id="groups" aria-label="我的群聊" hidden></div>
      <div id="messages" aria-live="polite"></div>
      <div class="actions">
        <button type="button" id="open-bot" data-sim="open-bot">打开机器人</button>
        <form id="composer" data-sim="composer">
          <input id="text" name="text" autocomplete="off" maxlength="4000" placeholder="发送给 ${bot}" disabled>
          <button type="submit" id="send" disabled>发送</button>
        </form>
      </div>
      <div id="toast" role="status"></div>
    </div>
  </div>
  <div class="side">
    <h2>${name} 的飞书</h2>
    <p>这是模拟的飞书客户端：${input.person.kind === 'customer' ? '外部客户' : '企业成员'}与「${bot}」的单聊。</p>
    <p>客户第一次点「打开机器人」后，机器人才能把他拉进群、给他发消息。</p>
    <p><img src="${base}/bot-qr.svg" alt="机器人二维码"></p>
    <p>机器人链接：<code>${escapeHtml(applink)}</code></p>
    <p><a href="${base}/phone">换一个人</a></p>
  </div>
  <script src="${base}/phone.js"></script>
</body>
</html>
`;
}

/** Without `?customer=`: a list of people to play. */
export function choosePersonPage(base: string, people: Array<{ openId: string; name: string; kind: string }>): string {
  const links = people
    .map(
      (p) =>
        `<a href="${escapeHtml(base)}/phone?customer=${encodeURIComponent(p.openId)}">${escapeHtml(p.name)}` +
        `（${p.kind === 'customer' ? '外部客户' : '企业成员'}）</a>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>飞书模拟器 · 选择身份</title><style>${STYLE}</style></head>
<body>
  <div class="people">
    <h2>选择要扮演的人</h2>
    ${links || '<p>没有人</p>'}
  </div>
</body>
</html>
`;
}
