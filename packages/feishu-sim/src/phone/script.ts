/**
 * The browser side of /__feishu-sim/phone: plays one person's one-to-one chat with the bot and
 * lists the group chats they are in. A string in a TS module, not a .js file read from disk, so it
 * travels inside the server's bundle (apps/server/scripts/build.ts inlines our packages' .ts
 * sources and nothing else). No inline script on the page (the product server's CSP is
 * `script-src 'self'`); everything shown comes from the control API, set with textContent only.
 * Plain ES2020 without template literals, so `String.raw` holds it verbatim.
 */
export const PHONE_SCRIPT = String.raw`(function () {
  'use strict';

  var body = document.body;
  var base = body.getAttribute('data-base') || '/__feishu-sim';
  var openId = body.getAttribute('data-person') || '';
  var list = document.getElementById('messages');
  var groups = document.getElementById('groups');
  var status = document.getElementById('status');
  var openButton = document.getElementById('open-bot');
  var form = document.getElementById('composer');
  var input = document.getElementById('text');
  var sendButton = document.getElementById('send');
  var toast = document.getElementById('toast');
  var POLL_MS = 1500;
  var lastRendered = '';
  var lastGroups = '';
  var timer;
  var toastTimer;

  async function api(method, path, payload) {
    const response = await fetch(base + '/people/' + encodeURIComponent(openId) + path, {
      method: method,
      headers: payload ? { 'content-type': 'application/json' } : {},
      body: payload ? JSON.stringify(payload) : undefined,
    });
    const json = await response.json().catch(function () {
      return {};
    });
    if (!response.ok) throw new Error((json && json.error && json.error.message) || 'HTTP ' + response.status);
    return json;
  }

  function showToast(text) {
    toast.textContent = text;
    toast.style.display = 'block';
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      toast.style.display = 'none';
    }, 2500);
  }

  function clock(ms) {
    const d = new Date(ms);
    return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  }

  function bubble(message, botName) {
    const mine = message.from !== 'bot';
    const row = document.createElement('div');
    row.className = 'row ' + (mine ? 'me' : 'bot');
    row.setAttribute('data-sim', 'message');
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = (mine ? '我' : botName) + ' · ' + clock(message.createTime);
    const text = document.createElement('div');
    text.className = 'bubble' + (message.msgType === 'interactive' ? ' card' : '');
    text.textContent = message.text || (message.msgType === 'interactive' ? '[消息卡片]' : '[消息]');
    row.append(meta, text);
    return row;
  }

  function render(view) {
    const key = JSON.stringify([view.opened, view.messages.map(function (m) { return m.messageId; })]);
    status.textContent = view.person.name + (view.opened ? ' · 已打开单聊' : ' · 尚未打开机器人');
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
        ? '还没有消息。可以发一条订单码给机器人。'
        : '点下方「打开机器人」，开始与机器人单聊。';
      list.append(empty);
    }
    for (const message of view.messages) list.append(bubble(message, view.bot.name));
    if (atBottom || view.messages.length) list.scrollTop = list.scrollHeight;
  }

  // The group chats the person is in: where the customer finds the order's group once it is made.
  function renderGroups(view) {
    const key = JSON.stringify(view.groups.map(function (g) { return [g.chatId, g.name, g.members]; }));
    if (key === lastGroups) return;
    lastGroups = key;
    groups.replaceChildren();
    groups.hidden = view.groups.length === 0;
    for (const group of view.groups) {
      const row = document.createElement('div');
      row.className = 'group';
      row.setAttribute('data-sim', 'group');
      row.setAttribute('data-chat-id', group.chatId);
      const name = document.createElement('span');
      name.className = 'group-name';
      name.textContent = group.name;
      const meta = document.createElement('span');
      meta.className = 'group-meta';
      meta.textContent = (group.external ? '外部群' : '群聊') + ' · ' + group.members + ' 人';
      row.append(name, meta);
      groups.append(row);
    }
  }

  async function refresh() {
    try {
      const views = await Promise.all([api('GET', '/chat'), api('GET', '/groups')]);
      render(views[0]);
      renderGroups(views[1]);
    } catch (error) {
      status.textContent = '连接模拟器失败：' + error.message;
    }
  }

  function poll() {
    clearTimeout(timer);
    void refresh().finally(function () {
      timer = setTimeout(poll, POLL_MS);
    });
  }

  openButton.addEventListener('click', async function () {
    openButton.disabled = true;
    try {
      const result = await api('POST', '/open-bot');
      showToast(result.first ? '已开启与机器人的对话' : '已进入会话');
      await refresh();
      input.focus();
    } catch (error) {
      showToast('打开失败：' + error.message);
    } finally {
      openButton.disabled = false;
    }
  });

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    sendButton.disabled = true;
    try {
      await api('POST', '/messages', { text: text });
      input.value = '';
      await refresh();
    } catch (error) {
      showToast('发送失败：' + error.message);
    } finally {
      sendButton.disabled = input.disabled;
      input.focus();
    }
  });

  poll();
})();
`;
