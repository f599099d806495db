export type DateStyle = 'wareki' | 'seireki';

const WAREKI = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
});
const SEIREKI = new Intl.DateTimeFormat('ja-JP', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
});

/** A date as people in Japan write it: 令和8年4月1日(水) or 2026年4月1日(水). */
export function formatDate(d: Date, style: DateStyle): string {
  return (style === 'wareki' ? WAREKI : SEIREKI).format(d);
}
