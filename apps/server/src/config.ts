import proxyAddr from 'proxy-addr';
import { z } from 'zod';

/** Environment variables are the public contract of the server; names are documented in ENV.md. */
const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const originList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const origins: string[] = [];
    for (const item of list(raw)) {
      const origin = toOrigin(item);
      if (origin) origins.push(origin);
      else ctx.addIssue({ code: 'custom', message: `"${item}" is not an http(s) origin like https://h5.example.com` });
    }
    return origins;
  });

const USER_ID = /^[A-Za-z0-9_.@-]{1,64}$/;

const userIdList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const ids = list(raw);
    for (const id of ids) {
      if (!USER_ID.test(id)) ctx.addIssue({ code: 'custom', message: `"${id}" is not a WeCom userid` });
    }
    return [...new Set(ids)];
  });

/** Keys are secrets: problems name their position, never their value. */
const apiKeyList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const keys = list(raw);
    keys.forEach((key, i) => {
      if (key.length < 24) ctx.addIssue({ code: 'custom', message: `key #${i + 1} is shorter than 24 characters` });
    });
    return keys;
  });

/**
 * Which proxies in front of us to believe about the client's address and scheme (express's
 * `trust proxy`): `false` (default, none), `true` (any: only behind a proxy that overwrites the
 * headers), a hop count, or a list of addresses, CIDR ranges and `loopback`/`linklocal`/`uniquelocal`.
 */
export type TrustProxy = boolean | number | string[];

const trustProxy = z
  .string()
  .optional()
  .transform((raw, ctx): TrustProxy => {
    const value = (raw ?? 'false').trim();
    if (value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = list(value);
    try {
      proxyAddr.compile(entries);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be true, false, a number of proxy hops, or a list of proxy addresses / CIDR ranges',
      });
    }
    return entries;
  });

/**
 * WeCom proves domain ownership with `WW_verify_<code>.txt` at the domain root
 * (网页授权及JS-SDK 可信域名): `name:content`, several comma-separated.
 */
const domainVerifyFiles = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const files: Record<string, string> = {};
    for (const item of list(raw)) {
      const match = /^(WW_verify_[A-Za-z0-9]{1,64}\.txt):([A-Za-z0-9]{1,256})$/.exec(item);
      if (match?.[1] && match[2]) files[match[1]] = match[2];
      else ctx.addIssue({ code: 'custom', message: `"${item.slice(0, 80)}" is not WW_verify_<code>.txt:<content>` });
    }
    return files;
  });

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const millis = (max: number) => z.coerce.number().int().min(0).max(max);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  TRUST_PROXY: trustProxy,
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WECOM_DOMAIN_VERIFY: domainVerifyFiles,
  PUBLIC_URL: httpUrl.optional(),
  TRUSTED_ORIGINS: originList,
  WECOM_CORP_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{4,64}$/, 'must be the corp id (letters and digits)')
    .optional(),
  WECOM_AGENT_ID: z
    .string()
    .regex(/^\d{1,12}$/, 'must be the numeric AgentId of the self-built app')
    .optional(),
  WECOM_SECRET: z.string().min(8, 'looks too short for an app secret').optional(),
  WECOM_API_BASE: httpUrl.default('https://qyapi.weixin.qq.com'),
  WECOM_OAUTH_BASE: httpUrl.default('https://open.weixin.qq.com'),
  WECOM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  WECOM_CALLBACK_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/, 'must be the callback Token (letters and digits, at most 32)')
    .optional(),
  WECOM_CALLBACK_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}$/, 'must be the 43-character EncodingAESKey')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case schema name')
    .default('public'),
  DATA_DIR: z.string().min(1).default('.data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  API_KEYS: apiKeyList,
  WEBHOOK_URL: httpUrl.optional(),
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  DEFAULT_GROUP_MEMBERS: userIdList,
  ADMIN_USER_IDS: userIdList,
  CONSOLE_VIEWER_IDS: userIdList,
  RECONCILE_INTERVAL_MS: millis(86_400_000).default(600_000),
  POOL_SHARED_OWNERS: userIdList,
  POOL_LOW_WATER: z.coerce.number().int().min(0).max(100_000).default(5),
  JOIN_WAY_SWEEP_INTERVAL_MS: millis(7 * 86_400_000).default(86_400_000),
  FEISHU_APP_ID: z
    .string()
    .regex(/^cli_[A-Za-z0-9]{4,60}$/, 'must be the app id (cli_…)')
    .optional(),
  FEISHU_APP_SECRET: z.string().min(8, 'looks too short for an app secret').optional(),
  FEISHU_ENCRYPT_KEY: z.string().min(1).max(128).optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().min(1).max(128).optional(),
  FEISHU_API_BASE: httpUrl.default('https://open.feishu.cn'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const REQUIRED_WITH_CORP = ['WECOM_AGENT_ID', 'WECOM_SECRET', 'PUBLIC_URL', 'SESSION_SECRET'] as const;

export interface WecomAppConfig {
  corpId: string;
  agentId: string;
  secret: string;
  apiBase: string;
  oauthBase: string;
  timeoutMs: number;
}

export interface CallbackConfig {
  token: string;
  encodingAesKey: string;
}

export interface WebhookConfig {
  url: string;
  secret: string;
  timeoutMs: number;
  retryBaseMs: number;
}

export interface Config {
  port: number;
  /** Demo mode: 127.0.0.1 unless HOST says otherwise (its simulator control API has no auth). */
  host: string;
  trustProxy: TrustProxy;
  /** Bearer token for /metrics and the details of /readyz; null: they are not served publicly. */
  metricsToken: string | null;
  /** WeCom's domain verification files, served as text/plain at the site root: name → content. */
  domainVerifyFiles: Record<string, string>;
  /** Where the H5 is served from (no trailing slash); null = http://localhost:<listening port>. */
  publicUrl: string | null;
  /** Further origins whose pages may be signed, besides PUBLIC_URL's. */
  trustedOrigins: string[];
  /** Absent in demo mode: the embedded simulator plays WeCom. */
  wecom: WecomAppConfig | null;
  /** Absent in demo mode (the simulator's demo constants are used) or when not configured. */
  callback: CallbackConfig | null;
  redisUrl: string | null;
  databaseUrl: string | null;
  databaseSchema: string;
  dataDir: string;
  sessionSecret: string | null;
  /** Empty in demo mode means: generate one at start. */
  apiKeys: string[];
  webhook: WebhookConfig | null;
  defaultGroupMembers: string[];
  adminUserIds: string[];
  /** May read the managers' console (/console) but not act; ADMIN_USER_IDS may do both. */
  consoleViewerIds: string[];
  /** 0 disables the periodic reconcile. */
  reconcileIntervalMs: number;
  /** The join-QR route's shell-group pool (see ENV.md, "Join-QR route"). */
  pool: { sharedOwners: string[]; lowWater: number; sweepIntervalMs: number };
  /** The Feishu/Lark app of the bot route; null: not configured. */
  feishu: FeishuAppConfig | null;
  logLevel: string;
}

export interface FeishuAppConfig {
  appId: string;
  appSecret: string;
  /** Events are encrypted and signed with it (strongly advised; see ENV.md). */
  encryptKey: string | null;
  verificationToken: string;
  /** https://open.feishu.cn, https://open.larksuite.com (Lark), or a simulator. */
  apiBase: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(blankless);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`);
  problems.push(...crossChecks(blankless));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return toConfig(parsed.data);
}

/** Variables that only make sense together. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.WECOM_CORP_ID) {
    for (const name of REQUIRED_WITH_CORP)
      if (!env[name]) problems.push(`${name} is required when WECOM_CORP_ID is set`);
  }
  if (env.PUBLIC_URL && pathOf(env.PUBLIC_URL) !== '') {
    // Routes, assets and cookies live at the root: a path would break every link silently.
    problems.push(
      'PUBLIC_URL must be an origin without a path (https://kq.example.com, not https://kq.example.com/h5): serving under a base path is not supported yet',
    );
  }
  if (env.FEISHU_APP_ID) {
    for (const name of ['FEISHU_APP_SECRET', 'FEISHU_VERIFICATION_TOKEN', 'PUBLIC_URL'] as const)
      if (!env[name]) problems.push(`${name} is required when FEISHU_APP_ID is set`);
  }
  const pairs = [
    ['WEBHOOK_URL', 'WEBHOOK_SECRET'],
    ['WECOM_CALLBACK_TOKEN', 'WECOM_CALLBACK_AES_KEY'],
  ] as const;
  for (const [a, b] of pairs) {
    if (env[a] && !env[b]) problems.push(`${b} is required when ${a} is set`);
    if (env[b] && !env[a]) problems.push(`${a} is required when ${b} is set`);
  }
  return problems;
}

function toConfig(e: z.output<typeof EnvSchema>): Config {
  return {
    port: e.PORT,
    host: e.HOST ?? (e.WECOM_CORP_ID ? '0.0.0.0' : '127.0.0.1'),
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN ?? null,
    domainVerifyFiles: e.WECOM_DOMAIN_VERIFY,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    trustedOrigins: e.TRUSTED_ORIGINS,
    wecom: e.WECOM_CORP_ID
      ? {
          corpId: e.WECOM_CORP_ID,
          agentId: e.WECOM_AGENT_ID as string,
          secret: e.WECOM_SECRET as string,
          apiBase: e.WECOM_API_BASE,
          oauthBase: e.WECOM_OAUTH_BASE,
          timeoutMs: e.WECOM_TIMEOUT_MS,
        }
      : null,
    callback:
      e.WECOM_CALLBACK_TOKEN && e.WECOM_CALLBACK_AES_KEY
        ? { token: e.WECOM_CALLBACK_TOKEN, encodingAesKey: e.WECOM_CALLBACK_AES_KEY }
        : null,
    redisUrl: e.REDIS_URL ?? null,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.DATABASE_SCHEMA,
    dataDir: e.DATA_DIR,
    sessionSecret: e.SESSION_SECRET ?? null,
    apiKeys: e.API_KEYS,
    webhook:
      e.WEBHOOK_URL && e.WEBHOOK_SECRET
        ? {
            url: e.WEBHOOK_URL,
            secret: e.WEBHOOK_SECRET,
            timeoutMs: e.WEBHOOK_TIMEOUT_MS,
            retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
          }
        : null,
    defaultGroupMembers: e.DEFAULT_GROUP_MEMBERS,
    adminUserIds: e.ADMIN_USER_IDS,
    consoleViewerIds: e.CONSOLE_VIEWER_IDS,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
    pool: {
      sharedOwners: e.POOL_SHARED_OWNERS,
      lowWater: e.POOL_LOW_WATER,
      sweepIntervalMs: e.JOIN_WAY_SWEEP_INTERVAL_MS,
    },
    feishu:
      e.FEISHU_APP_ID && e.FEISHU_APP_SECRET && e.FEISHU_VERIFICATION_TOKEN
        ? {
            appId: e.FEISHU_APP_ID,
            appSecret: e.FEISHU_APP_SECRET,
            encryptKey: e.FEISHU_ENCRYPT_KEY ?? null,
            verificationToken: e.FEISHU_VERIFICATION_TOKEN,
            apiBase: e.FEISHU_API_BASE,
          }
        : null,
    logLevel: e.LOG_LEVEL,
  };
}

function pathOf(value: string): string {
  try {
    return new URL(value).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

export function toOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
