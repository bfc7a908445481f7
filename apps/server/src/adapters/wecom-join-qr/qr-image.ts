import type { Db } from '../../db/schema';

const MAX_IMAGE_BYTES = 1_000_000;
const FETCH_TIMEOUT_MS = 5_000;

export interface QrImage {
  bytes: Buffer;
  type: string;
}

/**
 * WeCom's QR picture for a join QR, as served at our unguessable URL: a copy kept in the database,
 * fetched once from `get_join_way`'s `qr_code` (an image on WeCom's CDN). Rendering a QR of that
 * link instead would give customers a code that opens a picture, not the group.
 */
export async function qrImageOf(db: Db, orderId: string, wecomQrUrl: string): Promise<QrImage | null> {
  const row = await db
    .selectFrom('join_qrs')
    .select(['qr_image', 'qr_image_type'])
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  if (row?.qr_image && row.qr_image_type) return { bytes: row.qr_image, type: row.qr_image_type };
  const fetched = await fetchImage(wecomQrUrl);
  if (!fetched) return null;
  await db
    .updateTable('join_qrs')
    .set({ qr_image: fetched.bytes, qr_image_type: fetched.type })
    .where('order_id', '=', orderId)
    .where('wecom_qr_url', '=', wecomQrUrl)
    .execute();
  return fetched;
}

async function fetchImage(url: string): Promise<QrImage | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
    const type = (res.headers.get('content-type') ?? '').split(';', 1)[0]?.trim() ?? '';
    if (!res.ok || !type.startsWith('image/')) return null;
    const bytes = Buffer.from(await res.arrayBuffer());
    return bytes.length > 0 && bytes.length <= MAX_IMAGE_BYTES ? { bytes, type } : null;
  } catch {
    return null;
  }
}
