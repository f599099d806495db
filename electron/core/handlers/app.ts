import type { Settings } from '../../../shared/contract/index.ts';
import { APP_NAME, APP_VERSION } from '../../../shared/version.ts';
import { DEFAULT_SETTINGS, SettingsSchema } from '../../../shared/contract/index.ts';
import type { Handlers } from '../dispatch.ts';
import type { CoreContext } from '../context.ts';

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
  const rows = ctx.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const raw: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) {
    try {
      raw[r.key] = JSON.parse(r.value);
    } catch {
      /* a damaged value falls back to the default */
    }
  }
  const parsed = SettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
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
  'settings.update': (input, ctx) => {
    const before = readSettings(ctx);
    const put = ctx.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    const hist = ctx.db.prepare('INSERT INTO history (at, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)');
    const at = new Date().toISOString();
    ctx.db.transaction(() => {
      for (const [key, value] of Object.entries(input)) {
        if (value === undefined) continue;
        const old = before[key as keyof Settings];
        if (old === value) continue;
        put.run(key, JSON.stringify(value));
        hist.run(at, 'settings', key, key, JSON.stringify(old), JSON.stringify(value));
      }
    })();
    return readSettings(ctx);
  },
} satisfies Pick<Handlers<CoreContext>, 'app.info' | 'app.ping' | 'settings.get' | 'settings.update'>;
