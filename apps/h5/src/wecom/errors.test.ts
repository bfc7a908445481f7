import { describe, expect, it } from 'vitest';
import { classifySdkError } from './errors';

// errMsg/errCode as @wecom/jssdk hands them over (keyword normalised: `fail_` dropped, `_` removed).
const cases: Array<[string, number, string]> = [
  ['openEnterpriseChat:cancel', -1, 'cancelled'],
  ['openExistedChatWithMsg:function not exist', -1, 'client_too_old'],
  [
    'agentConfig:invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093',
    40093,
    'invalid_signature',
  ],
  ['agentConfig:invalid signature', 42012, 'invalid_signature'],
  [
    'agentConfig:invalid url domain more info at https://open.work.weixin.qq.com/devtool/query?e=80001',
    80001,
    'untrusted_domain',
  ],
  ['agentConfig:fail', 80001, 'untrusted_domain'],
  ['getCurExternalContact:fail no permission', -1, 'no_permission'],
  ['selectExternalContact:permission denied', -1, 'no_permission'],
  ['openEnterpriseChat:fail', 48002, 'no_permission'],
  ['openEnterpriseChat:nopermission', -1, 'config_incomplete'],
  ['getCurExternalChat:fail without context of external contact', -1, 'no_context'],
  ['openEnterpriseChat:fail', 84061, 'not_contact'],
  ['openEnterpriseChat:invalid externalUserIds', -1, 'not_contact'],
  ['openEnterpriseChat:unsupported chat', -1, 'unknown'],
];

describe('classifySdkError', () => {
  it.each(cases)('%s (%i) is %s', (errMsg, errCode, kind) => {
    expect(classifySdkError({ errMsg, errCode }).kind).toBe(kind);
  });

  it('keeps the api name and a positive errCode', () => {
    expect(classifySdkError({ errMsg: 'agentConfig:invalid signature', errCode: 40093 })).toEqual({
      kind: 'invalid_signature',
      api: 'agentConfig',
      errMsg: 'agentConfig:invalid signature',
      errCode: 40093,
    });
  });

  it('reads SDK Errors (not client answers) as unknown with their message', () => {
    expect(classifySdkError(new Error('SDK Error: Missing corpId'))).toMatchObject({
      kind: 'unknown',
      errMsg: 'SDK Error: Missing corpId',
    });
  });
});
