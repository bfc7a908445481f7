/**
 * Every `error.code` our HTTP API answers with, besides the WeCom ones (`wecom_*`, from the WeCom
 * error catalogue): the status it comes with and what the caller should do. docs/errors.md is
 * generated from this list and that catalogue; a test keeps the server's code and this list in step.
 */
export interface ApiErrorCode {
  status: number;
  meaning: string;
}

export const API_ERROR_CODES = {
  // Any request
  bad_request: { status: 400, meaning: 'The request could not be read (a broken percent-escape, for one).' },
  invalid_json: { status: 400, meaning: 'The body is not valid JSON.' },
  body_too_large: { status: 413, meaning: 'The body is larger than the endpoint accepts.' },
  unsupported_encoding: { status: 415, meaning: 'Send the body as UTF-8.' },
  control_characters: { status: 400, meaning: 'A body field or the URL holds a control character such as NUL.' },
  invalid_body: { status: 400, meaning: 'The body does not match the schema; the message names the fields.' },
  invalid_query: { status: 400, meaning: 'A query parameter does not match the schema.' },
  not_found: { status: 404, meaning: 'No such endpoint.' },
  starting: { status: 503, meaning: 'The server is starting; retry in a moment.' },
  internal: { status: 500, meaning: 'A bug or an outage of our own; the server log has the request id.' },
  // Business API
  missing_api_key: { status: 401, meaning: 'Send Authorization: Bearer <one of API_KEYS>.' },
  invalid_api_key: { status: 401, meaning: 'The key is not one of API_KEYS.' },
  invalid_order_id: { status: 400, meaning: 'Order ids are letters, digits, _ and - (see the order id rules).' },
  order_not_found: { status: 404, meaning: 'No such order (staff: or not one of yours).' },
  order_closed: { status: 409, meaning: 'The order is closed; register it again to reopen it.' },
  invalid_cursor: { status: 400, meaning: 'Pass back a nextCursor this API returned.' },
  invalid_user_id: { status: 400, meaning: 'Not a WeCom userid.' },
  handover_not_found: { status: 404, meaning: 'No handover with this id.' },
  event_not_found: { status: 404, meaning: 'No webhook event with this id.' },
  pool_empty: { status: 409, meaning: 'No shell group is free for this order; register more groups in the pool.' },
  join_qr_image_unavailable: { status: 503, meaning: 'WeCom’s QR picture could not be fetched; retry shortly.' },
  join_qr_not_found: { status: 404, meaning: 'The order has no join QR yet (POST makes one).' },
  group_not_found: { status: 404, meaning: 'The order has no group (staff page: nothing to refresh).' },
  join_qr_in_progress: { status: 409, meaning: 'The order’s join QR is being made right now; retry shortly.' },
  group_unverified: { status: 409, meaning: 'WeCom does not show the order’s group yet; retry shortly.' },
  metrics_token_required: { status: 401, meaning: 'Send Authorization: Bearer <METRICS_TOKEN>.' },
  // Staff API (the H5 page)
  not_signed_in: { status: 401, meaning: 'Sign in through WeCom first (/auth/wecom/start).' },
  cross_origin: { status: 403, meaning: 'A state-changing call from another site.' },
  invalid_lookup: { status: 400, meaning: 'Give exactly one of chatId or externalUserId.' },
  customer_not_found: { status: 404, meaning: 'WeCom does not show this customer to you (40096, 84061).' },
  invalid_chat_id: { status: 400, meaning: 'Not a chatId as openEnterpriseChat returns it.' },
  group_exists: { status: 409, meaning: 'The order already has a group (error.chatId names it).' },
  creation_in_progress: { status: 409, meaning: 'Someone is creating the group now (error.by, error.until).' },
  chat_bound_elsewhere: { status: 409, meaning: 'The chat is already the group of another order.' },
  group_dismissed: { status: 409, meaning: 'The group was dismissed in WeCom; create a new one.' },
  chat_not_yours: { status: 403, meaning: 'You are neither owner nor member of this customer group in WeCom.' },
  not_customer_group: { status: 422, meaning: 'WeCom does not show this chat as a customer group.' },
  no_owner: { status: 422, meaning: 'Pool registration: WeCom shows no owner for this group.' },
  has_customers: {
    status: 422,
    meaning: 'Pool registration: the group already has customers; only empty shells go in.',
  },
  group_full: { status: 422, meaning: 'Pool registration: the group has 200 members or more (the QR cap).' },
  wecom_unavailable: { status: 503, meaning: 'WeCom could not be asked about the group just now; try again shortly.' },
  chat_not_found: { status: 404, meaning: 'WeCom knows no such customer group.' },
  // Managers' console (/console, /api/console/*)
  console_forbidden: { status: 403, meaning: 'The console is for ADMIN_USER_IDS and CONSOLE_VIEWER_IDS only.' },
  console_read_only: { status: 403, meaning: 'A console viewer (CONSOLE_VIEWER_IDS) may look but not act.' },
  callback_not_found: { status: 404, meaning: 'No parked callback event with this id.' },
  // JS-SDK signatures
  url_missing: { status: 400, meaning: 'Query parameter url (the page URL) is required.' },
  url_repeated: { status: 400, meaning: 'Send url once.' },
  url_too_long: { status: 400, meaning: 'The page URL is longer than 2048 characters.' },
  url_invalid: { status: 400, meaning: 'Spaces, control characters or credentials in the page URL.' },
  url_not_utf8: { status: 400, meaning: 'The url parameter is not percent-encoded UTF-8.' },
  url_not_absolute: { status: 400, meaning: 'Send location.href, not a relative path.' },
  url_bad_scheme: { status: 400, meaning: 'Only http and https pages are signed.' },
  url_origin_not_allowed: { status: 400, meaning: 'The page is not on PUBLIC_URL’s origin or TRUSTED_ORIGINS.' },
  // Sign-in (answered as small Chinese pages with X-Error-Code)
  invalid_next: { status: 400, meaning: 'next must be a path on this site.' },
  invalid_state: { status: 400, meaning: 'The sign-in state is missing, foreign, expired or used already.' },
  missing_code: { status: 400, meaning: 'WeCom returned no code.' },
  invalid_code: { status: 400, meaning: 'The OAuth code is invalid, used or expired (40029).' },
  not_a_member: { status: 403, meaning: 'The person is not a member of the corp.' },
  too_many_sign_ins: { status: 429, meaning: 'More than 60 sign-in requests a minute from one client address.' },
  // WeCom callbacks
  callbacks_not_configured: { status: 503, meaning: 'Set WECOM_CALLBACK_TOKEN and WECOM_CALLBACK_AES_KEY.' },
  invalid_signature: { status: 401, meaning: 'msg_signature is missing or does not match.' },
  invalid_request: { status: 400, meaning: 'echostr is missing.' },
  invalid_payload: { status: 400, meaning: 'The encrypted message does not decrypt cleanly.' },
  wrong_receiver: { status: 400, meaning: 'The message is for another corp.' },
  feishu_event_bad_signature: { status: 401, meaning: 'X-Lark-Signature does not match the raw body (Encrypt Key).' },
  feishu_event_bad_token: { status: 401, meaning: 'The event’s token is not FEISHU_VERIFICATION_TOKEN.' },
  feishu_event_stale: { status: 401, meaning: 'X-Lark-Request-Timestamp is more than 5 minutes off.' },
  feishu_event_undecryptable: { status: 400, meaning: 'The encrypted body does not decrypt with FEISHU_ENCRYPT_KEY.' },
  feishu_event_malformed: { status: 400, meaning: 'Not a Feishu event envelope.' },
  invalid_event: { status: 400, meaning: 'An authentic event that cannot be processed (control characters, bad ids).' },
} as const satisfies Record<string, ApiErrorCode>;

export type ApiErrorCodeName = keyof typeof API_ERROR_CODES;
