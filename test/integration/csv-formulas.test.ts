import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { CASE_CSV_COLUMNS, CASE_CSV_EXTRA_COLUMNS } from '../../shared/domain/case.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * Exports opened in a spreadsheet: the case CSV export and the yearly log report, through the real
 * core on real SQLite files, with formula text in every field. No cell of either file starts like
 * a formula (what a spreadsheet reads is checked with a plain RFC 4180 parse of the bytes), and the
 * case export imported into another library gives back every case exactly.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function freshCore(): Promise<Core> {
  const t = tempDir();
  const core = await createCore({ dataDir: t.dir, loadSeeds: false });
  cleanups.push(() => {
    core.close();
    t.cleanup();
  });
  return core;
}

/** The cells as a spreadsheet program reads them (BOM dropped, quotes undone, nothing else). */
function cellsOf(contentBase64: string): string[][] {
  const bytes = Buffer.from(contentBase64, 'base64');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString('utf8'), { record_delimiter: ['\r\n'] });
}

const runsAsFormula = (s: string) => /^[=+\-@\t\r]/.test(s) && !/^-(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?$/.test(s);

function expectNoFormula(rows: string[][]): void {
  for (const [i, row] of rows.entries()) for (const [j, cell] of row.entries()) expect(runsAsFormula(cell), `row ${i + 1}, column ${j + 1}: ${JSON.stringify(cell)}`).toBe(false);
}

describe('case CSV export opened in a spreadsheet', () => {
  it('neutralises every formula cell, and import undoes it: every case comes back exactly', async () => {
    const core = await freshCore();
    await core.call('cases.create', {
      title: "=cmd|' /C calc'!A0",
      summary: '\tタブで始まる概要',
      body: '\r\n- 箇条書き\n- 二つ目',
      prefecture: '徳島県',
      municipality: '+81 3-1234-5678',
      organization: "'=すでにアポストロフィ",
      fields: ['行政DX'],
      technologies: ['=HYPERLINK("http://example.invalid/?x","詳細")', 'クラウド'],
      programs: ['@SUM(A1:A9)'],
      fiscalYear: 2021,
      size: '-3',
      outcomes: [{ label: '+81人', value: '-3', unit: '個' }],
      sources: [{ document: '@出典', section: '=A1' }],
      tags: ['-3', '+81'],
    });
    await core.call('cases.create', { title: '-3', summary: '+3', body: '=1+1', prefecture: '全国', size: '-1,234' });
    const before = core.ctx.cases.repo.all();

    const out = await core.call('cases.export', { format: 'csv' });
    const rows = cellsOf(out.contentBase64);
    expect(rows[0]).toEqual([...CASE_CSV_COLUMNS, ...CASE_CSV_EXTRA_COLUMNS]);
    expectNoFormula(rows);
    const col = (name: string) => [...CASE_CSV_COLUMNS, ...CASE_CSV_EXTRA_COLUMNS].indexOf(name as never);
    const first = rows.find((r) => r[col('title')]!.includes('calc'))!;
    expect(first[col('title')]).toBe("'=cmd|' /C calc'!A0");
    expect(first[col('technologies')]).toBe(`'=HYPERLINK("http://example.invalid/?x","詳細");クラウド`);
    expect(first[col('municipality')]).toBe("'+81 3-1234-5678");
    expect(first[col('organization')]).toBe("''=すでにアポストロフィ");
    expect(first[col('size')]).toBe('-3'); // a plain negative number stays a number
    expect(first[col('outcomes')]).toBe("'+81人=-3 個");
    const second = rows.find((r) => r[col('body')] === "'=1+1")!;
    expect(second[col('title')]).toBe('-3');
    expect(second[col('summary')]).toBe("'+3");
    expect(second[col('size')]).toBe('-1,234');

    const other = await freshCore();
    const r = await other.call('cases.import', { format: 'csv', contentBase64: out.contentBase64 });
    expect(r).toMatchObject({ imported: 2, updated: 0, rejected: [] });
    expect(other.ctx.cases.repo.all()).toEqual(before);
    // And once more: the library's own file imported over itself changes nothing.
    expect(await core.call('cases.import', { format: 'csv', contentBase64: out.contentBase64 })).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
  });
});

describe('yearly log report opened in a spreadsheet', () => {
  it('follows the same rule in every text cell', async () => {
    const core = await freshCore();
    const cl = await addClient(core, { name: "=cmd|' /C calc'!A0" });
    const e = await addEngagement(core, { clientId: cl.id, title: '@SUM(1)' });
    await addLog(core, {
      engagementId: e.id,
      date: '2025-05-01',
      place: '=HYPERLINK("http://example.invalid","x")',
      attendees: ['+81 90-1234-5678'],
      topics: '-3',
      decisions: '\t決定',
      notes: '- メモ',
      nextActions: [{ task: '=1+1', owner: '@担当' }],
    });
    const rows = cellsOf((await core.call('reports.logCsv', { fiscalYear: 2025 })).contentBase64);
    expect(rows).toHaveLength(2);
    expectNoFormula(rows);
    const [header, row] = rows as [string[], string[]];
    const at = (name: string) => row[header.indexOf(name)];
    expect(at('支援先')).toBe("'=cmd|' /C calc'!A0");
    expect(at('案件')).toBe("'@SUM(1)");
    expect(at('場所')).toBe(`'=HYPERLINK("http://example.invalid","x")`);
    expect(at('出席者')).toBe("'+81 90-1234-5678");
    expect(at('議題')).toBe('-3');
    expect(at('決定事項')).toBe("'\t決定");
    expect(at('メモ')).toBe("'- メモ");
    expect(at('次のアクション')).toBe('・=1+1（担当: @担当）');
  });
});
