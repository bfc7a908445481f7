import { describe, expect, it } from 'vitest';
import { changeExternalChatXml, DEMO_CORP } from '@kequn/wecom-sim';
import { eventKey, parseEnvelope, parseEvent } from './event-xml';

const group = { chatId: 'wrChat1', owner: 'zhangsan' } as Parameters<typeof changeExternalChatXml>[2]['group'];

describe('event XML', () => {
  it('reads the change_external_chat fields the simulator sends, members included', () => {
    const xml = changeExternalChatXml(DEMO_CORP.corpId, 1_700_000_000, {
      type: 'add_member',
      group,
      ids: ['wmA', 'wmB'],
      joinScene: 3,
      lastVersion: 'v1',
      curVersion: 'v2',
    });
    expect(parseEvent(xml)).toEqual({
      event: 'change_external_chat',
      fields: expect.objectContaining({
        ToUserName: DEMO_CORP.corpId,
        ChatId: 'wrChat1',
        ChangeType: 'update',
        UpdateDetail: 'add_member',
        JoinScene: '3',
        MemChangeList: 'wmA,wmB',
        CurMemVer: 'v2',
        CreateTime: '1700000000',
      }),
    });
  });

  it('keys an event on its content: the same event twice has one key, another event another', () => {
    const create = changeExternalChatXml(DEMO_CORP.corpId, 1_700_000_000, { type: 'create', group });
    const dismiss = changeExternalChatXml(DEMO_CORP.corpId, 1_700_000_000, { type: 'dismiss', group });
    const later = changeExternalChatXml(DEMO_CORP.corpId, 1_700_000_001, { type: 'create', group });
    const key = (xml: string) => eventKey(parseEvent(xml)!);
    expect(key(create)).toBe(key(create));
    expect(new Set([key(create), key(dismiss), key(later)]).size).toBe(3);
  });

  it('finds the ciphertext in the envelope and nothing in junk', () => {
    expect(
      parseEnvelope('<xml><ToUserName><![CDATA[ww1]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt></xml>'),
    ).toBe('abc=');
    for (const junk of [
      '',
      'not xml',
      '<xml></xml>',
      '<xml><Encrypt></Encrypt></xml>',
      '<other><Encrypt>a</Encrypt></other>',
    ]) {
      expect(parseEnvelope(junk)).toBeNull();
    }
    expect(parseEvent('<xml><ChatId>x</ChatId></xml>')).toBeNull();
  });

  it('does not expand entities (the envelope is read before its signature is checked)', () => {
    const bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><xml><Encrypt>&a;&a;</Encrypt></xml>';
    expect(parseEnvelope(bomb)).not.toContain('aaaaaaaaaa');
  });
});
