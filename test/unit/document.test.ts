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

describe('the 和暦 report', () => {
  it('writes the dates inside the quota line in 和暦 too (終了予定 令和9年3月4日, not 2027-03-04)', async () => {
    const { buildReportDocument } = await import('../../shared/domain/document.ts');
    const input = {
      client: { name: '雫川町', kind: 'municipality', prefecture: '徳島県' },
      engagement: { id: 'e', displayName: '雫川町 計画策定', program: 'plan-a' as const, startDate: '2026-12-04', plannedEnd: '2027-03-04', advisors: [] },
      settings: { advisorName: '', organization: '' },
      date: '2026-12-10',
      stamp: '2026-12-10T00:00:00Z',
      entries: [],
      quota: { message: '開始から6日 / 予定90日（終了予定 2027-03-04、残り84日）', used: 6, limit: 90, unit: '日' },
    };
    const text = (era: 'wareki' | 'seireki') => JSON.stringify(buildReportDocument(input, { era }).blocks);
    expect(text('wareki')).toContain('終了予定 令和9年3月4日');
    expect(text('wareki')).not.toContain('2027-03-04');
    expect(text('seireki')).toContain('終了予定 2027年3月4日');
  });
});
