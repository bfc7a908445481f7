import type { Customer } from '@kequn/contracts';
import type { ContactCache } from './contact-cache';
import { sameMobile } from './mobile';
import {
  getExternalContact,
  listStaffContacts,
  type ProfileLookup,
  type StaffContact,
  type WecomAccess,
} from './wecom-contacts';

export interface CustomerMatch {
  match: 'given' | 'mobile' | 'none';
  customers: Customer[];
  /** Why the customer the order names could not be shown (a data problem, not an outage). */
  problem?: { code: string; message: string };
}

const matching = (contacts: StaffContact[], mobile: string) =>
  contacts.filter((c) => c.remarkMobiles.some((m) => sameMobile(m, mobile))).map((c) => c.customer);

/**
 * Finds an order's customer: by the external user id the order names, or among the signed-in
 * staff member's own customers by a remark mobile. Contact lists are cached per staff member
 * (shared by all instances with Redis) and dropped on `change_external_contact` or after the TTL.
 * The cache falls back to the process while Redis cannot be reached (see FallbackContactCache).
 */
export class CustomerFinder {
  private readonly inFlight = new Map<string, Promise<StaffContact[]>>();

  constructor(
    private readonly wecom: WecomAccess,
    private readonly cache: ContactCache,
  ) {}

  async find(
    staffUserId: string,
    order: { externalUserId: string | null; mobile: string | null },
  ): Promise<CustomerMatch> {
    if (order.externalUserId) {
      const lookup = await this.profileOf(staffUserId, order.externalUserId);
      if (lookup.found) return { match: 'given', customers: [lookup.customer] };
      return { match: 'none', customers: [], problem: { code: lookup.code, message: lookup.message } };
    }
    if (!order.mobile) return { match: 'none', customers: [] };
    const customers = matching(await this.contactsOf(staffUserId), order.mobile);
    return customers.length > 0 ? { match: 'mobile', customers } : { match: 'none', customers: [] };
  }

  /** What the cache already knows, without asking WeCom (used while recording an intent). */
  async cachedMatches(staffUserId: string, mobile: string): Promise<string[]> {
    const { contacts } = await this.cache.read(staffUserId);
    return contacts ? matching(contacts, mobile).map((c) => c.externalUserId) : [];
  }

  /**
   * Also forgets a fetch in flight here; the cache refuses what other instances fetched before.
   * Throws when the cache cannot be reached, so the callback worker tries again.
   */
  async invalidate(staffUserId: string): Promise<void> {
    this.inFlight.delete(staffUserId);
    await this.cache.invalidate(staffUserId);
  }

  /** externalcontact/get once per staff member and customer until the TTL or an invalidation. */
  async profileOf(staffUserId: string, externalUserId: string): Promise<ProfileLookup> {
    const { profile, version } = await this.cache.readProfile(staffUserId, externalUserId);
    if (profile) return profile;
    const fetched = await getExternalContact(this.wecom, externalUserId);
    await this.cache.writeProfile(staffUserId, externalUserId, version, fetched);
    return fetched;
  }

  private async contactsOf(staffUserId: string): Promise<StaffContact[]> {
    const pending = this.inFlight.get(staffUserId);
    if (pending) return pending;
    const { contacts, version } = await this.cache.read(staffUserId);
    if (contacts) return contacts;
    // One fetch per staff member at a time: a page opened on two devices pages WeCom once.
    return this.inFlight.get(staffUserId) ?? this.fetch(staffUserId, version);
  }

  private fetch(staffUserId: string, version: string): Promise<StaffContact[]> {
    const pending = listStaffContacts(this.wecom, staffUserId)
      .then(async (contacts) => {
        if (this.inFlight.get(staffUserId) === pending) await this.cache.write(staffUserId, version, contacts);
        return contacts;
      })
      .finally(() => {
        if (this.inFlight.get(staffUserId) === pending) this.inFlight.delete(staffUserId);
      });
    this.inFlight.set(staffUserId, pending);
    return pending;
  }
}
