/**
 * The core needs Node >= 22.12 (better-sqlite3 13 crashes on Node 20 instead of
 * failing cleanly) or Electron. Call before loading the native module.
 */
export const MIN_NODE_MAJOR = 22;

export function runtimeProblem(versions: NodeJS.ProcessVersions = process.versions): string | null {
  if (versions.electron) return null;
  const major = Number(versions.node.split('.')[0]);
  if (Number.isFinite(major) && major >= MIN_NODE_MAJOR) return null;
  return (
    `Bansō には Node.js ${MIN_NODE_MAJOR} 以上が必要です（この Node.js は v${versions.node}）。` +
    `npm スクリプト（npm start / npm test / npm run -s cli -- ...）から実行すると、プロジェクトに同梱の Node.js 24 が使われます。`
  );
}

export function assertSupportedRuntime(): void {
  const problem = runtimeProblem();
  if (problem) {
    process.stderr.write(problem + '\n');
    process.exit(1);
  }
}
