import type { CorpDirectory } from '../corp/directory';
import type { JoinWay } from './join-ways';
import { memberVersion, type Group, type GroupMember } from './model';

/** `group_chat` of groupchat/get [platform-facts §7]. */
export function groupChatJson(group: Group, directory: CorpDirectory, needName: boolean): Record<string, unknown> {
  return {
    chat_id: group.chatId,
    name: group.name,
    owner: group.owner,
    create_time: group.createTime,
    notice: group.notice,
    member_list: group.members.map((m) => memberJson(m, directory, needName)),
    admin_list: group.admins.map((userid) => ({ userid })),
    member_version: memberVersion(group, group.version),
  };
}

function memberJson(member: GroupMember, directory: CorpDirectory, needName: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    userid: member.id,
    type: member.type,
    join_time: member.joinTime,
    join_scene: member.joinScene,
    group_nickname: member.groupNickname,
  };
  if (member.invitor) json.invitor = { userid: member.invitor };
  if (member.state) json.state = member.state;
  if (needName) json.name = directory.displayName(member.id);
  const unionId = member.type === 2 ? directory.customer(member.id)?.unionId : undefined;
  if (unionId) json.unionid = unionId;
  return json;
}

/** `join_way` of get_join_way; qr_code only exists for scene 2 (QR code). */
export function joinWayJson(way: JoinWay, base: string): Record<string, unknown> {
  const json: Record<string, unknown> = {
    config_id: way.configId,
    scene: way.scene,
    remark: way.remark,
    auto_create_room: way.autoCreateRoom,
    room_base_name: way.roomBaseName,
    room_base_id: way.roomBaseId,
    chat_id_list: way.chatIdList,
    state: way.state,
    mark_source: way.markSource,
  };
  if (way.scene === 2) json.qr_code = `${base}/__sim/qr/${way.configId}`;
  return json;
}
