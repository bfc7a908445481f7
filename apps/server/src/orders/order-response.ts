import type { DismissedGroup, GroupBinding, OrderResponse } from '@kequn/contracts';
import type { OrderRecord } from './order-store';

export function orderLinks(publicUrl: string, orderId: string): { h5Url: string; qrUrl: string } {
  const id = encodeURIComponent(orderId);
  return { h5Url: `${publicUrl}/orders/${id}`, qrUrl: `${publicUrl}/api/v1/orders/${id}/qr.svg` };
}

export function toOrderResponse(
  publicUrl: string,
  order: OrderRecord,
  group: GroupBinding | null,
  dismissedGroups: DismissedGroup[],
): OrderResponse {
  return {
    orderId: order.orderId,
    title: order.title,
    ...orderLinks(publicUrl, order.orderId),
    group,
    groupName: order.groupName,
    customer: order.customer,
    staffUserIds: order.staffUserIds,
    staff: order.staff,
    dismissedGroups,
    closedAt: order.closedAt?.toISOString() ?? null,
    platform: order.platform,
  };
}
