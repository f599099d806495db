import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../shared/json-text.ts';

const messageOf = (text: string) => {
  const r = parseJsonText(text, '受け渡しファイル');
  if (r.ok) throw new Error('parsed');
  return r.message;
};

describe('JSON text people bring: Japanese messages with the place, never the engine English', () => {
  it('parses good text, with or without a BOM', () => {
    expect(parseJsonText('\uFEFF{"a":[1,2]}', 'x')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('names the line and column and quotes a short excerpt there', () => {
    const m = messageOf('{\n  "a": 1,\n  "b": 2,\n}');
    expect(m).toBe('受け渡しファイルを JSON として読めません（4行目 1文字目付近:「}」）。');
  });

  it('says a cut-off file is cut off, and an empty one empty', () => {
    expect(messageOf('{"a": [1, 2')).toContain('途中で切れています');
    expect(messageOf('  \n')).toBe('受け渡しファイルが空です。');
  });

  it('no English of the engine leaks, whatever the fault, and the excerpt stays short and clean', () => {
    const big = `{"a": "${'x'.repeat(1_000_000)}" "b"}`;
    for (const t of ['{a:1}', '[1,2,]', '{"a":1}x', '\n\n  {"a": tru}', '{"\u0000": 1,,}', big, "{'a': 1}"]) {
      const m = messageOf(t);
      // The engine's words (Unexpected, Expected, position, property …) never reach the user; the excerpt of
      // the user's own text may hold letters, so it is taken out before looking.
      expect(m.replace(/「.*」/u, '').replace(/JSON/g, ''), t.slice(0, 30)).not.toMatch(/[A-Za-z]{3,}/);
      expect(m.length).toBeLessThan(160);
      expect(m).not.toMatch(/[\u0000-\u001f]/);
    }
  });
});
