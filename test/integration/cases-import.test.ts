import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCasesCsv, readCasesCsv } from '../../electron/core/cases/codec.ts';
import { bytesSource, withCsvAttempts } from '../../electron/core/files/csv.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function freshCore(): Promise<{ core: Core; dir: string }> {
  const t = tempDir();
  const core = await createCore({ dataDir: t.dir, loadSeeds: false });
  cleanups.push(() => {
    core.close();
    t.cleanup();
  });
  return { core, dir: t.dir };
}

const HEADER = 'id,title,summary,body,prefecture,municipality,organization,fields,technologies,programs,fiscal_year,outcomes,sources,tags';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const csvInput = (text: string, skipInvalid = false) => ({ format: 'csv' as const, contentBase64: b64(text), skipInvalid });

const good = [
  HEADER,
  ',空き店舗のテレワーク拠点,概要A,"本文に, カンマと ""引用"" と\n改行",長野,駒ヶ根市,市役所,テレワーク・働き方,クラウド;Wi-Fi,地方創生テレワーク交付金,H29,進出企業=2 社;登録者=150 人,白書#第4章,空き店舗',
  ',紡績工場を改修したオフィス,概要B,本文B,岐阜県,郡上市,NPO,サテライトオフィス・移住,,,平成28年度,進出企業=9 社,事例集#重点戦略1,',
].join('\r\n');

describe('case import', () => {
  it('imports a valid file and parses lists, 和暦 years, outcomes and multi-line cells', async () => {
    const { core } = await freshCore();
    const r = await core.call('cases.import', csvInput(good));
    expect(r).toMatchObject({ imported: 2, updated: 0, rejected: [], written: true });
    const hit = (await core.call('cases.search', { query: '駒ヶ根' })).items[0]!;
    const c = await core.call('cases.get', { id: hit.id });
    expect(c).toMatchObject({
      prefecture: '長野県',
      fiscalYear: 2017,
      technologies: ['クラウド', 'Wi-Fi'],
      outcomes: [{ label: '進出企業', value: '2', unit: '社' }, { label: '登録者', value: '150', unit: '人' }],
      sources: [{ document: '白書', section: '第4章' }],
      origin: 'import',
    });
    expect(c.body).toBe('本文に, カンマと "引用" と\n改行');
  });

  it('is all or nothing: one bad row writes nothing and every problem names its row and column', async () => {
    const { core } = await freshCore();
    const bad = [good, ',,概要だけ,,東京都,,,,,,,,,', ',年度が変,,,東京都,,,教育,,,令和九十九年度,,,', ',分野が変,,,,,,農業,,,2020,,,'].join('\n');
    const r = await core.call('cases.import', csvInput(bad));
    expect(r.written).toBe(false);
    expect(r.imported).toBe(2); // what would have been imported
    expect(r.rejected.map((p) => [p.row, p.column])).toEqual([
      [4, 'title'],
      [5, 'fiscal_year'],
      [6, 'fields'],
    ]);
    expect(r.rejected[0]!.message).toMatch(/題名/);
    expect((await core.call('app.info', {})).counts.cases).toBe(0);
  });

  it('with skipInvalid writes the valid rows and lists the rest', async () => {
    const { core } = await freshCore();
    const bad = [good, ',,概要だけ,,東京都,,,,,,,,,'].join('\n');
    const r = await core.call('cases.import', csvInput(bad, true));
    expect(r).toMatchObject({ imported: 2, written: true });
    expect(r.rejected).toHaveLength(1);
    expect((await core.call('app.info', {})).counts.cases).toBe(2);
  });

  it('importing the same file twice creates no duplicates (no id: title + municipality; id: same id)', async () => {
    const { core } = await freshCore();
    await core.call('cases.import', csvInput(good));
    const again = await core.call('cases.import', csvInput(good));
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
    const changed = good.replace('概要B', '概要B（改）');
    expect(await core.call('cases.import', csvInput(changed))).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
    const id = '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b';
    const withId = `${HEADER}\n${id},ID付きの事例,,,,,,,,,,,,`;
    await core.call('cases.import', csvInput(withId));
    expect(await core.call('cases.import', csvInput(withId.replace('ID付きの事例', 'ID付きの事例（改題）')))).toMatchObject({ imported: 0, updated: 1 });
    expect((await core.call('cases.get', { id })).title).toBe('ID付きの事例（改題）');
    expect((await core.call('app.info', {})).counts.cases).toBe(3);
  });

  it('a file that names the same case twice keeps the last version, indexed once', async () => {
    const { core } = await freshCore();
    const id = '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5c';
    await core.call('cases.import', csvInput(`${HEADER}\n${id},古い題名の事例,,,岩手県,,,,,,,,,`));
    // A case updated by id, then matched again by its new title; a new case added, then matched
    // by title + municipality and changed again: all in one file.
    const file = [
      HEADER,
      `${id},二度目の題名,,,秋田県,,,,,,,,,`,
      ',二度目の題名,,除雪の記録,山形県,,,,,,,,,',
      ',同じ行の事例,,一回目,,大野市,,,,,,,,',
      ',同じ行の事例,,二回目の除雪,,大野市,,,,,,,,',
    ].join('\n');
    expect(await core.call('cases.import', csvInput(file))).toMatchObject({ imported: 1, updated: 3, rejected: [] });
    expect(await core.call('cases.get', { id })).toMatchObject({ title: '二度目の題名', body: '除雪の記録', prefecture: '山形県' });
    const hits = await core.call('cases.search', { query: '除雪' });
    expect(hits.items.map((h) => h.title).sort()).toEqual(['二度目の題名', '同じ行の事例']);
    for (const q of ['古い題名', '秋田', '一回目']) expect((await core.call('cases.search', { query: q })).total, q).toBe(0);
    // One row per case in the full-text index, and the filter counts follow the last version.
    expect(core.ctx.db.prepare('SELECT count(*) FROM cases_bi').pluck().get()).toBe(2);
    const facets = await core.call('cases.facets', { query: '' });
    expect(facets.prefecture).toEqual([{ value: '山形県', count: 1 }]);
  });

  it('a write that fails part-way leaves the filter counts and the indexes as they were', async () => {
    const { core } = await freshCore();
    await core.call('cases.import', csvInput(good));
    const before = await core.call('cases.facets', { query: '' }); // loads the in-memory filter index
    const db = core.ctx.db;
    // SQLite refuses a row mid-write (as a constraint or a full disk would).
    db.exec("CREATE TEMP TRIGGER refuse_insert BEFORE INSERT ON cases WHEN NEW.title LIKE '%拒否%' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    db.exec("CREATE TEMP TRIGGER refuse_update BEFORE UPDATE ON cases WHEN NEW.title LIKE '%拒否%' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    const file = [HEADER, ',新しい事例,,,沖縄県,那覇市,,教育,,,,,,', ',拒否される事例,,,沖縄県,,,,,,,,,'].join('\n');
    await expect(core.call('cases.import', csvInput(file))).rejects.toThrow();
    const hit = (await core.call('cases.search', { query: '駒ヶ根' })).items[0]!;
    await expect(core.call('cases.update', { id: hit.id, patch: { title: '拒否', prefecture: '沖縄県' } })).rejects.toThrow();
    expect(await core.call('cases.facets', { query: '' })).toEqual(before);
    expect((await core.call('cases.search', { query: '', filters: { prefectures: ['長野県'], fields: [], technologies: [], programs: [], yearFrom: null, yearTo: null } })).total).toBe(1);
    expect((await core.call('cases.search', { query: '新しい事例' })).total).toBe(0);
    expect((await core.call('app.info', {})).counts.cases).toBe(2);
  });

  it('a preview writes nothing', async () => {
    const { core } = await freshCore();
    const r = await core.call('cases.importPreview', csvInput(good));
    expect(r).toMatchObject({ imported: 2, written: false });
    expect((await core.call('app.info', {})).counts.cases).toBe(0);
  });

  it('export then import is lossless, for CSV and JSON', async () => {
    const { core } = await freshCore();
    await core.call('cases.import', csvInput(good));
    await core.call('cases.create', {
      title: '絵文字と記号 😀 ①㈱', summary: '全国の事例', body: '# 見出し\n- 箇条書き\n\n**太字**', prefecture: '全国', municipality: '', organization: '',
      organizationType: 'consortium', fields: ['行政DX'], technologies: ['AI'], programs: [], fiscalYear: null, size: '人口約5,000人',
      outcomes: [{ label: '削減時間', value: '1200', unit: '時間' }], sources: [{ document: '資料', section: '' }], tags: ['横展開'],
    });
    const before = core.ctx.cases.repo.all();
    for (const format of ['csv', 'json'] as const) {
      const out = await core.call('cases.export', { format });
      expect(out.count).toBe(3);
      if (format === 'csv') expect(Buffer.from(out.contentBase64, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const { core: other } = await freshCore();
      const r = await other.call('cases.import', { format, contentBase64: out.contentBase64 });
      expect(r, format).toMatchObject({ imported: 3, rejected: [] });
      expect(other.ctx.cases.repo.all(), format).toEqual(before);
    }
  });

  it('reads Shift_JIS (CP932) files as Excel in Japan writes them', async () => {
    const { core } = await freshCore();
    const bytes = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/cases/sjis.csv'));
    const r = await core.call('cases.import', { format: 'csv', contentBase64: bytes.toString('base64') });
    expect(r.encoding).toBe('shift_jis');
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBeGreaterThan(0);
  });
});

describe('case import in pieces (cases.importUpload)', () => {
  /** Send bytes in pieces of `size` bytes; returns the upload id. */
  async function upload(core: Core, bytes: Uint8Array, size: number): Promise<string> {
    let uploadId: string | undefined;
    for (let i = 0; i < bytes.length; i += size) {
      uploadId = (await core.call('cases.importUpload', { uploadId, chunkBase64: Buffer.from(bytes.subarray(i, i + size)).toString('base64') })).uploadId;
    }
    return uploadId!;
  }

  it('reads a file sent in pieces cut anywhere (inside a character, a quoted cell, a CRLF) as the same file sent whole', async () => {
    const sjis = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/cases/sjis.csv'));
    for (const [name, bytes] of [['utf-8', Buffer.from(`\uFEFF${good}`, 'utf8')], ['shift_jis', sjis]] as const) {
      const whole = await freshCore();
      const expected = await whole.core.call('cases.import', { format: 'csv', contentBase64: bytes.toString('base64') });
      for (const size of [1, 7, 64]) {
        const { core } = await freshCore();
        const uploadId = await upload(core, bytes, size);
        const preview = await core.call('cases.importPreview', { format: 'csv', uploadId });
        expect(preview, `${name} / ${size}`).toEqual({ ...expected, written: false });
        const r = await core.call('cases.import', { format: 'csv', uploadId });
        expect(r, `${name} / ${size}`).toEqual(expected);
        expect(core.ctx.cases.repo.all().map((c) => c.title).sort(), `${name} / ${size}`).toEqual(whole.core.ctx.cases.repo.all().map((c) => c.title).sort());
        // The upload is gone after the import.
        await expect(core.call('cases.import', { format: 'csv', uploadId })).rejects.toThrow(/送られたファイルが見つかりません/);
      }
    }
  });

  it('the stream reader gives the same rows, problems and encoding whatever the slices it reads (1, 2, 3, 5 bytes: inside characters and CRLFs)', () => {
    const sjis = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/cases/sjis.csv'));
    const broken = Buffer.from(`${HEADER}\r\n,題名,,"閉じない引用符\r\n`, 'utf8');
    const relaxed = Buffer.from(`${HEADER}\r\n,彼は"はい"と言った,,,,,,,,,,,,\r\n`, 'utf8');
    for (const bytes of [Buffer.from(`\uFEFF${good}`, 'utf8'), Buffer.from(good.replace(/\r\n/g, '\n'), 'utf8'), sjis, relaxed, broken]) {
      const outcome = (f: () => unknown) => {
        try {
          return f();
        } catch (err) {
          return String(err);
        }
      };
      const expected = outcome(() => parseCasesCsv(bytes));
      for (const slice of [1, 2, 3, 5]) {
        const source = bytesSource(bytes, slice);
        const got = outcome(() => withCsvAttempts(source, (attempt) => {
          const rows: unknown[] = [];
          const read = readCasesCsv(source, attempt, (r) => rows.push(r));
          return { ...read, rows };
        }));
        expect(got, `slice ${slice}`).toEqual(expected);
      }
    }
  });

  it('refuses an upload id it does not know, and writes nothing', async () => {
    const { core } = await freshCore();
    const uploadId = crypto.randomUUID();
    await expect(core.call('cases.importUpload', { uploadId, chunkBase64: b64(good) })).rejects.toThrow(/送られたファイルが見つかりません/);
    await expect(core.call('cases.import', { format: 'csv', uploadId })).rejects.toThrow(/送られたファイルが見つかりません/);
    await expect(core.call('cases.import', { format: 'csv', uploadId: '../../etc/passwd' })).rejects.toThrow();
    expect((await core.call('app.info', {})).counts.cases).toBe(0);
  });
});

describe('cases CLI', () => {
  function cli(args: string[]) {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, BANSO_DATA_DIR: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('import → search → get → export, with exit 2 and nothing written for rejected rows', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const data = path.join(t.dir, 'data');
    const goodFile = path.join(t.dir, 'good.csv');
    const badFile = path.join(t.dir, 'bad.csv');
    fs.writeFileSync(goodFile, good);
    fs.writeFileSync(badFile, `${good}\n,,題名なし,,,,,,,,,,,`);

    const bad = cli(['cases', 'import', badFile, '--json', '--data-dir', data]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ imported: 2, updated: 0, rejected: [{ row: 4, column: 'title' }] });
    expect(bad.stderr).toMatch(/何も書き込んでいません/);

    const dry = cli(['cases', 'import', goodFile, '--dry-run', '--json', '--data-dir', data]);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ imported: 2, written: false });

    const ok = cli(['cases', 'import', goodFile, '--json', '--data-dir', data]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ imported: 2, updated: 0, rejected: [] });

    const found = cli(['cases', 'search', '紡績', '--json', '--data-dir', data]);
    const hits = JSON.parse(found.stdout) as { id: string; title: string; snippet: string; score: number; prefecture: string; fields: string[] }[];
    expect(hits.map((h) => h.title)).toContain('紡績工場を改修したオフィス');
    expect(Object.keys(hits[0]!).sort()).toEqual(['fields', 'id', 'prefecture', 'score', 'snippet', 'title']);
    expect(hits[0]!.title).toBe('紡績工場を改修したオフィス');

    // The data folder also holds the seed cases (loaded on first run).
    const filtered = JSON.parse(cli(['cases', 'search', '', '--prefecture', '岐阜県', '--limit', '500', '--json', '--data-dir', data]).stdout) as { title: string; prefecture: string }[];
    expect(filtered.map((h) => h.title)).toContain('紡績工場を改修したオフィス');
    expect(new Set(filtered.map((h) => h.prefecture))).toEqual(new Set(['岐阜県']));

    const got = cli(['cases', 'get', hits[0]!.id, '--json', '--data-dir', data]);
    expect(JSON.parse(got.stdout)).toMatchObject({ municipality: '郡上市', fiscalYear: 2016 });
    expect(cli(['cases', 'get', 'no-such-id', '--json', '--data-dir', data]).code).toBe(2);

    const out = path.join(t.dir, 'export.json');
    const exp = cli(['cases', 'export', '--format', 'json', '--out', out, '--json', '--data-dir', data]);
    expect(exp.code).toBe(0);
    expect((JSON.parse(fs.readFileSync(out, 'utf8')) as { title: string }[]).map((c) => c.title)).toContain('空き店舗のテレワーク拠点');
  });
});
