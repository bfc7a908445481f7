import { z } from 'zod';

export const JsapiSignature = z.object({ timestamp: z.number().int(), nonceStr: z.string(), signature: z.string() });
export type JsapiSignature = z.infer<typeof JsapiSignature>;

/** GET /api/jssdk/signatures?url=… : both signatures for one page in one round trip. */
export const PageSignatures = z.object({
  corpId: z.string(),
  agentId: z.string(),
  corp: JsapiSignature,
  agent: JsapiSignature,
});
export type PageSignatures = z.infer<typeof PageSignatures>;
