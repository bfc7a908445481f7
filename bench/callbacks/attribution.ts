import type { Delivery } from '../../apps/server/src/testing/harness';
import type { Scan } from './scans';

export interface Attribution {
  expected: number;
  /** Scanned members whose join reached the business system, via the order's join QR. */
  attributed: number;
  /** Scanned members never attributed. */
  lost: number;
  /** Extra distinct member_joined events for a member already attributed (a join counted twice). */
  doubled: number;
  /** member_joined for a scanned member under an order other than the one whose QR they scanned. */
  wrongOrder: number;
  /** Attributed to the right order but without `via: join_qr`. */
  notViaQr: number;
  /** The same event id delivered again (allowed: receivers de-duplicate on it). */
  redelivered: number;
}

/** Reads the webhooks as a business system would: de-duplicated by event id, keyed by order and member. */
export function attribution(plan: Scan[], deliveries: readonly Delivery[]): Attribution {
  const expected = new Map(plan.map((s) => [s.customer, s.order.orderId]));
  const events = new Map<string, Delivery>();
  for (const d of deliveries) if (d.type === 'group.member_joined') events.set(d.id, d);
  const joinedMember = [...deliveries].filter((d) => d.type === 'group.member_joined').length;
  const perMember = new Map<string, number>();
  let wrongOrder = 0;
  let notViaQr = 0;
  for (const event of events.values()) {
    const member = (event.data.member as { id?: string } | undefined)?.id ?? '';
    const orderId = expected.get(member);
    if (!orderId) continue;
    if (event.data.orderId !== orderId) wrongOrder += 1;
    else if (event.data.via !== 'join_qr') notViaQr += 1;
    else perMember.set(member, (perMember.get(member) ?? 0) + 1);
  }
  const doubled = [...perMember.values()].reduce((sum, n) => sum + n - 1, 0);
  return {
    expected: expected.size,
    attributed: perMember.size,
    lost: expected.size - perMember.size,
    doubled,
    wrongOrder,
    notViaQr,
    redelivered: joinedMember - events.size,
  };
}
