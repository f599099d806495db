import { CLIENT_KINDS, type ClientKind } from '../../../shared/domain/client.ts';
import {
  ENGAGEMENT_PROGRAM_SHORT,
  ENGAGEMENT_PROGRAMS,
  ENGAGEMENT_STATUSES,
  type EngagementProgram,
  type EngagementStatus,
} from '../../../shared/domain/engagement.ts';
import { LOG_MODES, type LogMode } from '../../../shared/domain/log.ts';
import { PREFECTURES, type Prefecture } from '../../../shared/domain/prefectures.ts';
import { eraOfDate, formatDate, formatFiscalYearShort, formatFiscalYearWareki, localizeIsoDates, weekdayOf, type DateStyle } from '../../../shared/domain/wareki.ts';

/** Options for Mantine selects, built once from the domain's code → label maps. */
export const CLIENT_KIND_OPTIONS = Object.entries(CLIENT_KINDS).map(([value, label]) => ({ value, label }));
export const PREFECTURE_OPTIONS: string[] = [...PREFECTURES];
export const PROGRAM_OPTIONS = Object.entries(ENGAGEMENT_PROGRAMS).map(([value, label]) => ({ value, label }));
export const STATUS_OPTIONS = Object.entries(ENGAGEMENT_STATUSES).map(([value, label]) => ({ value, label }));
export const MODE_OPTIONS = Object.entries(LOG_MODES).map(([value, label]) => ({ value, label }));

export function isClientKind(v: string | null): v is ClientKind {
  return v !== null && Object.prototype.hasOwnProperty.call(CLIENT_KINDS, v);
}
export function isPrefecture(v: string | null): v is Prefecture {
  return v !== null && (PREFECTURES as readonly string[]).includes(v);
}
export function isProgram(v: string | null): v is EngagementProgram {
  return v !== null && Object.prototype.hasOwnProperty.call(ENGAGEMENT_PROGRAMS, v);
}
export function isStatus(v: string | null): v is EngagementStatus {
  return v !== null && Object.prototype.hasOwnProperty.call(ENGAGEMENT_STATUSES, v);
}
export function isMode(v: string | null): v is LogMode {
  return v !== null && Object.prototype.hasOwnProperty.call(LOG_MODES, v);
}

export const kindLabel = (k: ClientKind): string => CLIENT_KINDS[k];
export const programLabel = (p: EngagementProgram): string => ENGAGEMENT_PROGRAMS[p];
export const programShort = (p: EngagementProgram): string => ENGAGEMENT_PROGRAM_SHORT[p];
export const statusLabel = (s: EngagementStatus): string => ENGAGEMENT_STATUSES[s];
export const modeLabel = (m: LogMode): string => LOG_MODES[m];

/** Calm colours per engagement status. */
export const STATUS_COLORS: Record<EngagementStatus, string> = {
  preparing: 'gray',
  active: 'teal',
  done: 'blue',
  cancelled: 'red',
};

export const MODE_COLORS: Record<LogMode, string> = {
  visit: 'teal',
  online: 'blue',
  phone: 'grape',
  email: 'gray',
};

const NUMBER = new Intl.NumberFormat('ja-JP');
/** 1234 → 1,234 */
export function formatNumber(n: number): string {
  return NUMBER.format(n);
}
/** A count of things: the same as formatNumber. */
export const formatCount = formatNumber;

/**
 * The date style chosen in 設定 (和暦 / 西暦), for every date the app shows. The frame sets it from the
 * settings before a page renders and renders the page again when it changes (layout/Frame.tsx), so
 * the formatters below need no hook.
 */
let dateStyle: DateStyle = 'wareki';
export function setDateStyle(style: DateStyle): void {
  dateStyle = style;
}
export function currentDateStyle(): DateStyle {
  return dateStyle;
}

/** 2021 → 令和3年度 (西暦: 2021年度); null → '' */
export function fiscalYearShort(year: number | null): string {
  return year === null ? '' : dateStyle === 'wareki' ? formatFiscalYearWareki(year) : `${year}年度`;
}

/** 2021 → R3 (西暦: 2021) — for narrow places such as the facet list. */
export function fiscalYearTiny(year: number): string {
  return dateStyle === 'wareki' ? formatFiscalYearShort(year) : String(year);
}

/** 2021 → 令和3年度（2021年度） (西暦: 2021年度); null → '' */
export function fiscalYearLong(year: number | null): string {
  return year === null ? '' : fiscalYearLabel(year);
}

/** 徳島県 神山町 (either may be empty). */
export function place(prefecture: string, municipality: string): string {
  return [prefecture, municipality].filter(Boolean).join(' ');
}

/** 2025-11-22 → 令和7年11月22日 (西暦: 2025年11月22日): the shared formatter in the style chosen in 設定. */
export function wareki(iso: string | null | undefined): string {
  return iso ? formatDate(iso, dateStyle) : '';
}

/** 2025-11-22 → R7.11.22 (西暦: 2025/11/22): dense lists. */
export function slashDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = iso.slice(0, 10);
  const era = dateStyle === 'wareki' ? eraOfDate(d) : null;
  if (!era || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return d.replace(/-/g, '/');
  return `${era.letter}${Number(d.slice(0, 4)) - era.start + 1}.${Number(d.slice(5, 7))}.${Number(d.slice(8, 10))}`;
}

/** The western date beside a 和暦 one (2025/11/22), '' when 西暦 is chosen (the date is then already western). */
export function westernBeside(iso: string | null | undefined): string {
  return iso && dateStyle === 'wareki' ? iso.slice(0, 10).replace(/-/g, '/') : '';
}

/** ISO dates inside a message of the core (終了予定 2026-07-01) in the style chosen. */
export function datesIn(text: string): string {
  return localizeIsoDates(text, dateStyle);
}

/** 2025-11-22 → 土 */
export const weekday = weekdayOf;

/** 2025 → 令和7年度（2025年度） (西暦: 2025年度) */
export function fiscalYearLabel(year: number): string {
  return dateStyle === 'wareki' ? `${formatFiscalYearWareki(year)}（${year}年度）` : `${year}年度`;
}

/** An ISO timestamp in local time: 2025/11/22 14:03 (和暦: R7.11.22 14:03) */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return `${slashDate(day)} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** 90 → 1時間30分; 45 → 45分 */
export function minutesText(m: number): string {
  if (m < 60) return `${m}分`;
  const h = Math.floor(m / 60);
  const r = m % 60;
  return r === 0 ? `${h}時間` : `${h}時間${r}分`;
}

/**
 * A number typed by a person: full-width digits, commas and spaces are accepted.
 * '' → null; not a number → undefined.
 */
export function parseNumberText(s: string): number | null | undefined {
  const t = s.normalize('NFKC').replace(/[,，\s]/g, '');
  if (t === '') return null;
  if (!/^-?\d*\.?\d+$/.test(t)) return undefined;
  return Number(t);
}

const GROUPED = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 20, useGrouping: true });
/** A number for a text field, with separators (9800 → 9,800; parseNumberText reads it back): null → '' */
export function numberText(n: number | null): string {
  return n === null ? '' : GROUPED.format(n);
}

/** A local unique key for rows being edited (React keys, never stored). */
let rowSeq = 0;
export function rowKey(): string {
  rowSeq += 1;
  return `r${rowSeq}`;
}
