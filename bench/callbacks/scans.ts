import { performance } from 'node:perf_hooks';
import type { SimControl } from '@kequn/wecom-sim';
import type { OrderQr } from './setup';
import { customerId } from './customers';

export interface Scan {
  order: OrderQr;
  customer: string;
}

/** `perGroup` customers for each order, round-robin, so every group keeps getting joins throughout. */
export function scanPlan(orders: OrderQr[], perGroup: number): Scan[] {
  const plan: Scan[] = [];
  for (let round = 0; round < perGroup; round += 1) {
    orders.forEach((order, g) => plan.push({ order, customer: customerId(g * perGroup + round + 1) }));
  }
  return plan;
}

export interface ScanRun {
  ms: number;
  refused: string[];
}

/**
 * Customers scan as fast as the simulator takes them (`concurrency` scans in flight); each scan
 * joins the group and the simulator pushes its callback at once, without waiting for our answer.
 * `at` runs a step (the kill) once that many scans are in, without pausing the others.
 */
export async function runScans(
  control: SimControl,
  plan: Scan[],
  concurrency: number,
  at?: { scans: number; run(): Promise<unknown> },
): Promise<ScanRun & { step?: Promise<unknown> }> {
  const started = performance.now();
  const refused: string[] = [];
  let next = 0;
  let done = 0;
  let step: Promise<unknown> | undefined;
  const lane = async () => {
    while (next < plan.length) {
      const scan = plan[next++] as Scan;
      await control.scanJoinWay(scan.order.configId, scan.customer).catch((err: unknown) => {
        refused.push(`${scan.customer}: ${(err as Error).message}`);
      });
      done += 1;
      if (at && done === at.scans) step = at.run();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { ms: performance.now() - started, refused, step };
}
