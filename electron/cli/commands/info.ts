import type { Command } from '../registry.ts';

export const infoCommand: Command = {
  name: 'info',
  usage: 'info [--json]',
  summary: 'データの場所、スキーマのバージョン、件数を表示する',
  async run({ core }) {
    const info = await core.call('app.info', {});
    const value = { schemaVersion: info.schemaVersion, dataDir: info.dataDir, counts: info.counts };
    const lines = [
      `${info.appName} ${info.appVersion}`,
      `データの場所: ${info.dataDir}`,
      `データベース: ${info.dbPath}`,
      `スキーマ: v${info.schemaVersion}`,
      ...Object.entries(info.counts).map(([k, n]) => `  ${k}: ${n}`),
    ];
    return { value, text: lines.join('\n') };
  },
};
