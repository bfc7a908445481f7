import { describe, expect, it } from 'vitest';
import { diagnoseSignature } from './signature-diagnosis';

const PAGE = 'https://h5.example.com/orders/A-1?from=scan';
const diagnose = (signedUrl: string | null, currentUrl = PAGE, landingUrl = currentUrl) =>
  diagnoseSignature({ signedUrl, currentUrl, landingUrl });

describe('diagnoseSignature', () => {
  it('points at the app configuration when the exact page URL was signed', () => {
    expect(diagnose(PAGE)).toEqual([expect.stringContaining('WECOM_CORP_ID、WECOM_AGENT_ID 与 WECOM_SECRET')]);
    expect(diagnose(PAGE, `${PAGE}#/step`)).toHaveLength(1); // the hash is not part of the page URL
  });

  it.each([
    ['a hash that was not cut', `${PAGE}#/step`, '「#」之前的地址'],
    ['the scheme lost behind a proxy', PAGE.replace('https:', 'http:'), '协议不同（签名 http，页面 https）'],
    ['a host rewritten by a CDN', PAGE.replace('h5.example.com', 'cdn.example.net'), '域名不同'],
    ['a port lost behind a proxy', PAGE.replace('example.com', 'example.com:8443'), '端口不同（签名 8443，页面 默认）'],
    ['a trailing slash', PAGE.replace('A-1?', 'A-1/?'), '末尾的「/」'],
    ['another percent-encoding', 'https://h5.example.com/orders/%41-1?from=scan', '编码不同'],
    ['a changed query', `${PAGE}&share=1`, '路径或参数不同'],
    ['not a URL at all', 'orders/A-1', '完整的网址'],
  ])('names %s', (_cause, signed, words) => {
    expect(diagnose(signed)[0]).toContain(words);
  });

  it('notices an HTML-escaped link', () => {
    const escaped = 'https://h5.example.com/orders/A-1?from=scan&amp;x=1';
    expect(diagnose(escaped, escaped)).toEqual([expect.stringContaining('&amp;')]);
  });

  it('adds the landing URL iOS checks when the page changed its address', () => {
    const moved = `${PAGE}&tab=2`;
    const findings = diagnose(moved, moved, PAGE);
    expect(findings).toEqual([expect.stringContaining(`入口地址：${PAGE}`)]);
  });

  it('asks for a reload before any signature was requested', () => {
    expect(diagnose(null)).toEqual([expect.stringContaining('还没有请求签名')]);
  });
});
