import { z } from 'zod';
import { excerpt } from '../excerpt.ts';

/**
 * Calendar dates as ISO strings (YYYY-MM-DD) and clock times (HH:MM), validated as real
 * values: 2025-02-30 and 25:00 are refused with a Japanese message. Pure functions, no time zones:
 * a date is the day the user means, never converted.
 */

export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '2100-12-31';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** true for a date that exists in the calendar (leap years included). */
export function isRealDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 2025-11-30 + 3 months → 2026-02-28 (the day is clamped to the end of a shorter month). */
export function addMonths(iso: string, months: number): string {
  const [y, mo, d] = parts(iso);
  const total = y * 12 + (mo - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

export function addDays(iso: string, days: number): string {
  const [y, mo, d] = parts(iso);
  return fromUtc(Date.UTC(y, mo - 1, d) + days * 86_400_000);
}

/** Whole days from a to b (b − a); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  const [y1, m1, d1] = parts(a);
  const [y2, m2, d2] = parts(b);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** The month (YYYY-MM) n months before or after the month of an ISO date. */
export function shiftMonth(yyyyMm: string, months: number): string {
  return addMonths(`${yyyyMm}-01`, months).slice(0, 7);
}

/** The local calendar date of a Date (the user's day, not UTC's). */
export function localIsoDate(d: Date): string {
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A real calendar date between 2000-01-01 and 2100-12-31, written YYYY-MM-DD. */
export const IsoDateSchema = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    if (!ISO_DATE.test(s)) {
      ctx.addIssue({ code: 'custom', message: `日付は YYYY-MM-DD の形式で入力してください（入力: ${excerpt(s, 30)}）。` });
    } else if (!isRealDate(s)) {
      ctx.addIssue({ code: 'custom', message: `存在しない日付です: ${s}` });
    } else if (s < MIN_DATE || s > MAX_DATE) {
      ctx.addIssue({ code: 'custom', message: `日付は${MIN_DATE.slice(0, 4)}年から${MAX_DATE.slice(0, 4)}年までの範囲で入力してください。` });
    }
  });

/** A clock time HH:MM (00:00–23:59). */
export const TimeSchema = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '時刻は 00:00〜23:59 の HH:MM 形式で入力してください。');
