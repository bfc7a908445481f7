import * as lark from '@larksuiteoapi/node-sdk';
import {
  CachedCredential,
  DEFAULT_CACHE_POLICY,
  failureReader,
  realSleep,
  silentLogger,
  systemClock,
  type CachePolicy,
  type Clock,
  type CredentialStatus,
  type CredentialStore,
  type Logger,
  type LookupResult,
  type Sleep,
} from '@kequn/upstream';
import { FeishuError, isFeishuError } from '../errors/feishu-error';
import { FeishuHttp } from './http';

export const FEISHU_DOMAIN = 'https://open.feishu.cn';
export const LARK_DOMAIN = 'https://open.larksuite.com';

export type FeishuCredentialKind = 'tenantToken';

export interface FeishuClientOptions {
  appId: string;
  appSecret: string;
  /** FEISHU_DOMAIN, LARK_DOMAIN or a simulator's base URL. */
  domain: string;
  /** Shared by every instance (Redis in production), so N instances fetch one tenant token. */
  store: CredentialStore;
  clock?: Clock;
  sleep?: Sleep;
  logger?: Logger;
  /** Per HTTP call; default 5 s. */
  timeoutMs?: number;
  policy?: Partial<CachePolicy>;
  /** Observes every upstream call: api name, `ok` or the error code, duration. */
  onCall?: (api: string, result: string, durationMs: number) => void;
  onLookup?: (kind: FeishuCredentialKind, result: LookupResult) => void;
}

export interface CreateChatInput {
  /** ≤ 50 characters; the same uuid and owner make at most one chat in 10 hours (facts §14). */
  uuid: string;
  /** A staff open_id: the bot cannot own an external chat. */
  ownerOpenId: string;
  /** Staff and customers (≤ 50); customers must have opened the bot's chat (else 232043). */
  memberOpenIds: string[];
  name: string;
  description?: string;
  /** Make the bot a group manager too. */
  setBotManager?: boolean;
}

export interface CreatedChat {
  chatId: string;
  ownerId: string;
  external: boolean;
  tenantKey: string;
}

export interface AddMembersResult {
  /** Ids Feishu would not add (e.g. customers who never opened the bot). */
  invalid: string[];
  notExisted: string[];
  pending: string[];
}

export interface FeishuChat {
  chatId: string;
  name: string;
  ownerId: string;
  /** `open_id` for a person, `app_id` when the bot owns it. */
  ownerIdType: string;
  external: boolean;
  /** `normal`, `dissolved`, `dissolved_save`. */
  status: string;
  userCount: number;
  botCount: number;
  tenantKey: string;
}

export interface FeishuMember {
  openId: string;
  name: string;
  tenantKey: string;
}

export type MessageTarget = { openId: string } | { chatId: string };

export interface SentMessage {
  messageId: string;
  chatId: string;
}

/** What an SDK call gets: its options carry our tenant token. */
export type AuthorizedCall<T> = (sdk: lark.Client, options: ReturnType<typeof lark.withTenantToken>) => Promise<T>;

export interface FeishuClient {
  readonly appId: string;
  /** The tenant access token as cached (for a readiness probe; calls get it themselves). */
  tenantToken(): Promise<string>;
  createChat(input: CreateChatInput): Promise<CreatedChat>;
  /** Serialized per chat and sent in batches of 50 (overlapping adds answer 232019). */
  addMembers(chatId: string, openIds: string[]): Promise<AddMembersResult>;
  getChat(chatId: string): Promise<FeishuChat>;
  /** Every member (people; bots are not listed), across pages. */
  listMembers(chatId: string): Promise<FeishuMember[]>;
  /**
   * `im.chat.update` with `owner_id` (PUT /im/v1/chats/:chat_id, 50/s per app): the new owner must
   * be tenant staff (232031) already in the chat (232012); the old owner stays a member.
   */
  transferOwner(chatId: string, newOwnerOpenId: string): Promise<void>;
  sendText(input: MessageTarget & { text: string; uuid?: string }): Promise<SentMessage>;
  /** An interactive card (`msg_type: interactive`), e.g. one with a link button. */
  sendCard(input: MessageTarget & { card: Record<string, unknown>; uuid?: string }): Promise<SentMessage>;
  /** Any other SDK call, with the shared token and the invalid-token retry. */
  call<T>(run: AuthorizedCall<T>): Promise<T>;
  /** Starts a background token refresh when one is due; for a keep-warm timer. */
  refreshIfDue(): void;
  status(): CredentialStatus<FeishuCredentialKind>[];
}

const MEMBER_BATCH = 50;
const MEMBER_PAGE = 100;
const MAX_MEMBER_PAGES = 100;
const readFeishuFailure = failureReader(isFeishuError);

/**
 * A typed Feishu/Lark client on the official SDK. The SDK builds the requests; what it would do
 * on its own we do ourselves: the tenant token comes from our CachedCredential over the shared
 * store (`disableTokenCache`), every answer goes through our `httpInstance` (timeout, one error
 * catalogue, no secrets in errors), and the SDK's logger is silenced (it logs request configs).
 */
export function createFeishuClient(options: FeishuClientOptions): FeishuClient {
  const domain = options.domain.replace(/\/+$/, '');
  const http = new FeishuHttp({
    timeoutMs: options.timeoutMs ?? 5_000,
    ...(options.onCall ? { onCall: options.onCall } : {}),
  });
  const sdk = new lark.Client({
    appId: options.appId,
    appSecret: options.appSecret,
    domain,
    appType: lark.AppType.SelfBuild,
    disableTokenCache: true,
    httpInstance: http,
    logger: SILENT_SDK_LOGGER,
    loggerLevel: lark.LoggerLevel.error,
  });

  const token = new CachedCredential<FeishuCredentialKind>({
    // No secret in the key: one entry per app is enough (a tenant token serves one app only).
    key: `kequn:feishu:${options.appId}:tenantToken`,
    kind: 'tenantToken',
    store: options.store,
    clock: options.clock ?? systemClock,
    sleep: options.sleep ?? realSleep,
    policy: { ...DEFAULT_CACHE_POLICY, ...options.policy },
    logger: options.logger ?? silentLogger,
    readFailure: readFeishuFailure,
    fetch: async () => {
      const reply = await http.post<unknown, { tenant_access_token?: unknown; expire?: unknown }>(
        `${domain}/open-apis/auth/v3/tenant_access_token/internal`,
        { app_id: options.appId, app_secret: options.appSecret },
      );
      return {
        value: credentialOf(reply.tenant_access_token),
        expiresInSec: lifetimeOf(reply.expire),
      };
    },
    ...(options.onLookup ? { onLookup: options.onLookup } : {}),
  });

  /**
   * Runs an SDK call with the token. If Feishu says the token died (99991663/99991661, often as
   * HTTP 400), drops that token (only if it is still the cached one), fetches again, retries once.
   */
  async function call<T>(run: AuthorizedCall<T>): Promise<T> {
    const current = await token.get();
    try {
      return await run(sdk, lark.withTenantToken(current));
    } catch (err) {
      if (!isFeishuError(err) || err.kind !== 'token_invalid') throw err;
      await token.invalidate(current);
      return run(sdk, lark.withTenantToken(await token.get()));
    }
  }

  const addQueues = new Map<string, Promise<unknown>>();
  /** One member add per chat at a time in this process. */
  function serialized<T>(chatId: string, task: () => Promise<T>): Promise<T> {
    const previous = addQueues.get(chatId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    addQueues.set(chatId, tail);
    void tail.then(() => {
      if (addQueues.get(chatId) === tail) addQueues.delete(chatId);
    });
    return next;
  }

  async function send(target: MessageTarget, msgType: string, content: string, uuid?: string): Promise<SentMessage> {
    const byOpenId = 'openId' in target;
    const reply = await call((c, o) =>
      c.im.message.create(
        {
          params: { receive_id_type: byOpenId ? 'open_id' : 'chat_id' },
          data: {
            receive_id: byOpenId ? target.openId : target.chatId,
            msg_type: msgType,
            content,
            ...(uuid ? { uuid } : {}),
          },
        },
        o,
      ),
    );
    return {
      messageId: required('im.message.create', reply.data?.message_id),
      chatId: reply.data?.chat_id ?? '',
    };
  }

  return {
    appId: options.appId,
    tenantToken: () => token.get(),
    call,

    async createChat(input) {
      const reply = await call((c, o) =>
        c.im.chat.create(
          {
            params: {
              user_id_type: 'open_id',
              uuid: input.uuid,
              ...(input.setBotManager === undefined ? {} : { set_bot_manager: input.setBotManager }),
            },
            data: {
              name: input.name,
              ...(input.description === undefined ? {} : { description: input.description }),
              owner_id: input.ownerOpenId,
              user_id_list: input.memberOpenIds,
              chat_mode: 'group',
              chat_type: 'private',
              external: true,
            },
          },
          o,
        ),
      );
      return {
        chatId: required('im.chat.create', reply.data?.chat_id),
        ownerId: reply.data?.owner_id ?? input.ownerOpenId,
        external: reply.data?.external ?? true,
        tenantKey: reply.data?.tenant_key ?? '',
      };
    },

    addMembers(chatId, openIds) {
      return serialized(chatId, async () => {
        const result: AddMembersResult = { invalid: [], notExisted: [], pending: [] };
        for (let i = 0; i < openIds.length; i += MEMBER_BATCH) {
          const reply = await call((c, o) =>
            c.im.chatMembers.create(
              {
                path: { chat_id: chatId },
                // succeed_type 1: add who can be added and list the others, instead of failing all.
                params: { member_id_type: 'open_id', succeed_type: 1 },
                data: { id_list: openIds.slice(i, i + MEMBER_BATCH) },
              },
              o,
            ),
          );
          result.invalid.push(...(reply.data?.invalid_id_list ?? []));
          result.notExisted.push(...(reply.data?.not_existed_id_list ?? []));
          result.pending.push(...(reply.data?.pending_approval_id_list ?? []));
        }
        return result;
      });
    },

    async getChat(chatId) {
      const reply = await call((c, o) =>
        c.im.chat.get({ path: { chat_id: chatId }, params: { user_id_type: 'open_id' } }, o),
      );
      const data = reply.data;
      if (!data) throw FeishuError.transport('im.chat.get', 'reply without data');
      return {
        chatId,
        name: data.name ?? '',
        ownerId: data.owner_id ?? '',
        ownerIdType: data.owner_id_type ?? 'open_id',
        external: data.external ?? false,
        status: data.chat_status ?? 'normal',
        userCount: Number(data.user_count ?? 0),
        botCount: Number(data.bot_count ?? 0),
        tenantKey: data.tenant_key ?? '',
      };
    },

    async listMembers(chatId) {
      const members: FeishuMember[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
        const reply = await call((c, o) =>
          c.im.chatMembers.get(
            {
              path: { chat_id: chatId },
              params: {
                member_id_type: 'open_id',
                page_size: MEMBER_PAGE,
                ...(pageToken ? { page_token: pageToken } : {}),
              },
            },
            o,
          ),
        );
        for (const item of reply.data?.items ?? []) {
          if (item.member_id) {
            members.push({ openId: item.member_id, name: item.name ?? '', tenantKey: item.tenant_key ?? '' });
          }
        }
        pageToken = reply.data?.page_token;
        if (!reply.data?.has_more || !pageToken) return members;
      }
      throw FeishuError.transport('im.chatMembers.get', 'too many pages');
    },

    async transferOwner(chatId, newOwnerOpenId) {
      await call((c, o) =>
        c.im.chat.update(
          { path: { chat_id: chatId }, params: { user_id_type: 'open_id' }, data: { owner_id: newOwnerOpenId } },
          o,
        ),
      );
    },

    sendText(input) {
      return send(input, 'text', JSON.stringify({ text: input.text }), input.uuid);
    },

    sendCard(input) {
      return send(input, 'interactive', JSON.stringify(input.card), input.uuid);
    },

    refreshIfDue: () => token.refreshIfDue(),
    status: () => [token.status()],
  };
}

const noop = () => {};
/** The SDK logs whole request configs on failure; our errors and onCall say what is needed. */
const SILENT_SDK_LOGGER = { error: noop, warn: noop, info: noop, debug: noop, trace: noop };

/** A code-0 answer without a usable value (a proxy answering `{}`) must fail like an outage. */
function credentialOf(value: unknown): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw FeishuError.transport('auth.tenantAccessToken', 'reply without a token');
}

function lifetimeOf(seconds: unknown): number {
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return seconds;
  throw FeishuError.transport('auth.tenantAccessToken', 'reply without a valid expire');
}

function required(api: string, value: string | undefined): string {
  if (value) return value;
  throw FeishuError.transport(api, 'reply without an id');
}
