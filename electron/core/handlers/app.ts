import type { Settings } from '../../../shared/contract/index.ts';
import { APP_NAME, APP_VERSION } from '../../../shared/version.ts';
import type { Handlers } from '../dispatch.ts';
import type { CoreContext } from '../context.ts';
import { SettingsRepo } from '../settings/repo.ts';

/** Domain tables reported by app.info, when the schema has them. */
const COUNTED: readonly { key: string; table: string }[] = [
  { key: 'cases', table: 'cases' },
  { key: 'clients', table: 'clients' },
  { key: 'engagements', table: 'engagements' },
  { key: 'logEntries', table: 'log_entries' },
  { key: 'plans', table: 'plans' },
  { key: 'historyEntries', table: 'history' },
];

export function readSettings(ctx: CoreContext): Settings {
  return new SettingsRepo(ctx.db).read();
}

export const appHandlers = {
  'app.info': (_input, ctx) => {
    const existing = new Set(
      (ctx.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name),
    );
    const counts: Record<string, number> = {};
    for (const { key, table } of COUNTED) {
      if (existing.has(table)) counts[key] = (ctx.db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    }
    return {
      appName: APP_NAME,
      appVersion: APP_VERSION,
      schemaVersion: ctx.schemaVersion,
      dataDir: ctx.dataDir,
      dbPath: ctx.dbPath,
      counts,
    };
  },
  'app.ping': (input) => ({ message: input.message, receivedAt: new Date().toISOString() }),
  'settings.get': (_input, ctx) => readSettings(ctx),
  'settings.update': (input, ctx) => new SettingsRepo(ctx.db).update(input).settings,
} satisfies Pick<Handlers<CoreContext>, 'app.info' | 'app.ping' | 'settings.get' | 'settings.update'>;
