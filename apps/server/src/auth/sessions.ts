import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Clock } from '@kequn/wecom';
import type { Db } from '../db/schema';
import { ApiError } from '../http/api-error';
import { currentEpoch, raiseEpoch, saveState, takeState } from './session-store';
import { SignedValues } from './signed-value';

export interface StaffSession {
  userId: string;
  corpId: string;
}

export interface SessionOptions {
  secret: string;
  corpId: string;
  /** Secure cookies (with the `__Host-` prefix) when the public URL is https. */
  secure: boolean;
  clock: Clock;
  /** Holds the single-use OAuth states and the session epochs, shared by every instance. */
  db: Db;
  ttlMs?: number;
}

const DEFAULT_TTL_MS = 8 * 3_600_000;
/** Long enough to pass the WeCom consent screen, short enough to be useless when stolen. */
const STATE_TTL_MS = 10 * 60_000;

/**
 * Staff sessions in signed httpOnly cookies, each carrying the epoch of its person: raising the
 * epoch (logout, an admin, the person leaving) ends all of them. The OAuth state is both in a
 * signed cookie (it binds the attempt to this browser) and a server-side record used once.
 */
export class Sessions {
  private readonly sessions: SignedValues;
  private readonly states: SignedValues;
  private readonly ttlMs: number;
  private readonly names: { session: string; state: string; statePath: string };

  constructor(private readonly options: SessionOptions) {
    this.sessions = new SignedValues(options.secret, 'session');
    this.states = new SignedValues(options.secret, 'oauth-state');
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    // `__Host-`: the browser keeps the cookie only if Secure, Path=/ and no Domain, so no other
    // host of the domain (or plain http) can set or overwrite it.
    this.names = options.secure
      ? { session: '__Host-kequn_session', state: '__Host-kequn_oauth', statePath: '/' }
      : { session: 'kequn_session', state: 'kequn_oauth', statePath: '/auth/wecom' };
  }

  get cookieName(): string {
    return this.names.session;
  }

  private now(): Date {
    return new Date(this.options.clock.now());
  }

  async issue(res: Response, userId: string): Promise<void> {
    const epoch = await currentEpoch(this.options.db, userId);
    const exp = this.options.clock.now() + this.ttlMs;
    const value = this.sessions.sign({ u: userId, c: this.options.corpId, e: epoch, exp });
    res.cookie(this.names.session, value, this.cookie('/', this.ttlMs));
  }

  /** The signed-in staff member; a session of another corp (config changed) or an ended epoch does not count. */
  async read(req: Request): Promise<StaffSession | null> {
    const payload = this.sessions.verify(cookieOf(req, this.names.session), this.options.clock.now());
    if (!payload || typeof payload.u !== 'string' || payload.c !== this.options.corpId) return null;
    const epoch = typeof payload.e === 'number' ? payload.e : 0;
    if (epoch !== (await currentEpoch(this.options.db, payload.u))) return null;
    return { userId: payload.u, corpId: this.options.corpId };
  }

  /** Ends every session of the person, on every device and instance. */
  async endAll(userId: string): Promise<void> {
    await raiseEpoch(this.options.db, userId, this.now());
  }

  clear(res: Response): void {
    res.clearCookie(this.names.session, this.cookie('/'));
  }

  async issueState(res: Response, state: string, next: string): Promise<void> {
    const now = this.now();
    await saveState(this.options.db, state, next, new Date(now.getTime() + STATE_TTL_MS), now);
    const exp = now.getTime() + STATE_TTL_MS;
    res.cookie(
      this.names.state,
      this.states.sign({ s: state, n: next, exp }),
      this.cookie(this.names.statePath, STATE_TTL_MS),
    );
  }

  /** The state this browser started with, as its signed cookie says (not yet used up). */
  readState(req: Request): { state: string; next: string } | null {
    const payload = this.states.verify(cookieOf(req, this.names.state), this.options.clock.now());
    if (!payload || typeof payload.s !== 'string' || typeof payload.n !== 'string') return null;
    return { state: payload.s, next: payload.n };
  }

  /** Uses the state up: true only for the first caller, so WeCom is asked about one code per state. */
  async useState(state: string): Promise<boolean> {
    return (await takeState(this.options.db, state, this.now())) !== null;
  }

  clearState(res: Response): void {
    res.clearCookie(this.names.state, this.cookie(this.names.statePath));
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
  return async (req, res, next) => {
    const session = await sessions.read(req);
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
