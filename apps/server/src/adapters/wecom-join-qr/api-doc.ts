import { JoinQr, PoolHealth, PoolRegistrationResult, RegisterPoolRequest } from '@kequn/contracts';
import type { Operation } from '../../openapi/document';

/** The join-QR route's part of the business API's OpenAPI document. */
export const JOIN_QR_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/pool/groups',
    summary: 'Register shell groups (empty customer groups staff made in WeCom) for the pool; refused ones say why.',
    body: RegisterPoolRequest,
    responses: { 200: PoolRegistrationResult },
    errors: ['invalid_body'],
  },
  {
    method: 'get',
    path: '/api/v1/pool',
    summary: 'Pool health per owner and in all: free, assigned, near the QR cap, and the low-water mark.',
    responses: { 200: PoolHealth },
  },
  {
    method: 'post',
    path: '/api/v1/orders/{orderId}/join-qr',
    summary:
      'The order’s join QR, made on the first call (201) from its group or a free pool group; `qrUrl` opens without a key.',
    responses: { 200: JoinQr, 201: JoinQr },
    errors: [
      'invalid_order_id',
      'order_not_found',
      'order_closed',
      'pool_empty',
      'join_qr_in_progress',
      'group_unverified',
      'creation_in_progress',
    ],
  },
  {
    method: 'get',
    path: '/api/v1/orders/{orderId}/join-qr',
    summary: 'Read the order’s join QR.',
    responses: { 200: JoinQr },
    errors: ['invalid_order_id', 'join_qr_not_found'],
  },
  {
    method: 'delete',
    path: '/api/v1/orders/{orderId}/join-qr',
    summary: 'Delete the order’s join way (del_join_way); the group stays with the order.',
    responses: { 204: null },
    errors: ['invalid_order_id', 'join_qr_not_found'],
  },
];
