import { Router } from 'express';
import { HandoverRequest } from '@kequn/contracts';
import { ApiError } from '../http/api-error';
import { jsonBody } from '../http/json-body';
import { parseBody, parseUserId } from '../http/validate';
import { requireApiKey } from '../orders/api-keys';
import type { HandoverService } from './handover-service';

const handoverNotFound = () => new ApiError(404, 'handover_not_found', 'No such handover.');

/** The business system hands a person's groups over (HR offboarding, a change of job) and follows it. */
export function handoverRoutes(handovers: HandoverService, apiKeys: readonly string[]): Router {
  const router = Router();
  router.use(['/api/v1/staff', '/api/v1/handovers'], requireApiKey(apiKeys));

  router.post('/api/v1/staff/:userId/handover', jsonBody('4kb'), async (req, res) => {
    const from = parseUserId(req.params.userId);
    const { to, reason } = parseBody(HandoverRequest, req.body);
    if (to === from) throw new ApiError(400, 'invalid_body', 'to must be another person than the one handing over.');
    res.status(201).json(await handovers.start({ from, to: to ?? null, reason, requestedBy: 'business-api' }));
  });

  router.get('/api/v1/handovers/:id', async (req, res) => {
    const handover = await handovers.read(String(req.params.id));
    if (!handover) throw handoverNotFound();
    res.set('Cache-Control', 'no-store').json(handover);
  });

  // Groups WeCom said to try later (a handover in progress, its daily limit) are sent again.
  router.post('/api/v1/handovers/:id/retry', async (req, res) => {
    const id = String(req.params.id);
    if (!(await handovers.read(id))) throw handoverNotFound();
    res.json(await handovers.run(id));
  });

  return router;
}
