import type { Customer } from '@kequn/contracts';
import type { Clock } from '@kequn/wecom';
import { sameMobile } from './mobile';
import { getExternalContact, listStaffContacts, type StaffContact, type WecomAccess } from './wecom-contacts';

interface Entry {
  contacts: StaffContact[];
  expiresAt: number;
}

export interface CustomerMatch {
  match: 'given' | 'mobile' | 'none';
  customers: Customer[];
}

/** Staff members whose contact lists we keep; the oldest is dropped beyond this. */
const MAX_CACHED_STAFF = 500;

/**
 * Finds an order's customer: by the external user id the order names, or among the signed-in
 * staff member's own customers by a remark mobile. Contact lists are cached per staff member
 * (keyed by userid only) and dropped on `change_external_contact` or after the TTL.
 */
export class CustomerFinder {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<StaffContact[]>>();

  constructor(
    private readonly wecom: WecomAccess,
    private readonly clock: Clock,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async find(
    staffUserId: string,
    order: { externalUserId: string | null; mobile: string | null },
  ): Promise<CustomerMatch> {
    if (order.externalUserId) {
      return { match: 'given', customers: [await getExternalContact(this.wecom, order.externalUserId)] };
    }
    if (!order.mobile) return { match: 'none', customers: [] };
    const mobile = order.mobile;
    const contacts = await this.contactsOf(staffUserId);
    const customers = contacts.filter((c) => c.remarkMobiles.some((m) => sameMobile(m, mobile))).map((c) => c.customer);
    return customers.length > 0 ? { match: 'mobile', customers } : { match: 'none', customers: [] };
  }

  /** What the cache already knows, without asking WeCom (used while recording an intent). */
  cachedMatches(staffUserId: string, mobile: string): string[] {
    const entry = this.fresh(staffUserId);
    if (!entry) return [];
    return entry.contacts
      .filter((c) => c.remarkMobiles.some((m) => sameMobile(m, mobile)))
      .map((c) => c.customer.externalUserId);
  }

  /** Also forgets a fetch in flight, whose answer may predate the change. */
  invalidate(staffUserId: string): void {
    this.cache.delete(staffUserId);
    this.inFlight.delete(staffUserId);
  }

  private contactsOf(staffUserId: string): Promise<StaffContact[]> {
    const entry = this.fresh(staffUserId);
    if (entry) return Promise.resolve(entry.contacts);
    // One fetch per staff member at a time: a page opened on two devices pages WeCom once.
    return this.inFlight.get(staffUserId) ?? this.fetch(staffUserId);
  }

  private fetch(staffUserId: string): Promise<StaffContact[]> {
    const current = () => this.inFlight.get(staffUserId) === pending;
    const pending: Promise<StaffContact[]> = listStaffContacts(this.wecom, staffUserId).then(
      (contacts) => {
        if (current()) {
          this.inFlight.delete(staffUserId);
          this.remember(staffUserId, contacts);
        }
        return contacts;
      },
      (err: unknown) => {
        if (current()) this.inFlight.delete(staffUserId);
        throw err;
      },
    );
    this.inFlight.set(staffUserId, pending);
    return pending;
  }

  private fresh(staffUserId: string): Entry | undefined {
    const entry = this.cache.get(staffUserId);
    if (entry && entry.expiresAt > this.clock.now()) return entry;
    this.cache.delete(staffUserId);
    return undefined;
  }

  private remember(staffUserId: string, contacts: StaffContact[]): void {
    this.cache.delete(staffUserId);
    this.cache.set(staffUserId, { contacts, expiresAt: this.clock.now() + this.ttlMs });
    if (this.cache.size > MAX_CACHED_STAFF) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
