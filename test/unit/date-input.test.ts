import { describe, expect, it } from 'vitest';
import { parseDateInput } from '../../shared/domain/date-input.ts';

const iso = (s: string) => {
  const r = parseDateInput(s);
  return r.kind === 'ok' ? r.iso : r.kind;
};
const message = (s: string) => {
  const r = parseDateInput(s);
  return r.kind === 'error' ? r.message : `(not refused: ${r.kind})`;
};

/** The one date input (renderer/src/components/DateField.tsx) reads what people type through this parser. */
describe('a date as typed', () => {
  it('reads 西暦 written several ways', () => {
    for (const s of ['2025-02-03', '2025/2/3', '2025.2.3', '2025年2月3日', '20250203', '２０２５／２／３', ' 2025 / 02 / 03 ', '2025/2/3(月)', '2025年2月3日（月）']) {
      expect(iso(s), s).toBe('2025-02-03');
    }
  });

  it('reads 和暦: 令和7年2月3日, R7.2.3, r07/02/03, 令和元年', () => {
    for (const s of ['令和7年2月3日', 'R7.2.3', 'r07/02/03', 'Ｒ７．２．３', 'R7-2-3', '令7.2.3']) expect(iso(s), s).toBe('2025-02-03');
    expect(iso('令和元年5月1日')).toBe('2019-05-01');
    expect(iso('R1.5.1')).toBe('2019-05-01');
    expect(iso('H31.4.30')).toBe('2019-04-30');
    expect(iso('平成31年4月30日')).toBe('2019-04-30');
    expect(iso('平成12年1月1日')).toBe('2000-01-01');
  });

  it('says what it understood in both calendars', () => {
    const r = parseDateInput('R7.2.3');
    expect(r).toEqual({ kind: 'ok', iso: '2025-02-03', understood: '令和7年2月3日（2025年2月3日）' });
  });

  it('refuses an impossible date and repeats the input', () => {
    expect(message('02/30/2025')).toContain('存在しない日付です: 2025年2月30日');
    expect(message('02/30/2025')).toContain('02/30/2025');
    expect(message('2025-02-29')).toContain('2月は28日まで');
    expect(iso('2024-02-29')).toBe('2024-02-29');
    expect(message('2025-13-01')).toContain('月は1〜12');
    expect(message('R7.2.30')).toContain('存在しない日付です');
  });

  it('reads month/day/year with the year last', () => {
    expect(iso('02/03/2025')).toBe('2025-02-03');
  });

  it('at the era boundaries: 平成 ends on 2019-04-30, 令和 starts on 2019-05-01', () => {
    expect(message('平成31年5月1日')).toContain('令和元年5月1日');
    expect(message('H31.5.1')).toContain('平成は2019年5月1日の前日まで');
    expect(message('令和元年4月30日')).toContain('令和は2019年5月1日から');
    expect(message('R1.4.30')).toContain('令和は2019年5月1日から');
    expect(message('R0.5.1')).toContain('令和0年はありません');
    expect(message('平成40年1月1日')).toContain('令和');
  });

  it('refuses dates outside the range the app keeps (2000–2100)', () => {
    expect(message('1999-12-31')).toContain('2000年から2100年まで');
    expect(message('S64.1.7')).toContain('2000年から2100年まで');
    expect(iso('2100-12-31')).toBe('2100-12-31');
  });

  it('refuses what is not a date, with the ways to write one', () => {
    expect(message('来週')).toContain('日付として読めません（入力: 来週）');
    expect(message('来週')).toContain('令和7年2月3日');
    expect(iso('')).toBe('empty');
    expect(iso('   ')).toBe('empty');
  });
});
