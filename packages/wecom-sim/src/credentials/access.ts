import type { Request } from 'express';
import type { SimApp } from '../corp/config';
import { queryParam } from '../http/request';
import { WecomError } from '../http/wecom-errors';
import type { SimState } from '../state';

/** The app whose access_token came with the request; WeCom's token errors otherwise. */
export function appFromToken(state: SimState, req: Request): SimApp {
  const token = queryParam(req, 'access_token');
  if (!token) throw new WecomError(41001);
  const check = state.tokens.check(token);
  if (!check.ok) throw new WecomError(check.errcode);
  const app = state.app(check.record.agentId);
  if (!app) throw new WecomError(40014);
  return app;
}

/** Customer-contact APIs need the app listed under 客户联系 → 可调用接口的应用 [platform-facts §4]. */
export function requireCustomerContact(state: SimState): void {
  if (!state.settings.customerContactEnabled) throw new WecomError(48002);
}
