import type { DeliveryRecord, ProbeResult } from '../events/dispatcher';
import type { FeishuEvent } from '../events/envelopes';
import type { FeishuSimSettings } from '../settings';
import type { FeishuSeedInput } from '../tenant/schema';
import type { Fault, FaultSpec } from './faults';
import type { SecondBucket } from './rate';
import type { ChatCreateFault } from './schemas';
import type { MessageView } from './world-routes';

export class FeishuSimControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`feishu simulator answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'FeishuSimControlError';
  }
}

export type SettingsView = Omit<FeishuSimSettings, 'encryptKey' | 'verificationToken'> & {
  encrypted: boolean;
  verificationTokenSet: boolean;
};

export interface ChatView {
  chatId: string;
  name: string;
  ownerId: string;
  external: boolean;
  chatType: string;
  uuid: string | null;
  createdAt: number;
  members: Array<{ openId: string; name: string; kind: 'staff' | 'customer' }>;
  bots: string[];
}

export interface PersonChatView {
  person: { openId: string; name: string; kind: 'staff' | 'customer' };
  bot: { name: string };
  opened: boolean;
  chatId: string | null;
  messages: MessageView[];
}

export interface DirectoryView {
  tenant: { tenantKey: string; name: string };
  bot: { appId: string; openId: string; name: string };
  staff: Array<{ openId: string; name: string; userId?: string }>;
  customers: Array<{ openId: string; name: string; openedBot: boolean }>;
}

/** Typed client for the `/__feishu-sim` API, for tests and scripts. Uses global fetch. */
export function feishuSimControl(baseUrl: string) {
  const root = `${baseUrl.replace(/\/+$/, '')}/__feishu-sim`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${root}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new FeishuSimControlError(response.status, parsed);
    return parsed as T;
  };
  const person = (openId: string) => `/people/${encodeURIComponent(openId)}`;
  return {
    reset: () => call<{ ok: true }>('POST', '/reset'),
    seed: (seed: FeishuSeedInput) => call<{ ok: true; staff: number; customers: number }>('POST', '/seed', seed),
    directory: () => call<DirectoryView>('GET', '/directory'),
    settings: (patch: Partial<FeishuSimSettings>) => call<SettingsView>('POST', '/settings', patch),
    getSettings: () => call<SettingsView>('GET', '/settings'),

    /** A person opens the bot (first time: p2p_chat_create v1; later: bot_p2p_chat_entered_v1). */
    /** A staff member leaves the tenant (contact.user.deleted_v3 is pushed). */
    staffLeaves: (openId: string) =>
      call<{ eventKey: string; delivery: DeliveryRecord }>('POST', `${person(openId)}/leave`),
    openBot: (openId: string) =>
      call<{ first: boolean; chatId: string; eventKey: string; delivery: DeliveryRecord }>(
        'POST',
        `${person(openId)}/open-bot`,
      ),
    /** A person types a text to the bot (im.message.receive_v1). */
    say: (openId: string, text: string) =>
      call<{ message: MessageView; eventKey: string; delivery: DeliveryRecord }>('POST', `${person(openId)}/messages`, {
        text,
      }),
    personChat: (openId: string) => call<PersonChatView>('GET', `${person(openId)}/chat`),
    /** The group chats a person is in. */
    personGroups: async (openId: string) =>
      (
        await call<{ groups: Array<{ chatId: string; name: string; external: boolean; members: number }> }>(
          'GET',
          `${person(openId)}/groups`,
        )
      ).groups,

    chats: async () => (await call<{ chats: ChatView[] }>('GET', '/chats')).chats,
    /** Messages the bot sent, optionally to one person or one chat. */
    botMessages: async (filter: { to?: string; chatId?: string } = {}) => {
      const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as string[][]);
      const suffix = query.size ? `?${query.toString()}` : '';
      return (await call<{ messages: MessageView[] }>('GET', `/messages${suffix}`)).messages;
    },

    deliveries: async () => (await call<{ deliveries: DeliveryRecord[] }>('GET', '/events')).deliveries,
    event: async (eventKey: string) =>
      (await call<{ event: FeishuEvent }>('GET', `/events/${encodeURIComponent(eventKey)}`)).event,
    replay: async (eventKey: string) =>
      (await call<{ delivery: DeliveryRecord }>('POST', `/events/${encodeURIComponent(eventKey)}/replay`)).delivery,
    pushForgery: (kind: 'bad_signature' | 'undecryptable') =>
      call<ProbeResult & { kind: string }>('POST', '/events/forged', { kind }),
    challenge: () =>
      call<ProbeResult & { challenge: string; ok: boolean; withinOneSecond: boolean }>('POST', '/events/challenge'),

    injectFault: (fault: FaultSpec) => call<Fault>('POST', '/faults', fault),
    /** The next `times` chat creations fail: 232068, 232019, HTTP 429, or a lost answer (the chat IS created). */
    failChatCreates: (kind: ChatCreateFault, times = 1, resetSeconds = 1) =>
      call<Fault>('POST', '/faults/chat-create', { kind, times, resetSeconds }),
    faults: async () => (await call<{ faults: Fault[] }>('GET', '/faults')).faults,
    clearFaults: () => call<{ ok: true }>('DELETE', '/faults'),

    calls: () => call<Record<string, number>>('GET', '/calls'),
    resetCalls: () => call<{ ok: true }>('POST', '/calls/reset'),
    tokens: () => call<{ fetches: number; issued: number; live: number }>('GET', '/tokens'),
    revokeTokens: (token?: string) => call<{ revoked: number }>('POST', '/tokens/revoke', token ? { token } : {}),
    /** Creates per calendar second, and `maxInAnySecond` over any sliding 1 s window. */
    chatCreateRate: () =>
      call<{ perSecond: SecondBucket[]; maxPerSecond: number; maxInAnySecond: number; total: number }>(
        'GET',
        '/rate/chat-create',
      ),
    /** When each chat create arrived (simulator ms), in order. */
    chatCreateArrivals: async () => (await call<{ arrivals: number[] }>('GET', '/rate/chat-create/arrivals')).arrivals,
    advanceClock: (seconds: number) =>
      call<{ now: number; iso: string; offsetMs: number }>('POST', '/clock/advance', { seconds }),
    clock: () => call<{ now: number; iso: string; offsetMs: number }>('GET', '/clock'),
  };
}

export type FeishuSimControl = ReturnType<typeof feishuSimControl>;
