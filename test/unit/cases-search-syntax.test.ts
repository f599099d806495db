import { describe, expect, it } from 'vitest';
import { parseClauses, querySuggestions } from '../../shared/search/query.ts';

const show = (q: string) =>
  parseClauses(q).map((c) => `${c.negated ? '-' : ''}${c.terms.map((t) => `${t.phrase ? 'P' : 'W'}:${t.text}`).join('|')}`);

/** The search syntax (shared/search/query.ts): OR / | join words, AND is the default, a trailing * is dropped. */
describe('the search syntax', () => {
  it('OR and | join neighbouring words into one clause; clauses are ANDed', () => {
    expect(show('テレワーク OR 教育')).toEqual(['W:テレワーク|W:教育']);
    expect(show('テレワーク | 教育 観光')).toEqual(['W:テレワーク|W:教育', 'W:観光']);
    expect(show('a OR b OR "c d"')).toEqual(['W:a|W:b|P:c d']);
    expect(show('テレワーク ｜ 教育')).toEqual(['W:テレワーク|W:教育']);
    expect(show('テレワーク ＯＲ 教育')).toEqual(['W:テレワーク|W:教育']);
  });

  it('AND is the default and may be written', () => {
    expect(show('テレワーク AND 教育')).toEqual(show('テレワーク 教育'));
    expect(show('a OR b AND c')).toEqual(['W:a|W:b', 'W:c']);
  });

  it('operators only in capitals and outside quotes; at an end, doubled or beside an exclusion they mean nothing', () => {
    expect(show('テレワーク or 教育')).toEqual(['W:テレワーク', 'W:or', 'W:教育']);
    expect(show('"a OR b"')).toEqual(['P:a or b']);
    expect(show('-OR')).toEqual(['-W:or']);
    expect(show('OR a')).toEqual(['W:a']);
    expect(show('a OR')).toEqual(['W:a']);
    expect(show('a OR OR b')).toEqual(['W:a|W:b']);
    expect(show('a OR -b')).toEqual(['W:a', '-W:b']);
    expect(show('OR | AND')).toEqual([]);
  });

  it('a trailing * is dropped (every word already matches inside longer ones); a lone * or a quoted one is literal', () => {
    expect(show('テレ*')).toEqual(['W:テレ']);
    expect(show('テレ** -観*')).toEqual(['W:テレ', '-W:観']);
    expect(show('*')).toEqual(['W:*']);
    expect(show('"a*"')).toEqual(['P:a*']);
    expect(show('*a')).toEqual(['W:*a']);
  });

  it('the same words twice count once', () => {
    expect(show('a OR b b OR a')).toEqual(['W:a|W:b']);
  });

  it('suggests wider queries for an empty result', () => {
    expect(querySuggestions('テレワーク 教育 -観光')).toEqual(['テレワーク OR 教育', 'テレワーク 教育', 'テレワーク', '教育']);
    expect(querySuggestions('テレワーク AND 教育')).toEqual(['テレワーク OR 教育', 'テレワーク', '教育']);
    expect(querySuggestions('"地域 課題" -x')).toEqual(['"地域 課題"']);
    expect(querySuggestions('教育')).toEqual([]);
    expect(querySuggestions('')).toEqual([]);
  });
});

describe('a case title with its place', () => {
  it('adds the place only when the title does not say it already', async () => {
    const { titleWithPlace } = await import('../../shared/domain/case.ts');
    expect(titleWithPlace('テレワーク拠点で子育て世代の就労を支援（長野県駒ヶ根市）', '長野県', '駒ヶ根市')).toBe('テレワーク拠点で子育て世代の就労を支援（長野県駒ヶ根市）');
    expect(titleWithPlace('テレワーク拠点を整備', '長野県', '駒ヶ根市')).toBe('テレワーク拠点を整備（長野県駒ヶ根市）');
    expect(titleWithPlace('駒ヶ根市のテレワーク拠点', '長野県', '駒ヶ根市')).toBe('駒ヶ根市のテレワーク拠点');
    expect(titleWithPlace('全国の事例', '', '')).toBe('全国の事例');
  });
});
