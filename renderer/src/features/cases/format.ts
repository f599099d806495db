import { formatFiscalYearWareki } from '../../../../shared/domain/wareki.ts';

const NUMBER = new Intl.NumberFormat('ja-JP');

/** 1234 → 1,234 */
export function formatCount(n: number): string {
  return NUMBER.format(n);
}

/** 2021 → 令和3年度; null → '' */
export function fiscalYearShort(year: number | null): string {
  return year === null ? '' : formatFiscalYearWareki(year);
}

/** 2021 → 令和3年度（2021年度） */
export function fiscalYearLong(year: number | null): string {
  return year === null ? '' : `${formatFiscalYearWareki(year)}（${year}年度）`;
}

/** 徳島県 神山町 (either may be empty). */
export function place(prefecture: string, municipality: string): string {
  return [prefecture, municipality].filter(Boolean).join(' ');
}
