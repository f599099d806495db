/**
 * 和暦 (Japanese era years) and fiscal years (年度: April to March): the one date formatter of the
 * app and the documents (the renderer, the DOCX, the CSV reports and the CLI all call these), so a
 * date reads the same everywhere. Pure functions on ISO dates (no time zones, no Intl data):
 *
 * - an era starts on its first day (令和: 2019-05-01, so 2019-04-30 is 平成31年4月30日);
 * - its first year is 元年 (令和元年5月1日, 令和元年度);
 * - a fiscal year (April–March) takes the era in force on its 1 April (2019 → 平成31年度).
 */

/** How dates are shown: 和暦 (令和8年4月1日) or 西暦 (2026年4月1日); 設定 → 日付の表示. */
export type DateStyle = 'wareki' | 'seireki';

export interface Era {
  name: string;
  letter: string;
  /** Western year of the era's first (元) year. */
  start: number;
  /** First day of the era, ISO date. */
  startDate: string;
}

export const ERAS: readonly Era[] = [
  { name: '令和', letter: 'R', start: 2019, startDate: '2019-05-01' },
  { name: '平成', letter: 'H', start: 1989, startDate: '1989-01-08' },
  { name: '昭和', letter: 'S', start: 1926, startDate: '1926-12-25' },
];

export const MIN_YEAR = 1926;
export const MAX_YEAR = 2100;

function nfkc(s: string): string {
  return s.normalize('NFKC').trim();
}

/**
 * A fiscal year written as 2021, 2021年度, FY2021, R3, R3年度, 令和3年度, 令和元年度, H29, 平成29年度,
 * in full- or half-width, to the western year in which that fiscal year starts. null when not a year.
 */
export function parseFiscalYear(input: string | number): number | null {
  if (typeof input === 'number') return Number.isInteger(input) && input >= MIN_YEAR && input <= MAX_YEAR ? input : null;
  const s = nfkc(input).replace(/\s+/g, '').toUpperCase();
  if (s === '') return null;
  let m = /^(?:FY)?(\d{4})(?:年度?)?$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    return y >= MIN_YEAR && y <= MAX_YEAR ? y : null;
  }
  m = /^(令和|平成|昭和|R|H|S)(元|\d{1,2})(?:年度?)?$/.exec(s);
  if (m) {
    const era = ERAS.find((e) => e.name === m![1] || e.letter === m![1]);
    if (!era) return null;
    const n = m[2] === '元' ? 1 : Number(m[2]);
    if (n < 1) return null;
    const y = era.start + n - 1;
    // An era year past the next era's start is not a real year (平成32年度 is written 令和2年度, but accept up to 平成31).
    const next = ERAS[ERAS.indexOf(era) - 1];
    if (next && y > next.start) return null;
    return y <= MAX_YEAR ? y : null;
  }
  return null;
}

/** The era in force on a given ISO date (yyyy-mm-dd). */
export function eraOfDate(isoDate: string): Era | null {
  return ERAS.find((e) => isoDate >= e.startDate) ?? null;
}

function eraYearText(n: number): string {
  return n === 1 ? '元' : String(n);
}

/** 2025 → 令和7年度. A fiscal year takes the era in force on 1 April of that year (2019 → 平成31年度). */
export function formatFiscalYearWareki(year: number): string {
  const era = eraOfDate(`${year}-04-01`);
  if (!era) return `${year}年度`;
  return `${era.name}${eraYearText(year - era.start + 1)}年度`;
}

/** 2025 → R7 */
export function formatFiscalYearShort(year: number): string {
  const era = eraOfDate(`${year}-04-01`);
  return era ? `${era.letter}${year - era.start + 1}` : String(year);
}

/** 2025-11-22 → 令和7年11月22日 */
export function formatDateWareki(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const era = eraOfDate(isoDate.slice(0, 10));
  if (!era) return `${y}年${mo}月${d}日`;
  return `${era.name}${eraYearText(y - era.start + 1)}年${mo}月${d}日`;
}

/** 2025-11-22 → 2025年11月22日 */
export function formatDateSeireki(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : isoDate;
}

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'] as const;

/** 2026-04-01 → 水 ('' for a text that is not a date). */
export function weekdayOf(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return '';
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? '' : WEEKDAYS[d.getUTCDay()]!;
}

/**
 * A date as people in Japan write it, in the style chosen: 令和8年4月1日 / 2026年4月1日, with the
 * weekday when asked (令和8年4月1日(水)). A text that is not a date comes back as it is.
 */
export function formatDate(isoDate: string, style: DateStyle, opts: { weekday?: boolean } = {}): string {
  const text = style === 'wareki' ? formatDateWareki(isoDate) : formatDateSeireki(isoDate);
  const w = opts.weekday ? weekdayOf(isoDate) : '';
  return w ? `${text}(${w})` : text;
}

/** A fiscal year in the style chosen: 令和7年度 / 2025年度. */
export function formatFiscalYear(year: number, style: DateStyle): string {
  return style === 'wareki' ? formatFiscalYearWareki(year) : `${year}年度`;
}

/** The fiscal year (April–March) a date falls in: 2026-03-31 → 2025, 2026-04-01 → 2026. */
export function fiscalYearOf(isoDate: string): number {
  const y = Number(isoDate.slice(0, 4));
  const mo = Number(isoDate.slice(5, 7));
  return mo >= 4 ? y : y - 1;
}

/** First and last day of a fiscal year. */
export function fiscalYearRange(year: number): { start: string; end: string } {
  return { start: `${year}-04-01`, end: `${year + 1}-03-31` };
}

/**
 * The ISO dates inside a message (終了予定 2027-03-04, 予定期間（2026-04-01〜2026-07-01）) in the style
 * chosen: messages made by the core carry ISO dates, the screen and the documents show them as the
 * user reads dates. Anything else in the text is left as it is.
 */
export function localizeIsoDates(text: string, style: DateStyle): string {
  return text.replace(/(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g, (iso: string, y: string, m: string, d: string) => {
    const [yy, mm, dd] = [Number(y), Number(m), Number(d)];
    if (mm < 1 || mm > 12 || dd < 1 || dd > new Date(Date.UTC(yy, mm, 0)).getUTCDate()) return iso;
    return formatDate(iso, style);
  });
}
