import { z } from 'zod';
import { cleanString } from '../text.ts';
import { boundedNumber } from './numbers.ts';
import { PREFECTURES } from './prefectures.ts';

/**
 * 支援先 (client): the body an advisor supports. Contacts are personal data: they stay in the
 * database and in exports the user asks for, and never reach log output.
 *
 * Three schemas per record, so that autosave can send one field at a time:
 * - ClientFieldsSchema: every content field, as stored (no defaults);
 * - ClientCreateSchema: what creating needs (optional fields take CLIENT_DEFAULTS);
 * - ClientPatchSchema: any subset of the fields (PATCH: only given fields change).
 */

export const CLIENT_KINDS = {
  prefecture: '都道府県',
  'designated-city': '指定都市',
  'core-city': '中核市',
  'special-ward': '特別区',
  municipality: 'その他の市町村',
  association: '一部事務組合・広域連合',
  'gov-funded-corp': '自治体出資法人',
  nonprofit: '非営利法人',
  company: '企業',
  other: 'その他',
} as const;
export type ClientKind = keyof typeof CLIENT_KINDS;
export const CLIENT_KIND_CODES = Object.keys(CLIENT_KINDS) as [ClientKind, ...ClientKind[]];
export const ClientKindSchema = z.enum(CLIENT_KIND_CODES);

/** Kinds that are local governments (地方公共団体). */
export const GOVERNMENT_KINDS: readonly ClientKind[] = ['prefecture', 'designated-city', 'core-city', 'special-ward', 'municipality', 'association'];

export function isGovernmentKind(kind: ClientKind): boolean {
  return GOVERNMENT_KINDS.includes(kind);
}

export const ClientPrefectureSchema = z.enum(PREFECTURES);

export const ContactSchema = z
  .object({
    name: cleanString().trim().min(1, '担当者の氏名は必須です。').max(100, '氏名は100文字以内にしてください。'),
    role: cleanString().trim().max(100, '役職は100文字以内にしてください。').default(''),
    email: z
      .string()
      .trim()
      .max(254)
      .refine((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), 'メールアドレスの形式が正しくありません。')
      .default(''),
    phone: z
      .string()
      .trim()
      .max(40)
      .refine((s) => s === '' || /^[0-9０-９+()（）\-－‐ 　]+$/.test(s), '電話番号には数字と + - ( ) だけを使ってください。')
      .default(''),
  })
  .strict();
export type Contact = z.infer<typeof ContactSchema>;

const nonNegativeInt = (label: string, max: number, unit = '') => boundedNumber({ label, min: 0, max, integer: true, unit }).nullable();

export const ClientFieldsSchema = z.object({
  name: cleanString().trim().min(1, '名称は必須です。').max(200, '名称は200文字以内にしてください。'),
  kind: ClientKindSchema,
  prefecture: ClientPrefectureSchema,
  /** 人口 (people); null = unknown. */
  population: nonNegativeInt('人口', 50_000_000, '人'),
  /**
   * 財政力指数 (0–3, e.g. 0.45); null = unknown. For a non-government client (自治体出資法人,
   * 非営利法人) it is the index of the local government of the area it works in, which is what
   * the plan-support rule looks at.
   */
  fiscalStrength: boundedNumber({ label: '財政力指数', min: 0, max: 3, example: '0.45' }).nullable(),
  /** 職員数・従業員数; null = unknown. */
  employees: nonNegativeInt('職員数・従業員数', 10_000_000, '人'),
  /** 資本金 (円), for companies; null = unknown. */
  capitalYen: nonNegativeInt('資本金', 1e15, '円'),
  industry: cleanString().trim().max(100, '業種は100文字以内にしてください。'),
  /** Markdown. */
  notes: cleanString().max(100_000, 'メモは100,000文字以内にしてください。'),
  contacts: z.array(ContactSchema).max(50, '担当者は50人までです。'),
  /**
   * For 推進体制構築支援: the municipalities that apply together with this prefecture.
   * null = not known yet (eligibility: review); [] = none.
   */
  partnerMunicipalities: z
    .array(cleanString().trim().min(1, '空の市町村名があります。').max(60))
    .max(200)
    .nullable(),
  /**
   * For 推進体制構築支援: how many municipalities applied with this prefecture when it was selected
   * before; null = never selected before. A prefecture selected before needs one more this time.
   */
  previousPartnerMunicipalities: nonNegativeInt('前回の共同申請市町村数', 1000),
});
export type ClientFields = z.infer<typeof ClientFieldsSchema>;

export const CLIENT_DEFAULTS = {
  population: null,
  fiscalStrength: null,
  employees: null,
  capitalYen: null,
  industry: '',
  notes: '',
  contacts: [],
  partnerMunicipalities: null,
  previousPartnerMunicipalities: null,
} satisfies Omit<ClientFields, 'name' | 'kind' | 'prefecture'>;

export const ClientCreateSchema = ClientFieldsSchema.partial({
  population: true,
  fiscalStrength: true,
  employees: true,
  capitalYen: true,
  industry: true,
  notes: true,
  contacts: true,
  partnerMunicipalities: true,
  previousPartnerMunicipalities: true,
}).strict();
export type ClientCreate = z.input<typeof ClientCreateSchema>;

export const ClientPatchSchema = ClientFieldsSchema.partial().strict();
export type ClientPatch = z.infer<typeof ClientPatchSchema>;

export const ClientSchema = ClientFieldsSchema.extend({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Client = z.infer<typeof ClientSchema>;

/** Field labels for forms, messages and the history view. */
export const CLIENT_FIELD_LABELS: Record<keyof ClientFields, string> = {
  name: '名称',
  kind: '種別',
  prefecture: '都道府県',
  population: '人口',
  fiscalStrength: '財政力指数',
  employees: '職員数・従業員数',
  capitalYen: '資本金（円）',
  industry: '業種',
  notes: 'メモ',
  contacts: '担当者',
  partnerMunicipalities: '共同申請する市町村',
  previousPartnerMunicipalities: '前回の共同申請市町村数',
};
