import { DEMO_FEISHU } from '@kequn/feishu-sim';

/** The server's settings for the simulated Feishu tenant at `apiBase` (the demo app's credentials). */
export const feishuEnv = (apiBase: string): Record<string, string> => ({
  FEISHU_APP_ID: DEMO_FEISHU.appId,
  FEISHU_APP_SECRET: DEMO_FEISHU.appSecret,
  FEISHU_ENCRYPT_KEY: DEMO_FEISHU.encryptKey,
  FEISHU_VERIFICATION_TOKEN: DEMO_FEISHU.verificationToken,
  FEISHU_API_BASE: apiBase,
});

/** Points the simulator's pushes at the server's Feishu callback, encrypted as the app's settings say. */
export const pushTo = (base: string) => ({ eventUrl: `${base}/callbacks/feishu`, encryptKey: DEMO_FEISHU.encryptKey });
