import { excerpt } from '../excerpt.ts';
import { daysInMonth, MAX_DATE, MIN_DATE } from './dates.ts';
import { ERAS, formatDateSeireki, formatDateWareki } from './wareki.ts';

/**
 * A date typed by a person, the way people in Japan write it, to an ISO date (YYYY-MM-DD):
 *
 * - 2025-02-03, 2025/2/3, 2025.2.3, 2025年2月3日, 20250203 (西暦, year first);
 * - 令和7年2月3日, 令和元年5月1日, R7.2.3, R07/02/03, H31.4.30, 平成31年4月30日, S64.1.7 (和暦);
 * - 02/03/2025 (month/day/year, as a US form or a spreadsheet writes it);
 * - full- or half-width, with spaces, with a weekday after it (2025/2/3(月)).
 *
 * An impossible date (2025-02-30, 02/30/2025) or a date outside its era (平成31年5月1日: 平成 ended on
 * 2019-04-30) is refused with a Japanese message that repeats the input; nothing is guessed.
 */
export type DateInputResult =
  | { kind: 'empty' }
  | { kind: 'ok'; iso: string; /** 令和7年2月3日（2025年2月3日） */ understood: string }
  | { kind: 'error'; message: string };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function check(y: number, mo: number, d: number, raw: string): DateInputResult {
  const shown = excerpt(raw, 30);
  if (mo < 1 || mo > 12) return { kind: 'error', message: `月は1〜12で入力してください（入力: ${shown}）。` };
  if (d < 1 || d > daysInMonth(y, mo)) {
    return { kind: 'error', message: `存在しない日付です: ${y}年${mo}月${d}日（${mo}月は${daysInMonth(y, mo)}日までです。入力: ${shown}）。` };
  }
  const iso = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  if (iso < MIN_DATE || iso > MAX_DATE) {
    return { kind: 'error', message: `日付は${MIN_DATE.slice(0, 4)}年から${MAX_DATE.slice(0, 4)}年までの範囲で入力してください（入力: ${shown}）。` };
  }
  return { kind: 'ok', iso, understood: `${formatDateWareki(iso)}（${formatDateSeireki(iso)}）` };
}

const ERA_LETTERS: Record<string, string> = { R: '令和', H: '平成', S: '昭和', 令: '令和', 平: '平成', 昭: '昭和' };

export function parseDateInput(input: string): DateInputResult {
  const raw = input;
  const s = input
    .normalize('NFKC')
    .replace(/\s+/g, '')
    // a weekday after the date: (月) （月） 月曜日
    .replace(/[(（][日月火水木金土](?:曜日?)?[)）]$/, '')
    .toUpperCase();
  if (s === '') return { kind: 'empty' };

  // 西暦, year first: 2025-02-03 2025/2/3 2025.2.3 2025年2月3日
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) return check(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  // 20250203
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return check(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  // month/day/year: 02/30/2025
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return check(Number(m[3]), Number(m[1]), Number(m[2]), raw);
  // 和暦: 令和7年2月3日 令和元年5月1日 R7.2.3 R07/02/03 H31-4-30
  m = /^(令和|平成|昭和|令|平|昭|R|H|S)(元|\d{1,2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) {
    const eraName = ERA_LETTERS[m[1]!] ?? m[1]!;
    const era = ERAS.find((e) => e.name === eraName)!;
    const n = m[2] === '元' ? 1 : Number(m[2]);
    if (n < 1) return { kind: 'error', message: `${eraName}0年はありません（元年は1年です。入力: ${excerpt(raw, 30)}）。` };
    const y = era.start + n - 1;
    const r = check(y, Number(m[3]), Number(m[4]), raw);
    if (r.kind !== 'ok') return r;
    const next = ERAS[ERAS.indexOf(era) - 1];
    if (r.iso < era.startDate) {
      return { kind: 'error', message: `${eraName}は${formatDateSeireki(era.startDate)}からです。${formatDateSeireki(r.iso)}はその前の元号の日付です（入力: ${excerpt(raw, 30)}）。` };
    }
    if (next && r.iso >= next.startDate) {
      return {
        kind: 'error',
        message: `${eraName}は${formatDateSeireki(next.startDate)}の前日までです。${formatDateSeireki(r.iso)}は${formatDateWareki(r.iso)}と書きます（入力: ${excerpt(raw, 30)}）。`,
      };
    }
    return r;
  }
  return {
    kind: 'error',
    message: `日付として読めません（入力: ${excerpt(raw, 30)}）。2025-02-03、2025/2/3、令和7年2月3日、R7.2.3 のように入力してください。`,
  };
}
