/**
 * Screenshots of one state at the two phone sizes docs/screenshots shows: 375×812 (`<name>.png`,
 * the file the READMEs link) and 320×568, the smallest phone WeCom runs on (`<name>-320.png`).
 * The page's own viewport is put back afterwards.
 */
import type { Page } from 'playwright-core';
import { screenshot } from './h5-harness';

export const SCREEN_SIZES = [
  { width: 375, height: 812, suffix: '' },
  { width: 320, height: 568, suffix: '-320' },
] as const;

export async function screenshots(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  try {
    for (const { width, height, suffix } of SCREEN_SIZES) {
      await page.setViewportSize({ width, height });
      await screenshot(page, `${name}${suffix}`);
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/** Whether the element is wholly inside the viewport as it is scrolled now. */
export async function inViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  return box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
}
