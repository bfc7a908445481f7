import type { Customer, FeishuSeed, SimApp, SimTenant, Staff } from './schema';

export type Person = ({ kind: 'staff' } & Staff) | ({ kind: 'customer' } & Customer);

/** Read-only view of the tenant's people. Who can be reached by the bot lives in BotReach. */
export class Directory {
  readonly tenant: SimTenant;
  readonly app: SimApp;
  private readonly people: Map<string, Person>;

  constructor(private readonly seed: FeishuSeed) {
    this.tenant = seed.tenant;
    this.app = seed.app;
    this.people = new Map<string, Person>([
      ...seed.staff.map((s): [string, Person] => [s.openId, { kind: 'staff', ...s }]),
      ...seed.customers.map((c): [string, Person] => [c.openId, { kind: 'customer', ...c }]),
    ]);
  }

  person(openId: string): Person | undefined {
    return this.people.get(openId);
  }

  isStaff(openId: string): boolean {
    return this.people.get(openId)?.kind === 'staff';
  }

  isCustomer(openId: string): boolean {
    return this.people.get(openId)?.kind === 'customer';
  }

  isBot(id: string): boolean {
    return id === this.app.botOpenId || id === this.app.appId;
  }

  allStaff(): Staff[] {
    return this.seed.staff;
  }

  allCustomers(): Customer[] {
    return this.seed.customers;
  }

  displayName(openId: string): string {
    if (this.isBot(openId)) return this.app.botName;
    return this.people.get(openId)?.name ?? '';
  }

  /** The tenant a person belongs to: ours for staff, their own for customers. */
  tenantKeyOf(openId: string): string {
    const person = this.people.get(openId);
    if (person?.kind === 'customer') return person.tenantKey ?? `ext_${openId.slice(3, 19)}`;
    return this.tenant.tenantKey;
  }
}
