import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { bridgeRouter, bridgeScriptTag } from './index.js';
import { safeFrameUrl } from './phone.js';

const app = express().use(bridgeRouter());

describe('bridgeRouter', () => {
  it('serves the bundled bridge script as JavaScript', async () => {
    const res = await request(app).get('/__sim/bridge.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/javascript/);
    expect(res.text).toContain('WeixinJSBridgeReady');
    expect(res.text).toContain('/__sim/jsapi/verify');
    expect(res.text).toContain('/__sim/client/update-enterprise-chat');
    expect(res.text).toContain('/__sim/client/scan-qrcode');
    expect(res.text).toContain('模拟扫一扫'); // the scanner overlay is bundled
    expect(res.text).not.toMatch(/^\s*(import|export)\s/m); // an IIFE, loadable by a plain <script>
    // cached: the same text again
    const again = await request(app).get('/__sim/bridge.js');
    expect(again.text).toBe(res.text);
  });

  it('sends the script gzipped to a browser that accepts it (it blocks the page on a slow network)', async () => {
    const plain = await request(app).get('/__sim/bridge.js').set('Accept-Encoding', 'identity');
    const packed = await request(app).get('/__sim/bridge.js').set('Accept-Encoding', 'gzip, br');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.headers.vary).toMatch(/Accept-Encoding/);
    expect(packed.text).toBe(plain.text); // supertest unzips it
    expect(Number(packed.headers['content-length'])).toBeLessThan(Buffer.byteLength(plain.text) / 2);
  });

  it('serves the phone frame around the given page', async () => {
    const res = await request(app).get('/__sim/phone').query({ url: '/h5/order?id=1&x="y"' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<iframe id="page" src="/h5/order?id=1&#38;x=&#34;y&#34;"');
    expect(res.text).toContain('企业微信');
  });

  it('does not frame javascript: URLs', () => {
    expect(safeFrameUrl('javascript:alert(1)')).toBe('/');
    expect(safeFrameUrl('//evil.test/')).toBe('/');
    expect(safeFrameUrl('http://127.0.0.1:3000/h5?a=1')).toBe('http://127.0.0.1:3000/h5?a=1');
    expect(safeFrameUrl(['a'])).toBe('/');
  });
});

describe('bridgeScriptTag', () => {
  it('points at /__sim/bridge.js on the given base', () => {
    expect(bridgeScriptTag()).toBe('<script src="/__sim/bridge.js"></script>');
    expect(bridgeScriptTag('http://127.0.0.1:4000/')).toBe(
      '<script src="http://127.0.0.1:4000/__sim/bridge.js"></script>',
    );
  });
});
