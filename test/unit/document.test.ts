import { describe, expect, it } from 'vitest';
import { cleanText, formatYen, markdownBlocks, numberHeadings, chapterTitle, type Block } from '../../shared/domain/document.ts';

describe('the document model', () => {
  it('removes characters XML forbids and keeps emoji', () => {
    expect(cleanText('a\u0000b\u0008c\u000Bd\uFFFFe\uD800f')).toBe('abcdef');
    expect(cleanText('tab\tLF\n😀👩‍💻')).toBe('tab\tLF\n😀👩‍💻');
  });

  it('turns markdown into paragraphs, lists with bold, and tables', () => {
    const b = markdownBlocks('前文 **太字** です\n\n- 一\n- **二**\n\n1. 調査\n2. 分析\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n**課題表**を作る');
    expect(b.map((x) => x.type)).toEqual(['paragraph', 'list', 'list', 'table', 'paragraph']);
    expect(b[0]).toEqual({ type: 'paragraph', runs: [{ text: '前文 ' }, { text: '太字', bold: true }, { text: ' です' }] });
    expect(b[1]).toMatchObject({ ordered: false, items: [[{ text: '一' }], [{ text: '二', bold: true }]] });
    expect(b[2]).toMatchObject({ ordered: true });
    expect(b[3]).toEqual({ type: 'table', header: ['a', 'b'], rows: [['1', '2']] });
    expect(b[4]).toMatchObject({ type: 'paragraph', runs: [{ text: '課題表', bold: true }, { text: 'を作る' }] });
  });

  it('numbers headings 第N章 / N. / (N), restarting below each level', () => {
    const h = (level: 1 | 2 | 3, text: string): Block => ({ type: 'heading', level, number: '', text });
    const intro = h(1, 'はじめに');
    const out = numberHeadings([intro, h(1, 'A'), h(2, 'a'), h(3, 'x'), h(3, 'y'), h(2, 'b'), h(3, 'z'), h(1, 'B'), h(2, 'c')], new Set([intro]));
    expect(out.map((b) => (b.type === 'heading' ? b.number : ''))).toEqual(['', '第1章', '1.', '(1)', '(2)', '2.', '(1)', '第2章', '1.']);
  });

  it('formats money without locale data and strips a chapter prefix', () => {
    expect(formatYen(1234567)).toBe('1,234,567円');
    expect(formatYen(0)).toBe('0円');
    expect(chapterTitle('第2章 地域課題の整理')).toBe('地域課題の整理');
  });
});
