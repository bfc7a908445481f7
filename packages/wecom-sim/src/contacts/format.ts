import type { Customer, Follow } from '../corp/schema';

/** Default avatars are served by the simulator itself (no outside network in demo mode). */
export function avatarUrl(base: string, id: string, explicit?: string): string {
  return explicit ?? `${base}/__sim/avatars/${encodeURIComponent(id)}.svg`;
}

/** `external_contact` as returned by externalcontact/get and batch/get_by_user. */
export function externalContactJson(customer: Customer, base: string): Record<string, unknown> {
  const json: Record<string, unknown> = {
    external_userid: customer.externalUserId,
    name: customer.name,
    avatar: avatarUrl(base, customer.externalUserId, customer.avatar),
    type: customer.type,
    gender: customer.gender,
  };
  // Only WeCom users of another corp carry corp and position fields.
  if (customer.position) json.position = customer.position;
  if (customer.corpName) json.corp_name = customer.corpName;
  if (customer.corpFullName) json.corp_full_name = customer.corpFullName;
  if (customer.unionId) json.unionid = customer.unionId;
  return json;
}

function followBase(follow: Follow): Record<string, unknown> {
  const json: Record<string, unknown> = {
    userid: follow.userId,
    remark: follow.remark,
    description: follow.description,
    createtime: follow.createTime,
    remark_corp_name: follow.remarkCorpName,
    remark_mobiles: follow.remarkMobiles,
    oper_userid: follow.userId,
    add_way: follow.addWay,
  };
  if (follow.state) json.state = follow.state;
  return json;
}

/** externalcontact/get lists tags as objects... */
export function followUserJson(follow: Follow): Record<string, unknown> {
  return { ...followBase(follow), tags: follow.tagIds.map((id) => ({ tag_id: id, type: 1 })) };
}

/** ...while batch/get_by_user gives only their ids (`tag_id`). */
export function followInfoJson(follow: Follow): Record<string, unknown> {
  return { ...followBase(follow), tag_id: follow.tagIds };
}
