import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../../shared/contract/app.ts';
import { DataStore } from '../data/store.ts';
import type { DB } from '../db/types.ts';

/** The settings record in history and the change log (one record: the app's settings). */
export const SETTINGS_ENTITY = 'settings';
export const SETTINGS_ID = 'app';

/** The `settings` table (key → JSON value): the only place that prepares SQL on it. */
export class SettingsRepo {
  private readonly db: DB;
  private readonly store: DataStore;

  constructor(db: DB) {
    this.db = db;
    this.store = DataStore.of(db);
  }

  read(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
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

  /**
   * Change some settings as one operation: one history row per changed key (old → new), one
   * change-log entry with the changed keys; nothing at all when nothing changed.
   */
  update(patch: Partial<Settings>, opts: { opId?: string } = {}): { settings: Settings; changed: string[] } {
    return this.store.operation(
      () => {
        const before = this.read();
        const put = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
        const changed: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined) continue;
          const old = before[key as keyof Settings];
          if (old === value) continue;
          put.run(key, JSON.stringify(value));
          this.store.note(SETTINGS_ENTITY, SETTINGS_ID, key, old, value);
          changed[key] = value;
        }
        if (Object.keys(changed).length > 0) this.store.logRecord(SETTINGS_ENTITY, SETTINGS_ID, changed);
        return { settings: this.read(), changed: Object.keys(changed) };
      },
      opts,
    );
  }

  /** Undo the last change of the settings (itself an operation). */
  undo(): { fields: string[]; settings: Settings } {
    const { patch, fields } = this.store.undoPatch(SETTINGS_ENTITY, SETTINGS_ID);
    const parsed = SettingsSchema.partial().safeParse(patch);
    return { fields, settings: this.update(parsed.success ? parsed.data : {}).settings };
  }
}
