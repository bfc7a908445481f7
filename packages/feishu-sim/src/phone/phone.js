/* global document, fetch, setTimeout, clearTimeout */
/**
 * Browser side of /__feishu-sim/phone: plays one person's one-to-one chat with the bot.
 * Served as a file (no build step, no inline script: the product server's CSP is
 * `script-src 'self'`). Everything it shows comes from the control API; text is set with
 * textContent only.
 */
(function () {
  'use strict';

  const body = document.body;
  const base = body.getAttribute('data-base') || '/__feishu-sim';
  const openId = body.getAttribute('data-person') || '';
  const list = document.getElementById('messages');
  const status = document.getElementById('status');
  const openButton = document.getElementById('open-bot');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const sendButton = document.getElementById('send');
  const toast = document.getElementById('toast');
  const POLL_MS = 1500;
  let lastRendered = '';
  let timer;
  let toastTimer;

  async function api(method, path, payload) {
    const response = await fetch(`${base}/people/${encodeURIComponent(openId)}${path}`, {
      method,
      headers: payload ? { 'content-type': 'application/json' } : {},
      body: payload ? JSON.stringify(payload) : undefined,
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error((json && json.error && json.error.message) || `HTTP ${response.status}`);
    return json;
  }

  function showToast(text) {
    toast.textContent = text;
    toast.style.display = 'block';
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
      toast.style.display = 'none';
    }, 2500);
  }

  function clock(ms) {
    const d = new Date(ms);
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  }

  function bubble(message, botName) {
    const mine = message.from !== 'bot';
    const row = document.createElement('div');
    row.className = `row ${mine ? 'me' : 'bot'}`;
    row.setAttribute('data-sim', 'message');
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = `${mine ? '我' : botName} · ${clock(message.createTime)}`;
    const text = document.createElement('div');
    text.className = `bubble${message.msgType === 'interactive' ? ' card' : ''}`;
    text.textContent = message.text || (message.msgType === 'interactive' ? '[消息卡片]' : '[消息]');
    row.append(meta, text);
    return row;
  }

  function render(view) {
    const key = JSON.stringify([view.opened, view.messages.map((m) => m.messageId)]);
    status.textContent = view.opened ? `${view.person.name} · 已打开单聊` : `${view.person.name} · 尚未打开机器人`;
    openButton.textContent = view.opened ? '再次进入会话' : '打开机器人';
    openButton.className = view.opened ? 'again' : '';
    input.disabled = !view.opened;
    sendButton.disabled = !view.opened;
    if (key === lastRendered) return;
    lastRendered = key;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren();
    if (view.messages.length === 0) {
      const empty = document.createElement('div');
      empty.className = 'empty';
      empty.textContent = view.opened
        ? '还没有消息。可以发一条订单号给机器人。'
        : '点下方「打开机器人」，开始与机器人单聊。';
      list.append(empty);
    }
    for (const message of view.messages) list.append(bubble(message, view.bot.name));
    if (atBottom || view.messages.length) list.scrollTop = list.scrollHeight;
  }

  async function refresh() {
    try {
      render(await api('GET', '/chat'));
    } catch (error) {
      status.textContent = `连接模拟器失败：${error.message}`;
    }
  }

  function poll() {
    clearTimeout(timer);
    void refresh().finally(() => {
      timer = setTimeout(poll, POLL_MS);
    });
  }

  openButton.addEventListener('click', async () => {
    openButton.disabled = true;
    try {
      const result = await api('POST', '/open-bot');
      showToast(result.first ? '已开启与机器人的对话' : '已进入会话');
      await refresh();
      input.focus();
    } catch (error) {
      showToast(`打开失败：${error.message}`);
    } finally {
      openButton.disabled = false;
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    sendButton.disabled = true;
    try {
      await api('POST', '/messages', { text });
      input.value = '';
      await refresh();
    } catch (error) {
      showToast(`发送失败：${error.message}`);
    } finally {
      sendButton.disabled = input.disabled;
      input.focus();
    }
  });

  poll();
})();
