import { describe, expect, it } from 'vitest';
import { excerpt } from '../../shared/excerpt.ts';

describe('excerpt: a short, clean quote of a bad value', () => {
  it('keeps a short value as it is', () => {
    expect(excerpt('徳島県')).toBe('徳島県');
    expect(excerpt('')).toBe('');
    expect(excerpt(12)).toBe('12');
    expect(excerpt(null)).toBe('null');
    expect(excerpt(undefined)).toBe('');
    expect(excerpt({ a: 1 })).toBe('{"a":1}');
  });

  it('cuts at max characters (code points) and marks the cut', () => {
    expect(excerpt('あ'.repeat(41))).toBe(`${'あ'.repeat(40)}…`);
    expect(excerpt('あ'.repeat(40))).toBe('あ'.repeat(40));
    expect(excerpt('abcdef', 3)).toBe('abc…');
    // A surrogate pair is one character and never cut in half.
    const r = excerpt('🚀'.repeat(10), 3);
    expect(r).toBe('🚀🚀🚀…');
    expect(encodeURIComponent(r)).toBe(encodeURIComponent('🚀🚀🚀…')); // throws on a lone surrogate
  });

  it('turns control characters and line breaks into one space and drops NUL runs', () => {
    expect(excerpt('a\u0000\u0000b')).toBe('a b');
    expect(excerpt('  a\r\n\tb  ')).toBe('a b');
    expect(excerpt('\u0000\u0001\u007f\u0085')).toBe('');
    expect(excerpt('x\u3000\u3000y')).toBe('x y');
  });

  it('drops invisible format characters, lone surrogates, noncharacters and private-use code points', () => {
    expect(excerpt('abc\u202Eevil\u202C')).toBe('abcevil');
    expect(excerpt('a\u200Bb\uFEFFc\u2066d')).toBe('abcd');
    expect(excerpt('a\uD800b\uDC00c')).toBe('abc');
    expect(excerpt('a\uFFFEb\uFDD0c')).toBe('abc');
    expect(excerpt(`a${String.fromCodePoint(0xf0001)}b${String.fromCodePoint(0x10fffd)}c\uE000`)).toBe('abc');
  });

  it('costs the same for a 20 MB value as for a short one, and the result is short', () => {
    const huge = `${'\u0000'.repeat(10)}${'値'.repeat(20_000_000)}`;
    const t0 = performance.now();
    const r = excerpt(huge);
    const ms = performance.now() - t0;
    expect(r).toBe(`${'値'.repeat(40)}…`);
    expect(ms).toBeLessThan(50);
    // A value that is invisible for longer than the part read still says that it was cut.
    expect(excerpt('\u0000'.repeat(100_000))).toBe('…');
  });
});
