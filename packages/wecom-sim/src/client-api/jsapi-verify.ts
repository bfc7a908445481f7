import { z } from 'zod';
import { isTrustedUrl } from '../settings';
import type { SimState } from '../state';
import { jsapiSignature } from './jsapi-signature';

export const verifyInputSchema = z.object({
  kind: z.enum(['corp', 'agent']),
  corpId: z.string(),
  agentId: z.union([z.string(), z.number()]).transform(String).optional(),
  url: z.string().min(1),
  timestamp: z.union([z.string(), z.number()]).transform(String),
  nonceStr: z.string(),
  signature: z.string(),
  jsApiList: z.array(z.string()),
});

export type VerifyInput = z.output<typeof verifyInputSchema>;
export type VerifyResult = { ok: true } | { ok: false; errMsg: string; errCode: number };

/**
 * What the WeCom client checks on `wx.config` (kind corp) and `wx.agentConfig` (kind agent).
 * errMsg is the client's keyword without the API prefix: the bridge prepends `agentConfig:`
 * (or `config:`) itself, as the SDK shows it (`agentConfig:invalid signature`).
 * errCodes 40093 (signature) and 80001 (domain) are documented client errors; 40013 and
 * 40056 for a wrong corpid/agentid are the server catalogue's codes (UNCONFIRMED for the client).
 */
export function verifyJsapiConfig(state: SimState, input: VerifyInput): VerifyResult {
  const fail = (errMsg: string, errCode: number): VerifyResult => ({ ok: false, errMsg, errCode });
  if (input.corpId !== state.corp.corpId) return fail('invalid corpid', 40013);
  const agentId = input.agentId ?? '';
  if (input.kind === 'agent' && !state.app(agentId)) return fail('invalid agentid', 40056);
  if (!isTrustedUrl(input.url, state.settings.trustedOrigins)) return fail('invalid url domain', 80001);
  const signed = (ticket: string | undefined) =>
    ticket !== undefined &&
    jsapiSignature({ ticket, nonceStr: input.nonceStr, timestamp: input.timestamp, url: input.url }) ===
      input.signature;
  if (input.kind === 'corp') {
    return signed(state.tickets.valid('corp', agentId)?.ticket) ? { ok: true } : fail('invalid signature', 40093);
  }
  if (signed(state.tickets.valid('agent', agentId)?.ticket)) return { ok: true };
  // Signing agentConfig with the corp ticket is a classic mistake; WeCom reports 42012 [platform-facts §2].
  if (signed(state.tickets.valid('corp', agentId)?.ticket)) return fail('invalid signature', 42012);
  return fail('invalid signature', 40093);
}
