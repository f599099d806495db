import { z } from 'zod';
import { cleanString } from '../text.ts';
import { IsoDateSchema } from './dates.ts';
import { fiscalYearOf, formatFiscalYear, formatFiscalYearWareki, type DateStyle } from './wareki.ts';

/**
 * The plan document's own settings, per plan (plan_documents, migration 0010): the plan is the
 * municipality's 素案, so its cover carries the body's name, the plan's title, its period and its
 * stage (素案 / 案 / 確定版) — never the advisor as its author.
 */

export const PLAN_DOC_STATUSES = { draft: '素案', proposal: '案', final: '確定版' } as const;
export type PlanDocStatus = keyof typeof PLAN_DOC_STATUSES;
export const PLAN_DOC_STATUS_CODES = Object.keys(PLAN_DOC_STATUSES) as [PlanDocStatus, ...PlanDocStatus[]];

const Fy = z
  .number({ error: () => '年度は西暦の数字で指定してください（例: 2026）。' })
  .int('年度は整数で指定してください。')
  .min(2000, '年度は2000以降にしてください。')
  .max(2100, '年度は2100以前にしてください。');

export const PlanDocSettingsSchema = z
  .object({
    /** The plan's name without the body's name; '' = the template's (地域DX推進計画). */
    title: cleanString().trim().max(100, '計画の名前は100文字以内にしてください。').default(''),
    status: z.enum(PLAN_DOC_STATUS_CODES, { error: () => '段階は draft（素案）・proposal（案）・final（確定版）のいずれかです。' }).default('draft'),
    /** First and last fiscal year of the plan period; null = the three years after the plan starts. */
    startFy: Fy.nullable().default(null),
    endFy: Fy.nullable().default(null),
    /** The department that writes the plan (総務課 企画係), shown under the body's name. */
    department: cleanString().trim().max(100, '担当部署は100文字以内にしてください。').default(''),
    /** The date on the cover (shown as 令和8年（2026年）3月); null = the date of the export. */
    date: IsoDateSchema.nullable().default(null),
  })
  .strict()
  .refine((s) => s.startFy === null || s.endFy === null || s.startFy <= s.endFy, { message: '計画期間の終わりは始まり以降の年度にしてください。', path: ['endFy'] });
export type PlanDocSettings = z.output<typeof PlanDocSettingsSchema>;
export type PlanDocSettingsInput = z.input<typeof PlanDocSettingsSchema>;
export const DEFAULT_PLAN_DOC_SETTINGS: PlanDocSettings = PlanDocSettingsSchema.parse({});

/** The plan period: from the settings, else the three fiscal years after the one the plan starts in. */
export function planPeriod(s: Pick<PlanDocSettings, 'startFy' | 'endFy'>, planStart: string): { startFy: number; endFy: number } {
  const startFy = s.startFy ?? (s.endFy !== null ? s.endFy - 2 : fiscalYearOf(planStart) + 1);
  const endFy = s.endFy ?? startFy + 2;
  return { startFy, endFy: Math.max(startFy, endFy) };
}

/** 令和8年度〜令和10年度（2026年度〜2028年度）; 2026年度〜2028年度 when dates are shown in 西暦. */
export function periodText(p: { startFy: number; endFy: number }, style: DateStyle): string {
  if (style === 'seireki') return `${formatFiscalYear(p.startFy, style)}〜${formatFiscalYear(p.endFy, style)}`;
  return `${formatFiscalYearWareki(p.startFy)}〜${formatFiscalYearWareki(p.endFy)}（${p.startFy}年度〜${p.endFy}年度）`;
}

/** 令和8年度（2026年度）, or 2026年度. */
export function fiscalYearText(fy: number, style: DateStyle): string {
  return style === 'seireki' ? `${fy}年度` : `${formatFiscalYearWareki(fy)}（${fy}年度）`;
}

/** The cover's date: 令和8年（2026年）3月 / 2026年3月. */
export function coverDate(iso: string, style: DateStyle): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  if (style === 'seireki' || !Number.isFinite(y) || !Number.isFinite(m)) return `${y}年${m}月`;
  const era = iso.slice(0, 10) >= '2019-05-01' ? { name: '令和', start: 2019 } : iso.slice(0, 10) >= '1989-01-08' ? { name: '平成', start: 1989 } : null;
  if (!era) return `${y}年${m}月`;
  const n = y - era.start + 1;
  return `${era.name}${n === 1 ? '元' : n}年（${y}年）${m}月`;
}

// ------------------------------------------------------------------------------------------------
// 用語集 (seeds/glossary/glossary.json): the terms a plan may use, with plain definitions. The
// document lists those its text actually contains.

export const GlossaryEntrySchema = z
  .object({
    term: cleanString().trim().min(1, '用語を入力してください。').max(60, '用語は60文字以内にしてください。'),
    /** Other spellings found in text (ＤＸ, デジタルトランスフォーメーション). */
    aliases: z.array(cleanString().trim().min(1).max(60)).max(10).default([]),
    definition: cleanString().trim().min(1, '説明を入力してください。').max(600, '説明は600文字以内にしてください。'),
  })
  .strict();
export type GlossaryEntry = z.output<typeof GlossaryEntrySchema>;

export const GlossarySchema = z
  .object({ $schema: z.string().optional(), terms: z.array(GlossaryEntrySchema).max(2000) })
  .strict()
  .superRefine((g, ctx) => {
    const seen = new Set<string>();
    g.terms.forEach((t, i) => {
      const k = t.term.normalize('NFKC').toLowerCase();
      if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `用語が重複しています: ${t.term}`, path: ['terms', i, 'term'] });
      seen.add(k);
    });
  });
export type Glossary = z.output<typeof GlossarySchema>;

/**
 * The entries whose term (or an alias) occurs in the text, in the glossary's order. Matching is
 * NFKC and case-insensitive for Latin letters (ＤＸ = DX = dx); a Latin term must not be part of a
 * longer Latin word (RPA is not found in "RPAX").
 */
export function glossaryFor(text: string, entries: readonly GlossaryEntry[]): GlossaryEntry[] {
  const hay = text.normalize('NFKC').toLowerCase();
  const found = (needle: string) => {
    const n = needle.normalize('NFKC').toLowerCase();
    if (!/^[a-z0-9]/.test(n)) return hay.includes(n);
    let i = hay.indexOf(n);
    while (i >= 0) {
      const before = hay[i - 1] ?? '';
      const after = hay[i + n.length] ?? '';
      if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
      i = hay.indexOf(n, i + 1);
    }
    return false;
  };
  return entries.filter((e) => found(e.term) || e.aliases.some(found));
}
