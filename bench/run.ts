// `pnpm bench <name>`: runs one benchmark and prints its figures.
const benches: Record<string, () => Promise<unknown>> = {
  signer: () => import('./signer/bench'),
  h5: () => import('./h5/bench'),
  console: () => import('./console/bench'),
  callbacks: () => import('./callbacks/bench'),
  feishu: () => import('./feishu/bench'),
};

const benchName = process.argv[2] ?? '';
const run = benches[benchName];
if (!run) {
  process.stderr.write(`usage: pnpm bench <${Object.keys(benches).join('|')}>\n`);
  process.exit(2);
}
await run();

export {};
