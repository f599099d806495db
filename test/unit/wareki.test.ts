import { describe, expect, it } from 'vitest';
import { formatDate as documentDate } from '../../shared/domain/document.ts';
import { fiscalYearOf, formatDate, formatFiscalYear, formatFiscalYearShort, formatFiscalYearWareki, parseFiscalYear, weekdayOf } from '../../shared/domain/wareki.ts';
import { fiscalYearLabel, wareki, weekday } from '../../renderer/src/lib/format.ts';

/**
 * The one 和暦/date formatter (shared/domain/wareki.ts), used by the renderer (lib/format.ts,
 * lib/appInfo.ts useFormatDate) and the documents (document.ts): the era boundaries, 元年, fiscal years.
 */
describe('dates in 和暦 and 西暦', () => {
  it('the era changes on its first day: 2019-04-30 is 平成31年, 2019-05-01 is 令和元年', () => {
    expect(formatDate('2019-04-30', 'wareki')).toBe('平成31年4月30日');
    expect(formatDate('2019-05-01', 'wareki')).toBe('令和元年5月1日');
    expect(formatDate('2019-12-31', 'wareki')).toBe('令和元年12月31日');
    expect(formatDate('2020-01-01', 'wareki')).toBe('令和2年1月1日');
    expect(formatDate('1989-01-07', 'wareki')).toBe('昭和64年1月7日');
    expect(formatDate('1989-01-08', 'wareki')).toBe('平成元年1月8日');
  });

  it('西暦, and the weekday when asked', () => {
    expect(formatDate('2019-05-01', 'seireki')).toBe('2019年5月1日');
    expect(formatDate('2019-04-30', 'wareki', { weekday: true })).toBe('平成31年4月30日(火)');
    expect(formatDate('2019-05-01', 'seireki', { weekday: true })).toBe('2019年5月1日(水)');
    expect(weekdayOf('2026-04-01')).toBe('水');
    expect(formatDate('未定', 'wareki')).toBe('未定');
  });

  it('a fiscal year runs April–March and takes the era in force on its 1 April', () => {
    expect(fiscalYearOf('2019-03-31')).toBe(2018);
    expect(fiscalYearOf('2019-04-01')).toBe(2019);
    expect(fiscalYearOf('2019-05-01')).toBe(2019);
    expect(formatFiscalYearWareki(2018)).toBe('平成30年度');
    expect(formatFiscalYearWareki(2019)).toBe('平成31年度');
    expect(formatFiscalYearWareki(2020)).toBe('令和2年度');
    expect(formatFiscalYearShort(2020)).toBe('R2');
    expect(formatFiscalYear(2025, 'seireki')).toBe('2025年度');
    // Written either way, 令和元年度 and 平成31年度 are the same fiscal year; 平成32年度 does not exist.
    expect(parseFiscalYear('令和元年度')).toBe(2019);
    expect(parseFiscalYear('平成31年度')).toBe(2019);
    expect(parseFiscalYear('R1')).toBe(2019);
    expect(parseFiscalYear('平成32年度')).toBeNull();
  });

  it('the app and the documents format with the same function', () => {
    for (const iso of ['2019-04-30', '2019-05-01', '2026-04-01']) {
      expect(wareki(iso)).toBe(formatDate(iso, 'wareki'));
      expect(documentDate(iso, 'wareki')).toBe(formatDate(iso, 'wareki'));
      expect(documentDate(iso, 'seireki')).toBe(formatDate(iso, 'seireki'));
      expect(weekday(iso)).toBe(weekdayOf(iso));
    }
    expect(fiscalYearLabel(2019)).toBe('平成31年度（2019年度）');
  });
});

describe('the 和暦 / 西暦 setting applies to every date the app shows (lib/format.ts)', () => {
  it('lists, timestamps, fiscal years and the ISO dates inside messages follow the style', async () => {
    const f = await import('../../renderer/src/lib/format.ts');
    f.setDateStyle('wareki');
    expect(f.wareki('2026-04-10')).toBe('令和8年4月10日');
    expect(f.slashDate('2026-04-10')).toBe('R8.4.10');
    expect(f.fiscalYearShort(2026)).toBe('令和8年度');
    expect(f.datesIn('終了予定 2027-03-04、残り3日')).toBe('終了予定 令和9年3月4日、残り3日');
    f.setDateStyle('seireki');
    expect(f.wareki('2026-04-10')).toBe('2026年4月10日');
    expect(f.slashDate('2026-04-10')).toBe('2026/04/10');
    expect(f.fiscalYearShort(2026)).toBe('2026年度');
    expect(f.fiscalYearLabel(2026)).toBe('2026年度');
    expect(f.datesIn('予定期間（2026-04-01〜2026-07-01）')).toBe('予定期間（2026年4月1日〜2026年7月1日）');
    expect(f.datesIn('id 2026-13-01 と 12026-01-01')).toBe('id 2026-13-01 と 12026-01-01');
    f.setDateStyle('wareki');
  });

  it('numbers in fields carry separators and read back', async () => {
    const f = await import('../../renderer/src/lib/format.ts');
    expect(f.numberText(9800)).toBe('9,800');
    expect(f.numberText(3000000)).toBe('3,000,000');
    expect(f.numberText(0.35)).toBe('0.35');
    expect(f.parseNumberText(f.numberText(3000000))).toBe(3000000);
    expect(f.numberText(null)).toBe('');
  });
});
