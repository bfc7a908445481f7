import express from 'express';
import { z } from 'zod';
import { FeishuError, logId } from '../http/feishu-errors';
import type { FeishuSimState } from '../state';

const tokenRequest = z.object({ app_id: z.string().min(1), app_secret: z.string().min(1) });

/**
 * POST /open-apis/auth/v3/tenant_access_token/internal. Its answer is flat (no `data`):
 * `{code, msg, tenant_access_token, expire}`. Error codes: 10003 for a missing field or an
 * unknown app, 10014 for a wrong secret (UNCONFIRMED, from the general error code list).
 */
export function authRoutes(state: FeishuSimState): express.Router {
  const router = express.Router();
  router.post('/auth/v3/tenant_access_token/internal', (req, res) => {
    const parsed = tokenRequest.safeParse(req.body ?? {});
    const app = state.directory.app;
    let failure: FeishuError | undefined;
    if (!parsed.success) failure = new FeishuError(10003, 'app_id and app_secret are required');
    else if (parsed.data.app_id !== app.appId) failure = new FeishuError(10003, 'no such app_id');
    else if (parsed.data.app_secret !== app.appSecret) failure = new FeishuError(10014);
    if (failure) {
      res.status(failure.httpStatus).json({ code: failure.code, msg: failure.message, error: { log_id: logId() } });
      return;
    }
    const { record, expire } = state.tokens.issue(app.appId);
    res.json({ code: 0, msg: 'ok', tenant_access_token: record.token, expire });
  });
  return router;
}
