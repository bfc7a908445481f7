/** An error our API answers with `{ error: { code, message, ...details } }` and a 4xx/5xx status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra fields inside `error` (e.g. the bound `chatId` of a 409); never secrets. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string) => new ApiError(400, code, message);
