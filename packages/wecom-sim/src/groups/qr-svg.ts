import { createHash } from 'node:crypto';

const SIZE = 29;
const MODULE = 8;
const QUIET = 4;

/**
 * A QR-looking SVG for a join way. It is not a scannable QR code (that would need an encoder
 * dependency, and nothing outside the simulator could follow it anyway); it is stable per
 * config_id so screenshots and UI tests do not flicker. Joining by "scanning" goes through
 * `POST /__sim/join-ways/:configId/scan`.
 */
export function qrSvg(configId: string, caption: string): string {
  const cells = modules(configId);
  const side = (SIZE + QUIET * 2) * MODULE;
  const rects = cells.map(
    ([x, y]) => `<rect x="${(x + QUIET) * MODULE}" y="${(y + QUIET) * MODULE}" width="${MODULE}" height="${MODULE}"/>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side + 28}" viewBox="0 0 ${side} ${side + 28}">` +
    `<rect width="100%" height="100%" fill="#fff"/><g fill="#111">${rects.join('')}</g>` +
    `<text x="${side / 2}" y="${side + 16}" font-size="13" text-anchor="middle" font-family="sans-serif" fill="#555">${escapeXml(caption)}</text></svg>`
  );
}

function modules(seed: string): Array<[number, number]> {
  const bits = bitStream(seed, SIZE * SIZE);
  const cells: Array<[number, number]> = [];
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const finder = finderValue(x, y);
      const on = finder ?? bits[y * SIZE + x] === 1;
      if (on) cells.push([x, y]);
    }
  }
  return cells;
}

/** The three corner squares that make it read as a QR code; undefined outside them. */
function finderValue(x: number, y: number): boolean | undefined {
  const corners: Array<[number, number]> = [
    [0, 0],
    [SIZE - 7, 0],
    [0, SIZE - 7],
  ];
  for (const [cx, cy] of corners) {
    const dx = x - cx;
    const dy = y - cy;
    if (dx >= -1 && dx <= 7 && dy >= -1 && dy <= 7) {
      if (dx < 0 || dy < 0 || dx > 6 || dy > 6) return false;
      const ring = Math.min(dx, dy, 6 - dx, 6 - dy);
      return ring !== 1;
    }
  }
  return undefined;
}

function bitStream(seed: string, count: number): number[] {
  const bits: number[] = [];
  for (let round = 0; bits.length < count; round += 1) {
    for (const byte of createHash('sha256').update(`${seed}:${round}`).digest()) {
      for (let i = 0; i < 8; i += 1) bits.push((byte >> i) & 1);
    }
  }
  return bits;
}

/** A round avatar with the person's first character, for pickers without outside images. */
export function avatarSvg(id: string, name: string): string {
  const hue = createHash('md5').update(id).digest()[0] ?? 0;
  const letter = escapeXml([...name][0] ?? '?');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">` +
    `<circle cx="48" cy="48" r="48" fill="hsl(${Math.round((hue / 255) * 360)},55%,55%)"/>` +
    `<text x="48" y="60" font-size="40" text-anchor="middle" font-family="sans-serif" fill="#fff">${letter}</text></svg>`
  );
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
