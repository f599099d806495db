// A browser-mode host for the benchmarks that serves a chosen build of the renderer, so two builds
// (this one and a baseline built from an earlier commit) are timed side by side in one run.
// Usage: node test/bench/web-host.ts --data-dir DIR --static DIR   → prints {"url","port"} on stdout.
import { parseArgs } from 'node:util';
import { createCore } from '../../electron/core/index.ts';
import { startWebHost } from '../../electron/web/server.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, static: { type: 'string' } }, strict: true });
if (!values['data-dir'] || !values.static) throw new Error('--data-dir と --static を指定してください。');
const core = await createCore({ dataDir: values['data-dir'] });
const host = await startWebHost({ invoke: core.invoke, staticDir: values.static, port: 0 });
process.stdout.write(JSON.stringify({ url: host.url, port: host.port }) + '\n');
const stop = async () => {
  await host.close();
  core.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
