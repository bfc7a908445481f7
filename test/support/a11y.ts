/**
 * Accessibility check of the page as it is now, for the browser tests: axe-core's WCAG 2 A/AA
 * rules plus `target-size`, and every tap target at least 44×44 CSS px (WCAG 2.5.5, what the
 * issue asks for; axe's own target-size only asks 24). The simulator's stand-ins for WeCom's own
 * UI (toast, pickers: `[data-sim]`) are not our page and are left out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { ROOT } from './processes';

export const AXE_SCRIPT = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
export const MIN_TARGET_PX = 44;
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** What the check counts as something to tap. */
const TARGETS = 'button, a[href], summary, input, select, textarea, [role="button"], [tabindex]:not([tabindex="-1"])';

export interface A11yProblem {
  rule: string;
  target: string;
  summary: string;
}

interface AxeLike {
  configure(spec: unknown): void;
  run(
    context: unknown,
    options: unknown,
  ): Promise<{
    violations: Array<{
      id: string;
      help: string;
      nodes: Array<{ target: unknown[]; failureSummary?: string }>;
    }>;
  }>;
}

/**
 * Loads axe-core into the page. The server's CSP (`script-src 'self'`) refuses the inline script
 * `addScriptTag({path})` would add, so the file is offered at a same-origin URL of this page only
 * (a Playwright route: the server never serves it) and added as a script from there.
 */
async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => 'axe' in window)) return;
  const url = new URL('/__e2e/axe.min.js', page.url()).href;
  const source = readFileSync(AXE_SCRIPT, 'utf8');
  const serve = (route: Route) => route.fulfill({ contentType: 'text/javascript', body: source });
  await page.route(url, serve);
  try {
    await page.addScriptTag({ url });
  } finally {
    await page.unroute(url, serve);
  }
}

/** Every violation on the page now (empty when it passes). */
export async function findA11yProblems(page: Page): Promise<A11yProblem[]> {
  await injectAxe(page);
  const found = await page.evaluate(
    async ({ tags, min, targets }) => {
      const axe = (window as unknown as { axe: AxeLike }).axe;
      axe.configure({
        checks: [
          { id: 'target-size', options: { minSize: min } },
          { id: 'target-offset', options: { minOffset: min } },
        ],
      });
      const result = await axe.run(
        { exclude: [['[data-sim]']] },
        {
          runOnly: { type: 'tag', values: tags },
          rules: { 'target-size': { enabled: true } },
          resultTypes: ['violations'],
        },
      );
      const problems = result.violations.flatMap((v) =>
        v.nodes.map((n) => ({
          rule: v.id,
          target: n.target.map(String).join(' '),
          summary: `${v.help}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`,
        })),
      );
      // The 44 px floor on every visible tap target of ours, measured as laid out.
      for (const el of Array.from(document.querySelectorAll<HTMLElement>(targets))) {
        if (el.closest('[data-sim]') || el.closest('details:not([open]) > :not(summary)')) continue;
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
        if (box.width >= min && box.height >= min) continue;
        const name = el.dataset.testid ?? (el.textContent ?? '').trim().slice(0, 20);
        problems.push({
          rule: 'tap-target-44',
          target: `${el.tagName.toLowerCase()} ${name}`,
          summary: `${Math.round(box.width)}×${Math.round(box.height)} px, needs ${min}×${min}`,
        });
      }
      return problems;
    },
    { tags: WCAG_AA, min: MIN_TARGET_PX, targets: TARGETS },
  );
  return found;
}

/** Throws with every problem listed when the page has any (named `state` in the message). */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const problems = await findA11yProblems(page);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  [${p.rule}] ${p.target}: ${p.summary}`);
  throw new Error(`${state}: ${problems.length} accessibility problem(s)\n${lines.join('\n')}`);
}
