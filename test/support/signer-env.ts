import { DEMO_CORP } from '@kequn/wecom-sim';

export const PAGE_ORIGIN = 'https://h5.example.com';

/** Environment of a server that talks to a simulator as if it were the real WeCom. */
export function realCorpEnv(simUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WECOM_CORP_ID: DEMO_CORP.corpId,
    WECOM_AGENT_ID: DEMO_CORP.agentId,
    WECOM_SECRET: DEMO_CORP.secret,
    WECOM_API_BASE: simUrl,
    PUBLIC_URL: PAGE_ORIGIN,
    SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    ...extra,
  };
}

export const signaturesPath = (pageUrl: string) => `/api/jssdk/signatures?url=${encodeURIComponent(pageUrl)}`;
