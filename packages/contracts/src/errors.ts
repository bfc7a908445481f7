import { z } from 'zod';

/** Every 4xx/5xx body of our HTTP API. */
export const ApiErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
