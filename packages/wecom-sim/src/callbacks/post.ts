import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Kept-alive connections, as WeCom's pushers hold them; node:http rather than fetch, whose own
// per-request work in a busy simulator would be counted as the receiver's answer time.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/** POSTs a text/xml body; resolves to the HTTP status once the whole answer has arrived. */
export function postXml(url: string, body: string, timeoutMs: number): Promise<number> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // WeCom gives up on the whole answer after the timeout, however the bytes trickle in.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const done = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    const req = send(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(() => resolve(res.statusCode ?? 0)));
        res.on('error', (err) => done(() => reject(err)));
      },
    );
    req.on('error', (err) => done(() => reject(err)));
    req.end(body);
  });
}
