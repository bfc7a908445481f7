import type { FeishuSeedInput } from './schema';

/**
 * The demo tenant and app. kequn's server uses the same credentials in demo mode, so its
 * Feishu client talks to the simulator and its event endpoint can decrypt what we push.
 * None of these are real secrets.
 */
export const DEMO_FEISHU_STAFF = {
  zhangsan: { openId: 'ou_775847e532b486db57008d3f2520c077', name: '张三', userId: 'zhangsan' },
  lisi: { openId: 'ou_f2d46f69f688f6f9214b790e6e287fa6', name: '李四', userId: 'lisi' },
  wangwu: { openId: 'ou_e0f241cf90a001e7eddb50d2cf955b3b', name: '王五', userId: 'wangwu' },
  zhaoliu: { openId: 'ou_1104aaa5df1691243f3e778cf99332e5', name: '赵六', userId: 'zhaoliu' },
} as const;

/** External customers. None has opened the bot yet: the demo starts before that step. */
export const DEMO_FEISHU_CUSTOMERS = {
  chenXiaoming: { openId: 'ou_bb87e4ce9c3ab232b4d6d93115c2de61', name: '陈晓明', tenantKey: '1a3f5c7e9b2d4f60' },
  linMeihua: { openId: 'ou_3834625a71f1d125b5a1acb43ee8c27f', name: '林美华', tenantKey: '2b4d6f8a0c1e3a57' },
  wangJianguo: { openId: 'ou_8070f86c300363bb10e8ed0b99f7f7d1', name: '王建国', tenantKey: '3c5e7a9b1d2f4b68' },
  liuFang: { openId: 'ou_56ea370968d664660a803fdc18ba012e', name: '刘芳', tenantKey: '4d6f8b0c2e3a5c79' },
} as const;

export const DEMO_FEISHU = {
  appId: 'cli_a7aca266fca40d27',
  appSecret: 'demoFeishuAppSecret43c6513a4c9f1b0b',
  /** Event encryption ("Encrypt Key" in the developer console). */
  encryptKey: 'kequnDemoFeishuEncryptKey45c8e600',
  /** "Verification Token": carried in every event (header.token / token). */
  verificationToken: 'kequnDemoFeishuVerifyToken9cd62a4',
  botOpenId: 'ou_e9cd62a48b53e21c95f5b216b8b15191',
  botName: '客群助手',
  tenant: { tenantKey: '736588c9260f175d', name: '示例科技有限公司' },
  staff: DEMO_FEISHU_STAFF,
  customers: DEMO_FEISHU_CUSTOMERS,
} as const;

export function demoFeishuSeed(): FeishuSeedInput {
  return {
    tenant: { ...DEMO_FEISHU.tenant },
    app: {
      appId: DEMO_FEISHU.appId,
      appSecret: DEMO_FEISHU.appSecret,
      botOpenId: DEMO_FEISHU.botOpenId,
      botName: DEMO_FEISHU.botName,
    },
    staff: Object.values(DEMO_FEISHU_STAFF).map((s) => ({ ...s })),
    customers: Object.values(DEMO_FEISHU_CUSTOMERS).map((c) => ({ ...c })),
  };
}
