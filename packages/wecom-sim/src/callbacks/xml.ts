import type { GroupEvent } from '../groups/model';

/** CDATA cannot contain "]]>": split it the standard way. */
export function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function escapeText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * The decrypted `change_external_chat` event as WeCom sends it [platform-facts §7]:
 * JoinScene is 0 for an invitation (direct or link) and 3 for a QR code; QuitScene is
 * 0 for leaving, 1 for being removed. Numbers and versions go without CDATA, as in the sample.
 */
export function changeExternalChatXml(corpId: string, createTime: number, event: GroupEvent): string {
  const head = [
    `<ToUserName>${cdata(corpId)}</ToUserName>`,
    `<FromUserName>${cdata('sys')}</FromUserName>`,
    `<CreateTime>${createTime}</CreateTime>`,
    `<MsgType>${cdata('event')}</MsgType>`,
    `<Event>${cdata('change_external_chat')}</Event>`,
    `<ChatId>${cdata(event.group.chatId)}</ChatId>`,
  ];
  return `<xml>${[...head, ...changeFields(event)].join('')}</xml>`;
}

function changeFields(event: GroupEvent): string[] {
  if (event.type === 'create' || event.type === 'dismiss') return [`<ChangeType>${cdata(event.type)}</ChangeType>`];
  const scene =
    event.type === 'add_member'
      ? `<JoinScene>${event.joinScene === 3 ? 3 : 0}</JoinScene>`
      : `<QuitScene>${event.quitScene}</QuitScene>`;
  return [
    `<ChangeType>${cdata('update')}</ChangeType>`,
    `<UpdateDetail>${cdata(event.type)}</UpdateDetail>`,
    scene,
    `<MemChangeCnt>${event.ids.length}</MemChangeCnt>`,
    `<MemChangeList>${event.ids.map((id) => `<Item>${escapeText(id)}</Item>`).join('')}</MemChangeList>`,
    `<LastMemVer>${event.lastVersion}</LastMemVer>`,
    `<CurMemVer>${event.curVersion}</CurMemVer>`,
  ];
}

/**
 * The decrypted `change_contact` event for a member leaving the corp (通讯录变更, ChangeType
 * delete_user). FromUserName is "sys" as for every system event.
 */
export function deleteUserXml(corpId: string, createTime: number, userId: string): string {
  return (
    `<xml><ToUserName>${cdata(corpId)}</ToUserName><FromUserName>${cdata('sys')}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('event')}</MsgType>` +
    `<Event>${cdata('change_contact')}</Event><ChangeType>${cdata('delete_user')}</ChangeType>` +
    `<UserID>${cdata(userId)}</UserID></xml>`
  );
}
