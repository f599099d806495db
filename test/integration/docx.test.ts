import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { readZip } from '../../electron/core/docs/zip.ts';
import type { Question } from '../../shared/domain/template.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { answerFor } from '../helpers/plan-answers.ts';
import { tempDir } from '../helpers/tmp.ts';
import { parseDocxParts } from '../helpers/xml.ts';
import { checkDocxValidity } from '../helpers/docx-validity.ts';
import { pdfOf } from '../helpers/office.ts';

/**
 * DOCX export end to end: a plan of every built-in template filled with every question type, and
 * an engagement report; read back with mammoth, unzipped and checked (every part well-formed by a
 * conforming XML parser, A4, East Asian fonts, ja-JP), converted to PDF with LibreOffice and
 * searched with pdftotext.
 * Set BANSO_DOCX_KEEP=DIR to keep the .docx / .pdf / page-1 .png files for a look.
 */

const APT = 'apt-get install -y libreoffice-writer-nogui poppler-utils fonts-ipaexfont fonts-noto-cjk';
const KEEP = process.env.BANSO_DOCX_KEEP;

let core: Core;
let dir: string;
let cleanup: () => void;
let caseId: string;

beforeAll(async () => {
  const t = tempDir('banso-docx-');
  dir = t.dir;
  core = await createCore({ dataDir: path.join(t.dir, 'data'), loadSeeds: false });
  cleanup = () => {
    core.close();
    t.cleanup();
  };
  await core.call('settings.update', { advisorName: '伴走 太郎', organization: '地域DX支援室' });
  const c = await core.call('cases.create', {
    title: '神山町のサテライトオフィス誘致',
    summary: '県内全域の光回線を生かし、空き家を改修して**IT企業**のサテライトオフィスを誘致した。',
    prefecture: '徳島県',
    municipality: '神山町',
    organization: 'NPO法人グリーンバレー',
    fiscalYear: 2010,
    outcomes: [{ label: '進出企業', value: '16', unit: '社' }],
    sources: [{ document: '地方創生テレワーク事例集', section: '第2章' }],
  });
  caseId = c.id;
});
afterAll(() => cleanup?.());

const MARKDOWN = [
  '地域の現状を**三つの観点**で整理した。😀',
  '',
  '- 公共交通の縮小',
  '- 窓口の**混雑**',
  '',
  '1. 調査',
  '2. 分析',
  '',
  '| 指標 | 現状 | 目標 |',
  '| --- | --- | --- |',
  '| 窓口待ち時間 | 40分 | 10分 |',
  '',
  '制御文字\u0001\u0008\u000B\uFFFFは消える。',
].join('\n');

function fill(q: Question): unknown {
  return answerFor(q, { short: () => '対象地域の全域', long: () => MARKDOWN, cell: (c, n) => `${c.label}セル${n}`, rows: 3, caseId });
}

async function filledPlan(program: 'plan-a' | 'plan-b' | 'telework' | 'system-building', client = '徳島県神山町'): Promise<string> {
  const cl = await addClient(core, { name: client, kind: program === 'system-building' ? 'prefecture' : 'municipality', prefecture: '徳島県' });
  const e = await addEngagement(core, { clientId: cl.id, program, startDate: '2025-06-02', advisors: ['伴走 太郎'] });
  const p = await core.call('plan.create', { engagementId: e.id, startDate: '2025-06-02' });
  if (program !== 'plan-a') await core.call('engagements.attachCase', { id: e.id, caseId }); // plan-a refers to it in a case-ref answer
  for (const ph of p.template.phases)
    for (const s of ph.sections)
      for (const q of s.questions) {
        const v = fill(q);
        if (v !== undefined) await core.call('plan.answer', { engagementId: e.id, questionId: q.id, value: v });
      }
  return e.id;
}

async function exportBytes(input: { engagementId: string; doc?: 'plan' | 'report'; era?: 'wareki' | 'seireki'; unanswered?: 'omit' | 'mark' }): Promise<Buffer> {
  const r = await core.call('docs.export', input);
  expect(r.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  expect(r.fileName).toMatch(/\.docx$/);
  return Buffer.from(r.contentBase64, 'base64');
}

/** mammoth's HTML without the TOC bookmarks' anchors. */
async function htmlOf(docx: Buffer): Promise<string> {
  return (await mammoth.convertToHtml({ buffer: docx })).value.replace(/<a id="[^"]*"><\/a>/g, '');
}

function partsOf(docx: Buffer): Map<string, string> {
  return new Map(readZip(docx).filter((e) => /\.(xml|rels)$/.test(e.name)).map((e) => [e.name, Buffer.from(e.data).toString('utf8')]));
}

function checkPackage(docx: Buffer, opts: { toc?: boolean } = {}): Map<string, string> {
  parseDocxParts(docx); // every part well-formed, by a conforming XML parser
  checkDocxValidity(docx); // grids, cell paragraphs, pPr/rPr order, relationship targets, content types
  const parts = partsOf(docx);
  const doc = parts.get('word/document.xml')!;
  expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  expect(doc).not.toMatch(/w:orient="landscape"/);
  expect(doc).toContain('<w:tblHeader');
  if (opts.toc !== false) expect(doc).toMatch(/TOC \\h \\o &quot;1-3&quot;/);
  else expect(doc).not.toContain('TOC \\h');
  const styles = parts.get('word/styles.xml')!;
  expect(styles).toMatch(/w:eastAsia="游明朝"/);
  expect(styles).toMatch(/w:eastAsia="游ゴシック"/);
  expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="ja-JP"/);
  // The 目次 is filled when written: no "update fields?" prompt on open (no updateFields, no dirty field).
  expect(parts.get('word/settings.xml')).not.toContain('updateFields');
  expect(doc).not.toContain('w:dirty');
  expect(parts.get('word/fontTable.xml')).toContain('<w:altName w:val="ＭＳ 明朝"/>');
  const header = [...parts].filter(([n]) => /word\/header\d*\.xml/.test(n)).map(([, x]) => x).join('');
  const footer = [...parts].filter(([n]) => /word\/footer\d*\.xml/.test(n)).map(([, x]) => x).join('');
  expect(footer).toMatch(/PAGE/);
  expect(header.length).toBeGreaterThan(0);
  return parts;
}

const squash = (s: string) => s.replace(/\s+/g, '');

function sofficeOrFail(): string {
  const r = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`LibreOffice (soffice) が見つかりません。インストールしてください: ${APT}`);
  const p = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (p.error) throw new Error(`pdftotext が見つかりません。インストールしてください: ${APT}`);
  return 'soffice';
}

function toPdfText(docx: Buffer, name: string): string {
  const bin = sofficeOrFail();
  const out = path.join(dir, name);
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `${name}.docx`);
  fs.writeFileSync(file, docx);
  const home = path.join(dir, 'lo-home');
  fs.mkdirSync(home, { recursive: true });
  execFileSync(bin, ['--headless', '--norestore', `-env:UserInstallation=file://${home}`, '--convert-to', 'pdf', '--outdir', out, file], {
    env: { ...process.env, HOME: home },
    stdio: 'pipe',
    timeout: 120_000,
  });
  const pdf = path.join(out, `${name}.pdf`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  if (KEEP) {
    fs.mkdirSync(KEEP, { recursive: true });
    fs.copyFileSync(file, path.join(KEEP, `${name}.docx`));
    fs.copyFileSync(pdf, path.join(KEEP, `${name}.pdf`));
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '3', pdf, path.join(KEEP, name)]);
  }
  return text;
}

const TITLES = { 'plan-a': '地域DX推進計画', 'plan-b': 'ソリューション実装計画書', telework: 'テレワーク導入 提案書', 'system-building': 'DX推進体制構築 取組方針' } as const;

describe('DOCX export of plans', () => {
  for (const program of ['plan-a', 'plan-b', 'telework', 'system-building'] as const) {
    it(`${program}: ${TITLES[program]} reads back, is well-formed A4 with Japanese fonts, and converts to PDF`, { timeout: 120_000 }, async () => {
      const id = await filledPlan(program, `${program}町`);
      const docx = await exportBytes({ engagementId: id, era: 'wareki' });
      const parts = checkPackage(docx);
      // The municipality is the author of its plan, not the advisor.
      expect(parts.get('docProps/core.xml')).toContain(`${program}町`);
      expect(parts.get('docProps/core.xml')).not.toContain('伴走 太郎');

      const html = await htmlOf(docx);
      expect(html).toContain(TITLES[program]);
      expect(html).toMatch(/<h1>第1章　/);
      expect(html).toMatch(/<h2>1\.　|<h3>\(1\)　/);
      expect(html).toContain('<table>');
      expect(html).toContain(`${program}町 ${TITLES[program]}（素案）`);
      expect(html).not.toContain('支援の日程');
      expect(html).toMatch(/<h1>資料編<\/h1>/);
      expect(html).toMatch(/<h2>1\.　策定経過<\/h2>/);
      expect(html).toMatch(/<h2>\d\.　参考事例<\/h2>/);
      expect(html).toContain('出典: 地方創生テレワーク事例集（第2章）');
      expect(html).toContain('令和7年6月2日');
      expect(html).toContain('<strong>三つの観点</strong>');
      expect(html).toContain('😀');
      expect(html).toContain('窓口待ち時間');
      expect(html).toContain('制御文字は消える。');
      expect(html).not.toContain('作成者');

      const text = toPdfText(docx, program);
      // pdftotext spaces Latin letters off Japanese and wraps the cover's large title.
      expect(squash(text)).toContain(squash(`${program}町 ${TITLES[program]}（素案）`));
      expect(text).toMatch(/第1章/);
      expect(text).toContain('参考事例');
      expect(text).toContain('窓口待ち時間');
    });
  }

  it('plan-b: the cost table has totals and the subsidy; 西暦 dates on request', async () => {
    const id = await filledPlan('plan-b', '西暦町');
    const html = await htmlOf(await exportBytes({ engagementId: id, era: 'seireki' }));
    expect(html).toContain('2025年6月2日');
    expect(html).not.toContain('令和7年6月2日');
    expect(html).toMatch(/<td><p><strong>合計<\/strong><\/p><\/td>/);
    expect(html).toContain('6,000,000円'); // Σ initial of 1, 2, 3 million
    expect(html).toContain('実質負担額');
    expect(html).toMatch(/補助額（/);
  });

  it('an empty plan still gives a valid document; unanswered questions are omitted or marked', { timeout: 120_000 }, async () => {
    const cl = await addClient(core, { name: '空白村', kind: 'municipality', prefecture: '長野県' });
    const e = await addEngagement(core, { clientId: cl.id, program: 'plan-a', startDate: '2025-06-02' });
    await core.call('plan.create', { engagementId: e.id, startDate: '2025-06-02' });
    const omit = await exportBytes({ engagementId: e.id });
    checkPackage(omit);
    const htmlOmit = await htmlOf(omit);
    expect(htmlOmit).not.toContain('（未記入）');
    expect(htmlOmit).toContain('策定経過');
    const mark = await exportBytes({ engagementId: e.id, unanswered: 'mark' });
    checkPackage(mark);
    const htmlMark = await htmlOf(mark);
    expect(htmlMark).toContain('（未記入）');
    expect(htmlMark).toContain('地域の概況');
    expect(squash(toPdfText(omit, 'empty'))).toContain('空白村地域DX推進計画（素案）');
  });

  it('keeps a 10,000-character answer and emoji, and gives the same bytes for the same input', async () => {
    const cl = await addClient(core, { name: '長文町', kind: 'municipality', prefecture: '岐阜県' });
    const e = await addEngagement(core, { clientId: cl.id, program: 'plan-a', startDate: '2025-06-02' });
    await core.call('plan.create', { engagementId: e.id, startDate: '2025-06-02' });
    const long = `${'あ'.repeat(4999)}👩‍💻${'い'.repeat(4999)}`;
    await core.call('plan.answer', { engagementId: e.id, questionId: 'region-overview', value: long });
    const a = await exportBytes({ engagementId: e.id });
    await new Promise((r) => setTimeout(r, 1100)); // a later clock must not change the bytes
    const b = await exportBytes({ engagementId: e.id });
    expect(Buffer.compare(a, b)).toBe(0);
    const text = (await mammoth.extractRawText({ buffer: a })).value;
    expect(text).toContain(long);
    const m = await core.call('docs.model', { engagementId: e.id });
    expect(m.blocks.some((bl) => bl.type === 'paragraph' && bl.runs.some((r) => r.text === long))).toBe(true);
  });

  it('refuses bad input and a missing plan with structured errors', async () => {
    await expect(core.call('docs.export', { engagementId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(core.call('docs.export', { engagementId: 'x', era: 'bc' as never })).rejects.toMatchObject({ code: 'invalid_input' });
    const cl = await addClient(core, { name: '無計画町', kind: 'municipality', prefecture: '岐阜県' });
    const e = await addEngagement(core, { clientId: cl.id, program: 'plan-a' });
    await expect(core.call('docs.export', { engagementId: e.id })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('DOCX export of the 支援実施報告書', () => {
  it('one visit: no cover, no contents, one or two A4 pages in LibreOffice', { timeout: 120_000 }, async () => {
    const cl = await addClient(core, { name: '白川村', kind: 'municipality', prefecture: '岐阜県' });
    const e = await addEngagement(core, { clientId: cl.id, program: 'advisor', startDate: '2025-04-01', advisors: ['伴走 太郎'] });
    await addLog(core, { engagementId: e.id, date: '2025-05-01', minutes: 120, place: '村役場', attendees: ['総務課長', '担当'], topics: '窓口のデジタル化の相談', decisions: '- 申請の棚卸しをする\n- 次回までに件数を集める', nextActions: [{ task: '申請件数を集める', owner: '村', due: '2025-05-30' }] });
    const docx = await exportBytes({ engagementId: e.id, doc: 'report' });
    checkPackage(docx, { toc: false });
    const html = await htmlOf(docx);
    expect(html).not.toContain('目次');
    expect(html).toContain('窓口のデジタル化の相談');
    const out = KEEP ?? path.join(dir, 'one-visit');
    const pdf = pdfOf(docx, 'report-one-visit', out, { pages: KEEP ? 'all' : 'none' });
    expect(pdf.pageCount).toBeGreaterThanOrEqual(1);
    expect(pdf.pageCount).toBeLessThanOrEqual(2);
    expect(pdf.text.replace(/\s+/g, '')).toContain('支援実施報告書');
    // Asked for, the cover and the contents come back.
    const full = await htmlOf(await exportBytes({ engagementId: e.id, doc: 'report', compact: false } as never));
    expect(full).toContain('目次');
  });

  it('lists client, program, period, every log entry, the quota and open next actions', { timeout: 120_000 }, async () => {
    const cl = await addClient(core, { name: '郡上市', kind: 'municipality', prefecture: '岐阜県' });
    const e = await addEngagement(core, { clientId: cl.id, program: 'advisor', startDate: '2025-04-01', advisors: ['伴走 太郎'] });
    await addLog(core, { engagementId: e.id, date: '2025-05-01', minutes: 90, topics: '現状のヒアリング', decisions: '**課題表**を作る', nextActions: [{ task: '人口データを集める', owner: '市役所', due: '2025-05-20' }] });
    await addLog(core, { engagementId: e.id, date: '2025-06-10', mode: 'online', minutes: 45, topics: '課題の優先順位', decisions: '上位3件に絞る', nextActions: [{ task: '済んだ作業', done: true }] });
    await core.call('engagements.attachCase', { id: e.id, caseId });
    const docx = await exportBytes({ engagementId: e.id, doc: 'report' });
    checkPackage(docx);
    const html = await htmlOf(docx);
    expect(html).toContain('支援実施報告書');
    expect(html).toContain('郡上市');
    expect(html).toContain('地域情報化アドバイザー派遣');
    expect(html).toContain('令和7年5月1日');
    expect(html).toContain('令和7年6月10日');
    expect(html).toContain('現状のヒアリング');
    expect(html).toContain('<strong>課題表</strong>');
    expect(html).toContain('人口データを集める');
    expect(html).not.toContain('済んだ作業');
    expect(html).toMatch(/<td><p>135<\/p><\/td>|<strong>135<\/strong>/);
    expect(html).toMatch(/派遣|回/);
    const text = toPdfText(docx, 'report');
    expect(text).toContain('支援実施報告書');
    expect(text).toContain('人口データを集める');
  });
});
