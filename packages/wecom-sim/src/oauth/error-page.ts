import type { Response } from 'express';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** WeCom shows a plain error page in the browser instead of redirecting. */
export function sendErrorPage(res: Response, message: string, errcode?: number): void {
  const code = errcode ? `<p class="code">错误码：${errcode}</p>` : '';
  res
    .status(400)
    .type('html')
    .send(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>出错了</title>` +
        `<meta name="viewport" content="width=device-width,initial-scale=1"></head>` +
        `<body style="font-family:sans-serif;text-align:center;padding:3em 1em;color:#333">` +
        `<h1 style="font-size:1.2em">${escapeHtml(message)}</h1>${code}` +
        `<p style="color:#999;font-size:.8em">WeCom simulator</p></body></html>`,
    );
}
