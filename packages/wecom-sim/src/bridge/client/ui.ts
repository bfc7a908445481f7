/// <reference lib="dom" />
/**
 * The bits of native WeCom UI the simulator needs inside the page: a contact picker
 * (bottom sheet with checkboxes, 确定/取消), the 模拟扫一扫 overlay (scan-ui.ts) and a toast
 * that closes itself.
 *
 * Plain DOM with inline styles so it cannot clash with the page's CSS. Elements carry
 * `data-sim` attributes so browser tests can drive them:
 *   [data-sim=picker]  [data-sim=picker-item][data-id=…] (the <input>)
 *   [data-sim=picker-confirm]  [data-sim=picker-cancel]  [data-sim=toast]
 *   [data-sim=scanner] … see scan-ui.ts
 */
import type { BridgeUi, PickOptions } from './core.js';
import { el, FONT, whenBody, Z } from './dom.js';
import { scanOverlay } from './scan-ui.js';

export function createDomUi(doc: Document = document): BridgeUi {
  return {
    pick: (options) => pick(doc, options),
    scan: (options) => scanOverlay(doc, options),
    toast: (text) => toast(doc, text),
  };
}

function pick(doc: Document, options: PickOptions): Promise<string[] | null> {
  return new Promise((resolve) => {
    const chosen = new Set(options.selected);

    const mask = el(
      doc,
      'div',
      `position:fixed;inset:0;z-index:${Z};background:rgba(0,0,0,.45);display:flex;flex-direction:column;justify-content:flex-end;font:${FONT};color:#222`,
      { 'data-sim': 'picker', role: 'dialog', 'aria-label': options.title },
    );
    const sheet = el(
      doc,
      'div',
      'background:#fff;border-radius:12px 12px 0 0;max-height:75vh;display:flex;flex-direction:column',
    );
    const title = el(doc, 'div', 'padding:14px 16px;font-weight:600;text-align:center;border-bottom:1px solid #eee');
    title.textContent = options.title;

    const list = el(doc, 'div', 'overflow-y:auto;flex:1');
    if (options.items.length === 0) {
      const empty = el(doc, 'div', 'padding:24px;text-align:center;color:#999');
      empty.textContent = '暂无可选的联系人';
      list.append(empty);
    }
    for (const item of options.items) {
      const row = el(
        doc,
        'label',
        'display:flex;align-items:center;gap:12px;padding:10px 16px;border-bottom:1px solid #f3f3f3;cursor:pointer',
      );
      const input = el(doc, 'input', 'width:18px;height:18px;margin:0', {
        type: options.multi ? 'checkbox' : 'radio',
        name: 'wecom-sim-pick',
        'data-sim': 'picker-item',
        'data-id': item.id,
      });
      input.checked = chosen.has(item.id);
      input.addEventListener('change', () => {
        if (!options.multi) chosen.clear();
        if (input.checked) chosen.add(item.id);
        else chosen.delete(item.id);
        updateConfirm();
      });
      const avatar = el(
        doc,
        'span',
        'width:32px;height:32px;border-radius:4px;background:#e8eef8 center/cover;flex:none;display:flex;align-items:center;justify-content:center;color:#4a6fa5;font-size:13px',
      );
      if (item.avatar) avatar.style.backgroundImage = `url("${item.avatar.replace(/"/g, '%22')}")`;
      else avatar.textContent = item.name.slice(0, 1);
      const name = el(doc, 'span', 'flex:1');
      name.textContent = item.name;
      if (item.note) {
        const note = el(doc, 'span', 'margin-left:6px;font-size:12px;color:#07c160');
        note.textContent = `@${item.note}`;
        name.append(note);
      }
      row.append(input, avatar, name);
      list.append(row);
    }

    const bar = el(doc, 'div', 'display:flex;gap:12px;padding:12px 16px;border-top:1px solid #eee');
    const cancel = el(
      doc,
      'button',
      'flex:1;padding:10px;border:1px solid #ddd;border-radius:6px;background:#fff;font-size:15px',
      {
        type: 'button',
        'data-sim': 'picker-cancel',
      },
    );
    cancel.textContent = '取消';
    const confirm = el(
      doc,
      'button',
      'flex:1;padding:10px;border:0;border-radius:6px;background:#1677ff;color:#fff;font-size:15px',
      {
        type: 'button',
        'data-sim': 'picker-confirm',
      },
    );
    const updateConfirm = () => {
      confirm.textContent = chosen.size ? `确定(${chosen.size})` : '确定';
      confirm.disabled = chosen.size === 0;
      confirm.style.opacity = chosen.size ? '1' : '.5';
    };
    updateConfirm();
    bar.append(cancel, confirm);

    const close = (result: string[] | null) => {
      mask.remove();
      resolve(result);
    };
    cancel.addEventListener('click', () => close(null));
    // Keep the order of the list, not the order of clicks.
    confirm.addEventListener('click', () => close(options.items.map((i) => i.id).filter((id) => chosen.has(id))));
    mask.addEventListener('click', (e) => {
      if (e.target === mask) close(null);
    });

    sheet.append(title, list, bar);
    mask.append(sheet);
    whenBody(doc, (body) => body.append(mask));
  });
}

function toast(doc: Document, text: string): void {
  const box = el(
    doc,
    'div',
    `position:fixed;left:50%;top:40%;transform:translate(-50%,-50%);z-index:${Z};background:rgba(17,17,17,.85);color:#fff;padding:14px 20px;border-radius:8px;font:${FONT};max-width:80vw;text-align:center;pointer-events:none`,
    { 'data-sim': 'toast', role: 'status' },
  );
  box.textContent = text;
  whenBody(doc, (body) => body.append(box));
  setTimeout(() => box.remove(), 1800);
}
