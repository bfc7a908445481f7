import type { UpstreamCatalogueEntry, UpstreamErrorKind } from '@kequn/upstream';

/**
 * Every Feishu/Lark code we meet, with what it means for us (platform-facts §9–11, §14). Branch on
 * `code`, never on `msg`. `kind` drives the token cache and the callers' retries; `httpStatus`
 * drives our API. Same shape as @kequn/wecom's catalogue, so one error handler serves both.
 */
export type FeishuErrorKind = UpstreamErrorKind;
export type FeishuCatalogueEntry = UpstreamCatalogueEntry;

const entry = (
  code: string,
  kind: FeishuErrorKind,
  cause: string,
  fix: string,
  options: { httpStatus?: 502 | 503; retryable?: boolean } = {},
): FeishuCatalogueEntry => ({
  code,
  kind,
  cause,
  fix,
  retryable: options.retryable ?? kind === 'transient',
  httpStatus: options.httpStatus ?? (kind === 'transient' || kind === 'quota' ? 503 : 502),
});

/** Feishu's throttles are per second or minute: backing off and retrying is the right answer. */
const BACK_OFF = { retryable: true } as const;

const THROTTLED = entry(
  'feishu_throttled',
  'quota',
  'Feishu throttled the call (99991400 / HTTP 429).',
  'Back off until x-ogw-ratelimit-reset has passed, then retry; lower the call rate.',
  BACK_OFF,
);

const CATALOGUE: ReadonlyMap<number, FeishuCatalogueEntry> = new Map([
  [
    10003,
    entry(
      'feishu_invalid_app_id',
      'config',
      'Feishu does not know this app id, or a field was missing (10003).',
      'Set FEISHU_APP_ID to the App ID under 凭证与基础信息 of the self-built app.',
    ),
  ],
  [
    10014,
    entry(
      'feishu_invalid_app_secret',
      'config',
      'Feishu rejected the app secret (10014).',
      'Set FEISHU_APP_SECRET to the App Secret of the app named by FEISHU_APP_ID.',
    ),
  ],
  [99991400, THROTTLED],
  [
    99991663,
    entry(
      'feishu_invalid_token',
      'token_invalid',
      'The tenant access token is invalid or expired (99991663).',
      'Handled automatically: the token is refreshed once.',
    ),
  ],
  [
    99991661,
    entry(
      'feishu_missing_token',
      'token_invalid',
      'No tenant access token was sent (99991661).',
      'Handled automatically: the token is fetched and the call retried once; if it persists, report it.',
    ),
  ],
  [9499, entry('feishu_bad_request', 'input', 'Feishu could not read the request (9499).', 'A bug: report it.')],
  [
    232001,
    entry(
      'feishu_invalid_parameter',
      'input',
      'The request has an invalid parameter (232001): e.g. more than 50 members, a uuid over 50 characters, external users without external: true.',
      'Check the group name, member list (≤ 50) and uuid (≤ 50 characters).',
    ),
  ],
  [
    232006,
    entry(
      'feishu_chat_not_found',
      'input',
      'Feishu has no such chat, or it was dismissed (232006).',
      'Nothing to fix here: the group is gone; create a new group for the order.',
    ),
  ],
  [
    232002,
    entry(
      'feishu_not_chat_manager',
      'permission',
      'Only the chat’s owner or a group manager may change this (232002).',
      'Make the bot a group manager of the chat, or have its owner change it in the Feishu client.',
    ),
  ],
  [
    232009,
    entry(
      'feishu_chat_dissolved',
      'input',
      'The chat was dissolved (232009).',
      'Nothing to fix here: the group is gone; create a new group for the order.',
    ),
  ],
  [
    232011,
    entry(
      'feishu_bot_not_in_chat',
      'permission',
      'The bot is not a member of this chat (232011).',
      'Add the bot back to the group, or create a new group for the order.',
    ),
  ],
  [
    232012,
    entry(
      'feishu_new_owner_not_in_chat',
      'input',
      'The new owner is not a member of the chat (232012).',
      'Add the staff member to the group first, then hand it over.',
    ),
  ],
  [
    232016,
    entry(
      'feishu_not_chat_manager',
      'permission',
      'A plain member may change only the avatar, name and description of a chat (232016).',
      'Make the bot a group manager of the chat, or have its owner change it in the Feishu client.',
    ),
  ],
  [
    232019,
    entry(
      'feishu_rate_limited',
      'quota',
      'Feishu rate-limited the call (232019): over 50 creations a second, or overlapping member adds on one chat.',
      'Back off and retry; add members to one chat one call at a time.',
      BACK_OFF,
    ),
  ],
  [
    232022,
    entry(
      'feishu_user_resigned',
      'input',
      'A person in the request has left the tenant (232022).',
      'Choose another staff member for the order.',
    ),
  ],
  [
    232024,
    entry(
      'feishu_no_collaboration',
      'permission',
      'The tenants have no collaboration permission with each other (232024).',
      'Ask the admins of both tenants to allow external collaboration (关联组织/外部协作).',
    ),
  ],
  [
    232025,
    entry(
      'feishu_bot_not_enabled',
      'config',
      'The app has no bot capability enabled (232025).',
      'Enable 机器人 under 应用能力 in the developer console and publish a new version.',
    ),
  ],
  [
    232030,
    entry(
      'feishu_invalid_user_id',
      'input',
      'An open_id in the request is unknown to Feishu (232030).',
      'Check the staff open_ids (FEISHU staff mapping) and the customer ids of the order.',
    ),
  ],
  [
    232031,
    entry(
      'feishu_owner_other_tenant',
      'input',
      'The new owner is not of the chat’s tenant (232031).',
      'Hand the group to a staff member of our tenant, never to a customer.',
    ),
  ],
  [
    232032,
    entry(
      'feishu_owner_not_in_tenant',
      'input',
      'The owner of an external chat must be a person of the tenant, never the bot (232032).',
      'Pass a staff open_id as owner.',
    ),
  ],
  [
    232033,
    entry(
      'feishu_external_not_allowed',
      'permission',
      'The bot may not manage external chats (232033).',
      'Enable “允许机器人被添加到外部群中使用” (external sharing) for the app and publish a new version.',
    ),
  ],
  [
    232034,
    entry(
      'feishu_app_not_installed',
      'config',
      'The app is not installed or not available in the tenant (232034).',
      'Have the tenant admin approve and install the published app version.',
    ),
  ],
  [
    232043,
    entry(
      'feishu_ids_unavailable',
      'input',
      'Some people are not available to the bot (232043): a customer who never opened the bot chat, or an owner the app cannot see.',
      'Ask the customers named in `ids` to open the bot’s one-to-one chat first; check the app’s availability range for the owner.',
    ),
  ],
  [
    232068,
    entry(
      'feishu_chat_being_created',
      'transient',
      'The group is still being created (232068).',
      'Retry later with the same uuid: the same chat comes back.',
    ),
  ],
  [
    232069,
    entry(
      'feishu_external_public',
      'input',
      'External chats cannot be public (232069).',
      'Create external chats with chat_type private.',
    ),
  ],
  [
    230001,
    entry(
      'feishu_invalid_message',
      'input',
      'Feishu refused the message parameters (230001).',
      'Check the receiver id and the message content.',
    ),
  ],
  [
    230002,
    entry(
      'feishu_bot_not_in_chat',
      'permission',
      'The bot is not in the chat it writes to (230002).',
      'Add the bot to the group, or write to another chat.',
    ),
  ],
  [
    230013,
    entry(
      'feishu_user_unreachable',
      'input',
      'The bot cannot reach this person (230013): they never opened its one-to-one chat.',
      'Ask the customer to open the bot’s chat first.',
    ),
  ],
]);

/** Every code the catalogue knows, for the generated error reference. */
export function feishuCatalogueEntries(): Array<[number, FeishuCatalogueEntry]> {
  return [...CATALOGUE.entries()];
}

export function describeFeishuCode(code: number): FeishuCatalogueEntry {
  return (
    CATALOGUE.get(code) ?? {
      code: 'feishu_error',
      kind: 'unknown',
      cause: `Feishu answered with code ${code}.`,
      fix: 'Look the code up in the Feishu server error code reference (open.feishu.cn/search?code=…).',
      retryable: false,
      httpStatus: 502,
    }
  );
}

/** HTTP 429 from the gateway, whatever the body says. */
export const FEISHU_THROTTLED: FeishuCatalogueEntry = THROTTLED;

export const FEISHU_TRANSPORT_ERROR: FeishuCatalogueEntry = entry(
  'feishu_unreachable',
  'transient',
  'Feishu could not be reached (network error, timeout or HTTP 5xx).',
  'Check the network path to FEISHU_DOMAIN; idempotent calls (a create with its uuid) may be retried.',
);
