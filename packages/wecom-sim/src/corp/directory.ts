import type { CorpSeed, Customer, Department, Follow, Staff } from './schema';

/**
 * The corp's people and who follows which customer. Read-only except for staff leaving:
 * a resigned member stays known (their groups still name them) but can no longer act.
 */
export class CorpDirectory {
  private readonly staffById: Map<string, Staff>;
  private readonly customersById: Map<string, Customer>;
  /** userId → resignation time (Unix seconds). */
  private readonly resignedAt = new Map<string, number>();

  constructor(private readonly seed: Pick<CorpSeed, 'departments' | 'staff' | 'customers'>) {
    this.staffById = new Map(seed.staff.map((s) => [s.userId, s]));
    this.customersById = new Map(seed.customers.map((c) => [c.externalUserId, c]));
  }

  departments(): Department[] {
    return this.seed.departments;
  }

  allStaff(): Staff[] {
    return this.seed.staff;
  }

  allCustomers(): Customer[] {
    return this.seed.customers;
  }

  staff(userId: string): Staff | undefined {
    return this.staffById.get(userId);
  }

  /** A member who has not resigned. */
  activeStaff(userId: string): Staff | undefined {
    return this.resignedAt.has(userId) ? undefined : this.staffById.get(userId);
  }

  isResigned(userId: string): boolean {
    return this.resignedAt.has(userId);
  }

  /** Active and allowed to use customer contact (客户联系). */
  canContactCustomers(userId: string): boolean {
    return this.activeStaff(userId)?.customerContact ?? false;
  }

  resign(userId: string, at: number): void {
    this.resignedAt.set(userId, at);
  }

  resignations(): Record<string, number> {
    return Object.fromEntries(this.resignedAt);
  }

  customer(externalUserId: string): Customer | undefined {
    return this.customersById.get(externalUserId);
  }

  /** 1 = staff, 2 = external (the member `type` of groupchat/get); undefined = unknown id. */
  memberType(id: string): 1 | 2 | undefined {
    if (this.staffById.has(id)) return 1;
    if (this.customersById.has(id)) return 2;
    return undefined;
  }

  displayName(id: string): string {
    return this.staffById.get(id)?.name ?? this.customersById.get(id)?.name ?? '';
  }

  /** The staff member's customers with their follow info, oldest relationship first. */
  followsOf(userId: string): Array<{ customer: Customer; follow: Follow }> {
    const result: Array<{ customer: Customer; follow: Follow }> = [];
    for (const customer of this.seed.customers) {
      const follow = customer.follows.find((f) => f.userId === userId);
      if (follow) result.push({ customer, follow });
    }
    return result.sort((a, b) => a.follow.createTime - b.follow.createTime);
  }

  isContact(userId: string, externalUserId: string): boolean {
    return this.customer(externalUserId)?.follows.some((f) => f.userId === userId) ?? false;
  }
}
