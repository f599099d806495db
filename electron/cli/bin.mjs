#!/usr/bin/env node
// Entry for `banso` and `npm run -s cli`. Plain JavaScript on purpose: it must
// run on any Node to say clearly that Bansō needs Node >= 22 (better-sqlite3 13
// would crash on Node 20, and older Node cannot run the TypeScript sources).
const major = Number(process.versions.node.split('.')[0]);
if (!process.versions.electron && major < 22) {
  process.stderr.write(
    `Bansō には Node.js 22 以上が必要です（この Node.js は v${process.versions.node}）。` +
      'npm スクリプト（npm run -s cli -- ...）から実行すると、プロジェクトに同梱の Node.js 24 が使われます。\n',
  );
  process.exit(1);
}
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
