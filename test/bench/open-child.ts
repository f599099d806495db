// One open as the CLI does it, in a fresh process (test/bench/suites/cases.ts spawns it):
// node test/bench/open-child.ts DATA_DIR → {"loadMs","openMs","infoMs","fullCheck"} on stdout.
// openMs: createCore as the CLI calls it (the start-up checks, migrations, seeds); infoMs: app.info through the dispatcher.
export {};
const t0 = performance.now();
const { createCore } = await import('../../electron/core/index.ts');
const t1 = performance.now();
let fullCheck = null as string | null;
const log = { info: (m: string) => (m.startsWith('integrity check (quick_check) at open') ? (fullCheck = m) : undefined), warn: () => {}, error: () => {} };
const core = await createCore({ dataDir: process.argv[2]!, log, startBackup: 'first-write', backgroundCheck: false });
const t2 = performance.now();
await core.call('app.info', {});
const t3 = performance.now();
core.close();
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, openMs: t2 - t1, infoMs: t3 - t2, fullCheck }) + '\n');
