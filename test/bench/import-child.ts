// The CLI's `cases import FILE` in a fresh process (test/bench/suites/cases.ts spawns it):
// node test/bench/import-child.ts FILE DATA_DIR → {"seconds","cpuSeconds","maxRssBytes","imported"} on stdout.
// The CLI's own code path (main), so the peak RSS is what a user's import costs, with nothing else in the process.
export {};
const [file, dataDir] = process.argv.slice(2) as [string, string];
const { main } = await import('../../electron/cli/main.ts');
let out = '';
const t = performance.now();
const code = await main(['cases', 'import', file, '--data-dir', dataDir, '--json'], { out: (s) => (out += s), err: (s) => process.stderr.write(s), env: process.env });
const seconds = (performance.now() - t) / 1000;
if (code !== 0) {
  process.stderr.write(`cases import exited ${code}: ${out.slice(0, 500)}\n`);
  process.exit(1);
}
const imported = (JSON.parse(out) as { imported: number }).imported;
const usage = process.resourceUsage();
process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, maxRssBytes: usage.maxRSS * 1024, imported }) + '\n');
