import { describe, expect, it } from 'vitest';
import { ClientCreateSchema, ClientPatchSchema } from '../../shared/domain/client.ts';
import { addDays, addMonths, daysBetween, IsoDateSchema, isRealDate, shiftMonth, TimeSchema } from '../../shared/domain/dates.ts';
import { EngagementCreateSchema } from '../../shared/domain/engagement.ts';
import { entryDateWarning, LogEntryCreateSchema, LogEntryPatchSchema, MinutesSchema } from '../../shared/domain/log.ts';
import { zodToAppError } from '../../shared/zod-ja.ts';

function messageOf(r: { success: boolean; error?: unknown }): string {
  if (r.success) return '';
  return zodToAppError(r.error as never).message;
}

describe('dates', () => {
  it('accepts real dates only', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
    expect(isRealDate('2025-02-30')).toBe(false);
    expect(isRealDate('2025-13-01')).toBe(false);
    expect(isRealDate('2025-4-1')).toBe(false);
    expect(messageOf(IsoDateSchema.safeParse('2025-02-30'))).toMatch(/存在しない日付です: 2025-02-30/);
    expect(messageOf(IsoDateSchema.safeParse('2025/04/01'))).toMatch(/YYYY-MM-DD/);
    expect(messageOf(IsoDateSchema.safeParse('1899-04-01'))).toMatch(/2000年から2100年/);
    expect(IsoDateSchema.parse(' 2025-04-01 ')).toBe('2025-04-01');
  });

  it('adds months with the day clamped to the month, and days across years', () => {
    expect(addMonths('2025-04-01', 3)).toBe('2025-07-01');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', -2)).toBe('2024-11-30');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(daysBetween('2025-06-01', '2025-09-01')).toBe(92);
    expect(shiftMonth('2025-02', -11)).toBe('2024-03');
  });

  it('checks clock times', () => {
    expect(TimeSchema.safeParse('09:30').success).toBe(true);
    expect(TimeSchema.safeParse('24:00').success).toBe(false);
    expect(TimeSchema.safeParse('9:30').success).toBe(false);
  });
});

describe('record schemas', () => {
  it('minutes must be 1..1440 whole minutes, with the field named in the message', () => {
    expect(MinutesSchema.safeParse(90).success).toBe(true);
    expect(messageOf(MinutesSchema.safeParse(0))).toMatch(/時間（分）は1分以上1,440分以下/);
    expect(messageOf(MinutesSchema.safeParse(-30))).toMatch(/時間（分）は1分以上/);
    expect(messageOf(MinutesSchema.safeParse(1441))).toMatch(/1,440分以下/);
    expect(messageOf(MinutesSchema.safeParse(12.5))).toMatch(/整数/);
  });

  it('a client needs name, kind and prefecture; population ≥ 0; 財政力指数 0..3', () => {
    const ok = { name: '神山町', kind: 'municipality', prefecture: '徳島県' };
    expect(ClientCreateSchema.safeParse(ok).success).toBe(true);
    expect(ClientCreateSchema.safeParse({ name: '神山町', prefecture: '徳島県' }).success).toBe(false);
    expect(messageOf(ClientCreateSchema.safeParse({ ...ok, kind: 'village' }))).toMatch(/「kind」: 選択肢にない値です（prefecture \/ designated-city/);
    expect(messageOf(ClientCreateSchema.safeParse({ ...ok, prefecture: '東京' }))).toMatch(/「prefecture」/);
    expect(messageOf(ClientCreateSchema.safeParse({ ...ok, population: -1 }))).toMatch(/人口は0人以上/);
    expect(messageOf(ClientCreateSchema.safeParse({ ...ok, fiscalStrength: 3.5 }))).toMatch(/財政力指数は0以上3以下/);
    expect(ClientCreateSchema.safeParse({ ...ok, fiscalStrength: 0.45 }).success).toBe(true);
    expect(messageOf(ClientCreateSchema.safeParse({ ...ok, contacts: [{ name: '山田', email: 'not-an-address' }] }))).toMatch(/メールアドレス/);
  });

  it('patches carry only the fields given (no defaults filled in)', () => {
    expect(ClientPatchSchema.parse({ notes: 'x' })).toEqual({ notes: 'x' });
    expect(LogEntryPatchSchema.parse({ minutes: 30 })).toEqual({ minutes: 30 });
    expect(ClientPatchSchema.safeParse({ bogus: 1 }).success).toBe(false);
  });

  it('engagements and log entries check their codes', () => {
    const id = '6f1c1f4e-5a8e-4a57-9d55-2b7f3c1d9e10';
    expect(messageOf(EngagementCreateSchema.safeParse({ clientId: id, program: 'plan-c', startDate: '2025-04-01' }))).toMatch(/「program」: 選択肢にない値です/);
    expect(messageOf(EngagementCreateSchema.safeParse({ clientId: id, program: 'plan-a', startDate: '2025-04-01', status: 'paused' }))).toMatch(/「status」: 選択肢にない値です/);
    expect(messageOf(LogEntryCreateSchema.safeParse({ engagementId: id, date: '2025-04-01', mode: 'fax', minutes: 10 }))).toMatch(/「mode」: 選択肢にない値です（visit/);
    expect(messageOf(LogEntryCreateSchema.safeParse({ engagementId: id, date: '2025-04-01', mode: 'visit', minutes: 10, nextActions: [{ task: '' }] }))).toMatch(/「nextActions\[0\]\.task」/);
  });
});

describe('a log entry dated before its engagement', () => {
  it('gets a warning (advice, never a refusal); on or after the start, none', () => {
    expect(entryDateWarning('2025-03-31', { startDate: '2025-04-01' })).toContain('案件の開始日（2025-04-01）より前です');
    expect(entryDateWarning('2025-04-01', { startDate: '2025-04-01' })).toBe('');
    expect(entryDateWarning('2026-01-01', { startDate: '2025-04-01' })).toBe('');
    expect(entryDateWarning('02/30/2025', { startDate: '2025-04-01' })).toBe('');
    expect(entryDateWarning('2024-04-01', { startDate: '2025-04-01' }, (x) => `[${x}]`)).toContain('[2024-04-01]');
  });
});
