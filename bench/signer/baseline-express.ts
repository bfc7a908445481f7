// The yardstick: the least an Express app can do to answer the same request.
import express from 'express';
import { signJsapi } from '@kequn/wecom';
import { BENCH_TICKETS } from './tickets';

const app = express();
app.get('/api/jssdk/signatures', (req, res) => {
  const url = String(req.query.url);
  const timestampSec = Math.floor(Date.now() / 1000);
  res.json({
    corpId: 'ww',
    agentId: '1',
    corp: signJsapi({ ticket: BENCH_TICKETS.corp, url, timestampSec }),
    agent: signJsapi({ ticket: BENCH_TICKETS.agent, url, timestampSec }),
  });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
