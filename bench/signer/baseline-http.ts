// The floor: a bare node:http handler computing the same two signatures.
import { createServer } from 'node:http';
import { signJsapi } from '@kequn/wecom';
import { BENCH_TICKETS } from './tickets';

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x').searchParams.get('url') ?? '';
  const timestampSec = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    corpId: 'ww',
    agentId: '1',
    corp: signJsapi({ ticket: BENCH_TICKETS.corp, url, timestampSec }),
    agent: signJsapi({ ticket: BENCH_TICKETS.agent, url, timestampSec }),
  });
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
