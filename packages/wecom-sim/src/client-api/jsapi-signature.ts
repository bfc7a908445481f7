import { createHash } from 'node:crypto';

export interface JsapiSignInput {
  ticket: string;
  nonceStr: string;
  timestamp: string | number;
  url: string;
}

/**
 * JS-SDK signature [platform-facts §3]: SHA-1 (lowercase hex) of
 * `jsapi_ticket=T&noncestr=N&timestamp=TS&url=URL`, fixed order, nothing URL-encoded.
 * The URL is the page URL cut at `#`.
 */
export function jsapiSignature(input: JsapiSignInput): string {
  const url = input.url.split('#')[0] ?? '';
  const plain = `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${url}`;
  return createHash('sha1').update(plain).digest('hex');
}
