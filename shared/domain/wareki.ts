/**
 * 和暦 (Japanese era years) and fiscal years (年度: April to March).
 * Pure functions; no Date parsing libraries needed for this.
 */

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
