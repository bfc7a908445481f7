import {
  ApiErrorBody,
  EventList,
  EventListQuery,
  Handover,
  HandoverRequest,
  OrderList,
  OrderId,
  OrderListQuery,
  OrderResponse,
  UpsertOrderRequest,
} from '@kequn/contracts';
import { z } from 'zod';

/** One documented operation of the business API; schemas are the zod contracts the code parses with. */
export interface Operation {
  method: 'get' | 'put' | 'post' | 'delete';
  /** OpenAPI path template, e.g. /api/v1/orders/{orderId}. */
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Status → JSON body schema (null: no JSON body, e.g. 204 or an image). */
  responses: Record<number, z.ZodType | null>;
  /** Other content of a success answer (images). */
  produces?: string;
  /** Error codes this operation answers besides the ones every operation can. */
  errors?: string[];
  public?: boolean;
}

export const BUSINESS_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/orders',
    summary: 'List orders, newest updated first, with filters and a cursor.',
    query: OrderListQuery,
    responses: { 200: OrderList },
    errors: ['invalid_query', 'invalid_cursor'],
  },
  {
    method: 'put',
    path: '/api/v1/orders/{orderId}',
    summary: 'Register or replace an order (201 when new). A closed order is reopened.',
    body: UpsertOrderRequest,
    responses: { 200: OrderResponse, 201: OrderResponse },
    errors: ['invalid_order_id', 'invalid_body', 'invalid_json', 'control_characters', 'body_too_large'],
  },
  {
    method: 'get',
    path: '/api/v1/orders/{orderId}',
    summary: 'Read an order with its group, members and earlier dismissed groups.',
    responses: { 200: OrderResponse },
    errors: ['invalid_order_id', 'order_not_found'],
  },
  {
    method: 'delete',
    path: '/api/v1/orders/{orderId}',
    summary: 'Close an order. Its group stays with the company; its join QR (if any) is deleted.',
    responses: { 200: OrderResponse },
    errors: ['invalid_order_id', 'order_not_found'],
  },
  {
    method: 'get',
    path: '/api/v1/orders/{orderId}/qr.svg',
    summary: 'The QR code staff scan with WeCom to open the order page (SVG).',
    responses: { 200: null },
    produces: 'image/svg+xml',
    errors: ['invalid_order_id', 'order_not_found'],
  },
  {
    method: 'get',
    path: '/api/v1/orders/{orderId}/qr.png',
    summary: 'The same QR code as PNG (512 px).',
    responses: { 200: null },
    produces: 'image/png',
    errors: ['invalid_order_id', 'order_not_found'],
  },
  {
    method: 'delete',
    path: '/api/v1/staff/{userId}/sessions',
    summary: 'End every session of a staff member (all devices).',
    responses: { 204: null },
    errors: ['invalid_user_id'],
  },
  {
    method: 'get',
    path: '/api/v1/events',
    summary: 'Webhook events in the order they were recorded, with their delivery state.',
    query: EventListQuery,
    responses: { 200: EventList },
    errors: ['invalid_query'],
  },
  {
    method: 'post',
    path: '/api/v1/events/{eventId}/redeliver',
    summary: 'Queue a webhook event for delivery again, now.',
    responses: { 202: z.object({ id: z.string(), state: z.literal('pending') }) },
    errors: ['event_not_found'],
  },
  {
    method: 'post',
    path: '/api/v1/staff/{userId}/handover',
    summary:
      'Hand the groups a staff member owns over: to `to`, or each to its order’s next staff member (resigned: groupchat/transfer; on_job: onjob_transfer).',
    body: HandoverRequest,
    responses: { 201: Handover },
    errors: ['invalid_user_id', 'invalid_body'],
  },
  {
    method: 'get',
    path: '/api/v1/handovers/{id}',
    summary: 'A handover with each group’s result.',
    responses: { 200: Handover },
    errors: ['handover_not_found'],
  },
  {
    method: 'post',
    path: '/api/v1/handovers/{id}/retry',
    summary: 'Send the groups still pending again (nothing moves twice).',
    responses: { 200: Handover },
    errors: ['handover_not_found'],
  },
];

/** Codes any business API operation can answer. */
const COMMON_ERRORS = ['missing_api_key', 'invalid_api_key', 'not_found'];

const schemaOf = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

function pathParams(path: string): object[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: name === 'orderId' ? schemaOf(OrderId, 'input') : { type: 'string' },
  }));
}

function queryParams(query: z.ZodObject | undefined): object[] {
  if (!query) return [];
  const json = schemaOf(query, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema,
  }));
}

function responsesOf(op: Operation): Record<string, object> {
  const out: Record<string, object> = {};
  for (const [status, schema] of Object.entries(op.responses)) {
    out[status] = schema
      ? { description: 'OK', content: { 'application/json': { schema: schemaOf(schema, 'output') } } }
      : op.produces
        ? { description: 'OK', content: { [op.produces]: {} } }
        : { description: 'No content' };
  }
  const codes = [...(op.errors ?? []), ...COMMON_ERRORS];
  out.default = {
    description: `An error: ${codes.join(', ')} (see the error reference).`,
    content: { 'application/json': { schema: schemaOf(ApiErrorBody, 'output') } },
  };
  return out;
}

/** The OpenAPI 3.1 document of the business API, generated from the same zod contracts the code uses. */
export function openApiDocument(publicUrl: string, extra: readonly Operation[] = []): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of [...BUSINESS_OPERATIONS, ...extra]) {
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, object>)[op.method] = {
      summary: op.summary,
      parameters: [...pathParams(op.path), ...queryParams(op.query)],
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input') } } } }
        : {}),
      responses: responsesOf(op),
      ...(op.public ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'kequn business API',
      version: '1',
      description:
        'Register orders, read their customer groups, recover webhook events. Every call needs `Authorization: Bearer <one of API_KEYS>`.',
    },
    servers: [{ url: publicUrl }],
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    security: [{ apiKey: [] }],
    paths,
  };
}
