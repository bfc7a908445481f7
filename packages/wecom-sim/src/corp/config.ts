/** A self-built app of the simulated corp. Its secret makes its access_token. */
export interface SimApp {
  agentId: string;
  name: string;
  secret: string;
}

/** Identity of the simulated corp and of the app kequn runs as. */
export interface DemoCorpConfig {
  corpId: string;
  corpName: string;
  agentId: string;
  agentName: string;
  secret: string;
  /** Other self-built apps of the same corp (their tokens, tickets and join ways are separate). */
  otherApps: SimApp[];
}

export const DEMO_CORP: DemoCorpConfig = {
  corpId: 'ww5d3f0a1b2c3d4e5f',
  corpName: '示例科技有限公司',
  agentId: '1000002',
  agentName: '客群助手',
  secret: 'demo-app-secret-0123456789abcdefghijklmnop',
  otherApps: [{ agentId: '1000003', name: '营销工具', secret: 'demo-other-app-secret-9876543210zyxwvu' }],
};

/** Callback credentials of the demo app (kequn's server uses the same in demo mode). */
export const DEMO_CALLBACK_TOKEN = 'kequnDemoCallbackToken';
/** 43 characters: Base64 of a 32-byte AES key without the trailing "=". */
export const DEMO_CALLBACK_ENCODING_AES_KEY = '7Ie4pS9RziaKGV+RL528edeVHLgm1YqzqeaOu8QNrbs';

export function resolveCorp(overrides: Partial<DemoCorpConfig> = {}): DemoCorpConfig {
  return { ...DEMO_CORP, ...overrides, otherApps: overrides.otherApps ?? DEMO_CORP.otherApps };
}

export function corpApps(corp: DemoCorpConfig): SimApp[] {
  return [{ agentId: corp.agentId, name: corp.agentName, secret: corp.secret }, ...corp.otherApps];
}
