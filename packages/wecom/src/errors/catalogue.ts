import type { UpstreamCatalogueEntry, UpstreamErrorKind } from '@kequn/upstream';

/**
 * Every WeCom errcode we can meet, with what it means for us. Branch on `errcode`, never on
 * `errmsg` (platform-facts §1). `kind` drives the token service; `httpStatus` drives our API.
 */
export type WecomErrorKind = UpstreamErrorKind;

/** `code` is the stable code we expose in `{error:{code}}`, never the raw errmsg. */
export type CatalogueEntry = UpstreamCatalogueEntry;

const entry = (
  code: string,
  kind: WecomErrorKind,
  cause: string,
  fix: string,
  httpStatus: 502 | 503 = 502,
): CatalogueEntry => ({ code, kind, cause, fix, retryable: kind === 'transient', httpStatus });

const CATALOGUE: ReadonlyMap<number, CatalogueEntry> = new Map([
  [-1, entry('wecom_busy', 'transient', 'WeCom is busy (-1).', 'Retry shortly.', 503)],
  [
    40001,
    entry(
      'wecom_invalid_secret',
      'config',
      'WeCom rejected the app secret (40001).',
      'Set WECOM_SECRET to the secret of the self-built app named by WECOM_AGENT_ID.',
    ),
  ],
  [
    40013,
    entry(
      'wecom_invalid_corp_id',
      'config',
      'WeCom does not know this corp id (40013).',
      'Set WECOM_CORP_ID to the corp id shown under 我的企业 → 企业信息.',
    ),
  ],
  [
    40014,
    entry(
      'wecom_invalid_token',
      'token_invalid',
      'The access token is invalid (40014).',
      'Handled automatically: the token is refreshed once.',
    ),
  ],
  [
    42001,
    entry(
      'wecom_token_expired',
      'token_invalid',
      'The access token expired (42001).',
      'Handled automatically: the token is refreshed once.',
    ),
  ],
  [41001, entry('wecom_missing_token', 'token_invalid', 'No access token was sent (41001).', 'A bug: report it.')],
  [
    40029,
    entry('wecom_invalid_code', 'input', 'The OAuth code is invalid, used or expired (40029).', 'Sign in again.'),
  ],
  [
    42012,
    entry(
      'wecom_wrong_ticket_kind',
      'config',
      'agentConfig was signed with the corp ticket (42012).',
      'Sign agentConfig with the agent ticket (ticket/get?type=agent_config).',
    ),
  ],
  [
    45009,
    entry(
      'wecom_quota_exceeded',
      'quota',
      'WeCom API call limit exceeded (45009).',
      'Wait for the hourly window to pass; check for a cache that does not hold tokens or tickets.',
      503,
    ),
  ],
  [
    45033,
    entry(
      'wecom_too_many_concurrent',
      'quota',
      'Too many concurrent calls to WeCom (45033).',
      'Lower the concurrency of calls to WeCom.',
      503,
    ),
  ],
  [
    48002,
    entry(
      'wecom_api_forbidden',
      'permission',
      'The app may not call this API (48002).',
      'Add the app under 客户联系 → 可调用接口的应用 in the WeCom admin console.',
    ),
  ],
  [
    50001,
    entry(
      'wecom_redirect_domain_untrusted',
      'config',
      'The OAuth redirect domain is not trusted (50001).',
      'Add PUBLIC_URL’s host as the app’s trusted domain (网页授权及JS-SDK).',
    ),
  ],
  [
    60020,
    entry(
      'wecom_ip_not_trusted',
      'config',
      'This server’s IP is not in the app’s trusted IP list (60020).',
      'Add the server’s public IP under the app’s 企业可信IP.',
    ),
  ],
  [
    40050,
    entry(
      'wecom_chat_not_found',
      'input',
      'WeCom has no such customer group, or it was dismissed (40050).',
      'Nothing to fix here: the group is gone; create a new group for the order.',
    ),
  ],
  [
    90501,
    entry(
      'wecom_not_customer_group',
      'input',
      'This chat is not a customer group (90501).',
      'Bind the customer group that openEnterpriseChat created, not an internal chat.',
    ),
  ],
  [
    40096,
    entry(
      'wecom_unknown_external_user',
      'input',
      'WeCom does not know this external_userid (40096).',
      'Check customer.externalUserId of the order: it must be the id WeCom gives this app for the customer.',
    ),
  ],
  [
    84061,
    entry(
      'wecom_not_external_contact',
      'input',
      'This customer is not an external contact of the staff member (84061).',
      'Have the staff member add the customer first, or choose another customer.',
    ),
  ],
]);

/** Every errcode the catalogue knows, for the generated error reference. */
export function catalogueEntries(): Array<[number, CatalogueEntry]> {
  return [...CATALOGUE.entries()];
}

export function describeErrcode(errcode: number): CatalogueEntry {
  return (
    CATALOGUE.get(errcode) ?? {
      code: 'wecom_error',
      kind: errcode >= 500 && errcode < 600 ? 'transient' : 'unknown',
      cause: `WeCom answered with errcode ${errcode}.`,
      fix: 'Look the errcode up in the WeCom error code reference.',
      retryable: false,
      httpStatus: 502,
    }
  );
}

export const TRANSPORT_ERROR: CatalogueEntry = entry(
  'wecom_unreachable',
  'transient',
  'WeCom could not be reached (network error, timeout or HTTP 5xx).',
  'Check the network path to WECOM_API_BASE; requests are retried.',
  503,
);
