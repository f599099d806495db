import { z } from 'zod';
import { cleanString } from '../text.ts';
import { method } from './define.ts';

export const InfoSchema = z.object({
  appName: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  dataDir: z.string(),
  dbPath: z.string(),
  /** Rows per domain table that exists in this schema version. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
});
export type Info = z.infer<typeof InfoSchema>;

export const SETTING_KEYS = ['advisorName', 'organization', 'dateStyle'] as const;
export const SettingKeySchema = z.enum(SETTING_KEYS);
export type SettingKey = z.infer<typeof SettingKeySchema>;

/** Settings, each with its own schema. */
export const SettingsSchema = z.object({
  advisorName: cleanString().max(100),
  organization: cleanString().max(200),
  dateStyle: z.enum(['wareki', 'seireki']),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { advisorName: '', organization: '', dateStyle: 'wareki' };

export const appMethods = {
  'app.info': method({
    summary: 'データの場所、スキーマのバージョン、件数を返す',
    mutates: false,
    input: z.object({}).strict(),
    output: InfoSchema,
  }),
  'app.ping': method({
    summary: '受け取った文字列をそのまま返す（接続確認）',
    mutates: false,
    input: z.object({ message: z.string().max(1000) }).strict(),
    output: z.object({ message: z.string(), receivedAt: z.string() }),
  }),
  'settings.get': method({
    summary: '設定をすべて返す',
    mutates: false,
    input: z.object({}).strict(),
    output: SettingsSchema,
  }),
  'settings.update': method({
    summary: '設定を更新する（指定した項目だけ）',
    mutates: true,
    input: SettingsSchema.partial().strict(),
    output: SettingsSchema,
  }),
};
