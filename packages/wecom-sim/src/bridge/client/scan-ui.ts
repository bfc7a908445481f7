/// <reference lib="dom" />
/**
 * The 模拟扫一扫 overlay: the simulator has no camera, so the user types (or picks) what the
 * camera would have read. Hooks for browser tests:
 *   [data-sim=scanner]  [data-sim=scanner-input]  [data-sim=scanner-option][data-value=…]
 *   [data-sim=scanner-confirm]  [data-sim=scanner-cancel]
 */
import { el, FONT, whenBody, Z } from './dom.js';
import type { ScanOptions } from './scan.js';

const BUTTON = 'flex:1;padding:10px;border-radius:6px;font-size:15px;cursor:pointer';

export function scanOverlay(doc: Document, options: ScanOptions): Promise<string | null> {
  return new Promise((resolve) => {
    const mask = el(
      doc,
      'div',
      `position:fixed;inset:0;z-index:${Z};background:rgba(0,0,0,.8);display:flex;align-items:center;justify-content:center;font:${FONT};color:#222`,
      { 'data-sim': 'scanner', role: 'dialog', 'aria-label': '模拟扫一扫' },
    );
    const card = el(
      doc,
      'div',
      'background:#fff;border-radius:12px;width:min(340px,90vw);max-height:80vh;display:flex;flex-direction:column;overflow:hidden',
    );
    const title = el(doc, 'div', 'padding:14px 16px 4px;font-weight:600;text-align:center');
    title.textContent = '模拟扫一扫';
    const hint = el(doc, 'div', 'padding:0 16px 10px;font-size:12px;color:#888;text-align:center');
    hint.textContent = `模拟器没有摄像头：输入扫到的内容（${scanTypeLabel(options.scanType)}）`;
    const input = el(
      doc,
      'input',
      'margin:0 16px;padding:8px 10px;border:1px solid #ccc;border-radius:6px;font-size:14px',
      { type: 'text', 'data-sim': 'scanner-input', 'aria-label': '扫描到的内容', placeholder: '二维码或条码内容' },
    );
    const list = optionList(doc, options, (value) => {
      input.value = value;
      update();
      input.focus();
    });

    const bar = el(doc, 'div', 'display:flex;gap:12px;padding:12px 16px;border-top:1px solid #eee;margin-top:12px');
    const cancel = el(doc, 'button', `${BUTTON};border:1px solid #ddd;background:#fff`, {
      type: 'button',
      'data-sim': 'scanner-cancel',
    });
    cancel.textContent = '取消';
    const confirm = el(doc, 'button', `${BUTTON};border:0;background:#1677ff;color:#fff`, {
      type: 'button',
      'data-sim': 'scanner-confirm',
    });
    confirm.textContent = '确定';
    const update = () => {
      const empty = input.value.trim() === '';
      confirm.disabled = empty;
      confirm.style.opacity = empty ? '.5' : '1';
    };
    update();
    bar.append(cancel, confirm);

    const close = (result: string | null) => {
      mask.remove();
      resolve(result);
    };
    const accept = () => {
      if (input.value.trim()) close(input.value.trim());
    };
    input.addEventListener('input', update);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') accept();
      if (e.key === 'Escape') close(null);
    });
    cancel.addEventListener('click', () => close(null));
    confirm.addEventListener('click', accept);

    card.append(title, hint, input, ...(list ? [list] : []), bar);
    mask.append(card);
    whenBody(doc, (body) => {
      body.append(mask);
      input.focus();
    });
  });
}

function optionList(doc: Document, options: ScanOptions, choose: (value: string) => void): HTMLElement | null {
  if (!options.suggestions.length) return null;
  const list = el(doc, 'div', 'overflow-y:auto;margin-top:10px;border-top:1px solid #f3f3f3');
  for (const s of options.suggestions) {
    const row = el(
      doc,
      'button',
      'display:block;width:100%;text-align:left;padding:8px 16px;border:0;border-bottom:1px solid #f3f3f3;background:#fff;font-size:13px;cursor:pointer;word-break:break-all',
      { type: 'button', 'data-sim': 'scanner-option', 'data-value': s.resultStr },
    );
    row.textContent = s.label;
    if (s.label !== s.resultStr) row.title = s.resultStr;
    row.addEventListener('click', () => choose(s.resultStr));
    list.append(row);
  }
  return list;
}

function scanTypeLabel(types: string[]): string {
  const qr = types.includes('qrCode');
  const bar = types.includes('barCode');
  if (qr && !bar) return '二维码';
  if (bar && !qr) return '条码';
  return '二维码或条码';
}
