import { z } from 'zod';

/** Every 4xx/5xx body of our HTTP API. */
/** `error` may carry details beside code and message (e.g. the bound chatId of a 409, a pool's figures). */
export const ApiErrorBody = z.object({ error: z.looseObject({ code: z.string(), message: z.string() }) });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
