// Prints the phone-network run: the time to an enabled create-group button, the round trips
// (sequential depth) and requests before it, and the chain of the median load.
import { median } from './page-load';
import { PHONE, shortUrl, type PhoneLoad } from './phone-network';

export const TARGET_PHONE_READY_MS = 1_500;

export function printPhone(loads: PhoneLoad[], load: string): void {
  const times = loads.map((l) => l.readyMs);
  const m = median(times);
  const typical = [...loads].sort((a, b) => Math.abs(a.readyMs - m) - Math.abs(b.readyMs - m))[0];
  console.log(
    `\nphone network: ${PHONE.latencyMs} ms round trip, ${PHONE.downKbit / 1000} Mbit/s down, ` +
      `${PHONE.upKbit} kbit/s up, 4× CPU, cold cache, ${loads.length} loads (${load})`,
  );
  console.log(`  ready: median ${m.toFixed(0)} ms  [${times.map((t) => t.toFixed(0)).join(', ')}]`);
  const depths = loads.map((l) => l.depth);
  const counts = loads.map((l) => l.hops.length);
  console.log(
    `  round trips before ready (sequential depth): median ${median(depths)}  [${depths.join(', ')}]; ` +
      `requests: median ${median(counts)}  [${counts.join(', ')}]`,
  );
  if (!typical) return;
  console.log(`  the load closest to the median (${typical.readyMs.toFixed(0)} ms), request by request:`);
  for (const hop of typical.hops) {
    const answered = Number.isFinite(hop.answeredMs) ? hop.answeredMs.toFixed(0).padStart(5) : '    —';
    console.log(
      `    ${String(hop.depth).padStart(2)}  sent ${hop.sentMs.toFixed(0).padStart(5)}  answered ${answered}  ${shortUrl(hop.url)}`,
    );
  }
}

export function phoneVerdict(loads: PhoneLoad[]): { median: number; ok: boolean } {
  const m = median(loads.map((l) => l.readyMs));
  return { median: m, ok: m <= TARGET_PHONE_READY_MS };
}
