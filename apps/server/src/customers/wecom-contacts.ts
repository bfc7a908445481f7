import type { Customer } from '@kequn/contracts';
import { isWecomError, type WecomClient, type WecomCredentials } from '@kequn/wecom';

/** The customer-contact reads we need [platform-facts §6], through the token service. */
export interface WecomAccess {
  client: WecomClient;
  credentials: WecomCredentials;
}

interface ExternalContact {
  external_userid: string;
  name?: string;
  avatar?: string;
  type?: number;
}

interface FollowInfo {
  userid?: string;
  remark_mobiles?: string[];
}

export interface StaffContact {
  customer: Customer;
  remarkMobiles: string[];
}

const PAGE_SIZE = 100;
/** 200 pages of 100: far beyond any one staff member's contacts; stops a runaway cursor. */
const MAX_PAGES = 200;

export function toCustomer(c: ExternalContact): Customer {
  return {
    externalUserId: c.external_userid,
    name: c.name ?? '',
    avatar: c.avatar ? c.avatar : null,
    type: c.type === 2 ? 2 : 1,
  };
}

/**
 * What externalcontact/get said about a customer: found, or refused for this id (WeCom does not
 * know it, or it is no contact of the app's staff): a data problem to show, not an outage.
 */
export type ProfileLookup = { found: true; customer: Customer } | { found: false; code: string; message: string };

export async function getExternalContact(wecom: WecomAccess, externalUserId: string): Promise<ProfileLookup> {
  try {
    const data = await wecom.credentials.withAccessToken((token) =>
      wecom.client.get<{ external_contact: ExternalContact }>('externalcontact_get', '/cgi-bin/externalcontact/get', {
        access_token: token,
        external_userid: externalUserId,
      }),
    );
    return { found: true, customer: toCustomer(data.external_contact) };
  } catch (err) {
    if (!isWecomError(err) || err.kind !== 'input') throw err;
    return { found: false, code: err.code, message: `${err.message} ${err.fix}` };
  }
}

/** Every customer the staff member follows, with the mobiles they typed as remarks. */
export async function listStaffContacts(wecom: WecomAccess, userId: string): Promise<StaffContact[]> {
  const contacts: StaffContact[] = [];
  let cursor = '';
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const data = await wecom.credentials.withAccessToken((token) =>
      wecom.client.post<{
        external_contact_list?: Array<{ external_contact: ExternalContact; follow_info?: FollowInfo }>;
        next_cursor?: string;
      }>(
        'externalcontact_batch_get_by_user',
        '/cgi-bin/externalcontact/batch/get_by_user',
        { access_token: token },
        { userid_list: [userId], cursor, limit: PAGE_SIZE },
      ),
    );
    for (const item of data.external_contact_list ?? []) {
      if (item.follow_info?.userid && item.follow_info.userid !== userId) continue;
      contacts.push({
        customer: toCustomer(item.external_contact),
        remarkMobiles: item.follow_info?.remark_mobiles ?? [],
      });
    }
    cursor = data.next_cursor ?? '';
    if (!cursor) return contacts;
  }
  return contacts;
}
