import axios, { type AxiosInstance } from 'axios';
import { WecomError } from '../errors/wecom-error';
import { realSleep, type Sleep } from '@kequn/upstream';
import { withRetries, type RetryPolicy } from './retry';

export interface WecomClientOptions {
  /** e.g. https://qyapi.weixin.qq.com, or the simulator. */
  baseUrl: string;
  timeoutMs?: number;
  retries?: number;
  retryBaseDelayMs?: number;
  sleep?: Sleep;
  random?: () => number;
  /** Observes every upstream call: api name, `ok` or the error code, duration. */
  onCall?: (api: string, result: string, durationMs: number) => void;
}

interface WecomReply {
  errcode?: number;
  errmsg?: string;
}

export interface Expiring {
  expiresInSec: number;
}
export type AccessTokenReply = Expiring & { accessToken: string };
export type TicketReply = Expiring & { ticket: string };
export type UserInfoReply =
  { member: true; userId: string } | { member: false; openId: string; externalUserId?: string };

/** Typed client for the WeCom server API. Stateless: tokens are the token service's business. */
export class WecomClient {
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: WecomClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs ?? 5_000,
      // WeCom answers errors with HTTP 200; anything else is a transport failure for us.
      validateStatus: () => true,
    });
    this.retry = {
      retries: options.retries ?? 3,
      baseDelayMs: options.retryBaseDelayMs ?? 200,
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
    };
  }

  async getAccessToken(corpId: string, secret: string): Promise<AccessTokenReply> {
    const data = await this.get<{ access_token: string; expires_in: number }>('gettoken', '/cgi-bin/gettoken', {
      corpid: corpId,
      corpsecret: secret,
    });
    return {
      accessToken: credentialOf('gettoken', data.access_token),
      expiresInSec: lifetimeOf('gettoken', data.expires_in),
    };
  }

  async getCorpTicket(accessToken: string): Promise<TicketReply> {
    const data = await this.get<{ ticket: string; expires_in: number }>(
      'get_jsapi_ticket',
      '/cgi-bin/get_jsapi_ticket',
      {
        access_token: accessToken,
      },
    );
    return {
      ticket: credentialOf('get_jsapi_ticket', data.ticket),
      expiresInSec: lifetimeOf('get_jsapi_ticket', data.expires_in),
    };
  }

  async getAgentTicket(accessToken: string): Promise<TicketReply> {
    const data = await this.get<{ ticket: string; expires_in: number }>('ticket_agent_config', '/cgi-bin/ticket/get', {
      access_token: accessToken,
      type: 'agent_config',
    });
    return {
      ticket: credentialOf('ticket_agent_config', data.ticket),
      expiresInSec: lifetimeOf('ticket_agent_config', data.expires_in),
    };
  }

  async getUserInfo(accessToken: string, code: string): Promise<UserInfoReply> {
    const data = await this.get<{ userid?: string; openid?: string; external_userid?: string }>(
      'auth_getuserinfo',
      '/cgi-bin/auth/getuserinfo',
      { access_token: accessToken, code },
    );
    if (data.userid) return { member: true, userId: data.userid };
    return {
      member: false,
      openId: data.openid ?? '',
      ...(data.external_userid ? { externalUserId: data.external_userid } : {}),
    };
  }

  /** GET with retries on transient failures; other WeCom errors surface at once. */
  get<T>(api: string, path: string, params: Record<string, string>): Promise<T & WecomReply> {
    return withRetries(() => this.once<T>(api, () => this.http.get(path, { params })), this.retry);
  }

  post<T>(api: string, path: string, params: Record<string, string>, body: unknown): Promise<T & WecomReply> {
    return withRetries(() => this.once<T>(api, () => this.http.post(path, body, { params })), this.retry);
  }

  private async once<T>(api: string, send: () => Promise<{ status: number; data: unknown }>): Promise<T & WecomReply> {
    const started = performance.now();
    const report = (result: string) => this.options.onCall?.(api, result, performance.now() - started);
    let res: { status: number; data: unknown };
    try {
      res = await send();
    } catch (err) {
      // Never pass the axios error on: its message and config carry the URL with the token.
      const reason = axios.isAxiosError(err) ? (err.code ?? 'network error') : 'network error';
      report('transport');
      throw WecomError.transport(api, reason);
    }
    if (res.status >= 300 || typeof res.data !== 'object' || res.data === null) {
      report('transport');
      throw WecomError.transport(api, `HTTP ${res.status}`);
    }
    const data = res.data as T & WecomReply;
    const errcode = data.errcode ?? 0;
    if (errcode !== 0) {
      report(String(errcode));
      throw WecomError.fromErrcode(api, errcode);
    }
    report('ok');
    return data;
  }
}

/**
 * An errcode-0 answer without a usable value (a proxy answering `{}`, a changed API) must fail
 * like an outage, never be cached and signed with as "undefined".
 */
function credentialOf(api: string, value: unknown): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw WecomError.transport(api, 'reply without a value');
}

function lifetimeOf(api: string, seconds: unknown): number {
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return seconds;
  throw WecomError.transport(api, 'reply without a valid expires_in');
}
