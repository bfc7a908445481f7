import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Clock } from '@kequn/wecom';
import { ApiError } from '../http/api-error';
import { SignedValues } from './signed-value';

export interface StaffSession {
  userId: string;
  corpId: string;
}

export interface SessionOptions {
  secret: string;
  corpId: string;
  /** Secure cookies when the public URL is https. */
  secure: boolean;
  clock: Clock;
  ttlMs?: number;
}

const SESSION_COOKIE = 'kequn_session';
const STATE_COOKIE = 'kequn_oauth';
const DEFAULT_TTL_MS = 8 * 3_600_000;
/** Long enough to pass the WeCom consent screen, short enough to be useless when stolen. */
const STATE_TTL_MS = 10 * 60_000;

/** Staff sessions and the OAuth state, both in signed httpOnly cookies (no server-side store). */
export class Sessions {
  private readonly sessions: SignedValues;
  private readonly states: SignedValues;
  private readonly ttlMs: number;

  constructor(private readonly options: SessionOptions) {
    this.sessions = new SignedValues(options.secret, 'session');
    this.states = new SignedValues(options.secret, 'oauth-state');
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  }

  issue(res: Response, userId: string): void {
    const exp = this.options.clock.now() + this.ttlMs;
    const value = this.sessions.sign({ u: userId, c: this.options.corpId, exp });
    res.cookie(SESSION_COOKIE, value, this.cookie('/', this.ttlMs));
  }

  /** The signed-in staff member; a session of another corp (config changed) does not count. */
  read(req: Request): StaffSession | null {
    const payload = this.sessions.verify(cookieOf(req, SESSION_COOKIE), this.options.clock.now());
    if (!payload || typeof payload.u !== 'string' || payload.c !== this.options.corpId) return null;
    return { userId: payload.u, corpId: this.options.corpId };
  }

  issueState(res: Response, state: string, next: string): void {
    const exp = this.options.clock.now() + STATE_TTL_MS;
    res.cookie(STATE_COOKIE, this.states.sign({ s: state, n: next, exp }), this.cookie('/auth/wecom', STATE_TTL_MS));
  }

  readState(req: Request): { state: string; next: string } | null {
    const payload = this.states.verify(cookieOf(req, STATE_COOKIE), this.options.clock.now());
    if (!payload || typeof payload.s !== 'string' || typeof payload.n !== 'string') return null;
    return { state: payload.s, next: payload.n };
  }

  clearState(res: Response): void {
    res.clearCookie(STATE_COOKIE, this.cookie('/auth/wecom'));
  }

  private cookie(path: string, maxAge?: number): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.options.secure,
      path,
      ...(maxAge === undefined ? {} : { maxAge }),
    };
  }
}

function cookieOf(req: Request, name: string): string | undefined {
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Staff routes: the staff id comes from the session only, never from the request. */
export function requireStaff(sessions: Sessions): RequestHandler {
  return (req, res, next) => {
    const session = sessions.read(req);
    if (!session) throw new ApiError(401, 'not_signed_in', 'Sign in through WeCom first (/auth/wecom/start).');
    res.locals.staff = session;
    next();
  };
}

export function staffOf(res: Response): StaffSession {
  const staff = res.locals.staff as StaffSession | undefined;
  if (!staff) throw new ApiError(401, 'not_signed_in', 'Sign in through WeCom first (/auth/wecom/start).');
  return staff;
}
