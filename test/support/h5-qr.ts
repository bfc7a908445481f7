import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './processes';

/** The `qrcode` package the H5 app depends on (not a root dependency), as far as we use it. */
interface QrCodeLib {
  create(text: string, options: { errorCorrectionLevel: string }): { modules: { size: number } };
  toString(text: string, options: { type: 'svg'; margin: number; errorCorrectionLevel: string }): Promise<string>;
}

const qrcode = createRequire(join(ROOT, 'apps/h5/package.json'))('qrcode') as QrCodeLib;

const darkPath = (svg: string) => /<path[^>]*\bstroke="[^"]*"[^>]*\bd="([^"]+)"/.exec(svg)?.[1] ?? null;
const viewBoxSize = (svg: string) => Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1] ?? NaN);

/**
 * Whether an SVG QR code (as qrcode renders it, whatever margin and error-correction level the
 * page chose) encodes exactly `text`: its modules are compared with a code made from `text`.
 */
export async function svgQrEncodes(svg: string, text: string): Promise<boolean> {
  const shown = darkPath(svg);
  if (!shown) return false;
  for (const level of ['L', 'M', 'Q', 'H']) {
    const margin = (viewBoxSize(svg) - qrcode.create(text, { errorCorrectionLevel: level }).modules.size) / 2;
    if (!Number.isInteger(margin) || margin < 0) continue;
    const expected = await qrcode.toString(text, { type: 'svg', margin, errorCorrectionLevel: level });
    if (darkPath(expected) === shown) return true;
  }
  return false;
}
