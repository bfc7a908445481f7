import type { Response } from 'express';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small Chinese page for the browser flows (sign-in happens inside the WeCom app, where a
 * JSON body would be unreadable). The code is shown for support and sent as X-Error-Code.
 */
export function sendPage(res: Response, status: number, code: string, title: string, message: string): void {
  res
    .status(status)
    .set('X-Error-Code', code)
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
        `<body style="font-family:sans-serif;text-align:center;padding:3em 1em;color:#333">` +
        `<h1 style="font-size:1.2em">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` +
        `<p style="color:#999;font-size:.8em">错误代码：${escapeHtml(code)}</p></body></html>`,
    );
}
