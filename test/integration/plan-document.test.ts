import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { readZip } from '../../electron/core/docs/zip.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { tempDir } from '../helpers/tmp.ts';
import { checkDocxValidity } from '../helpers/docx-validity.ts';
import { pdfOf } from '../helpers/office.ts';
import { REFERENCE, referenceDocx } from '../helpers/reference-docx.ts';

/**
 * The plan document as a municipality's own 素案, end to end through the contract: a plan-a
 * engagement with answers and log entries (one marked 共有可, one not), the document's settings
 * (title, 案, period, department, date) → DOCX read back (mammoth, the parts), checked for validity,
 * converted with LibreOffice and searched with pdftotext.
 * BANSO_DOCX_KEEP=DIR keeps the .docx, the .pdf and page images.
 */

const KEEP = process.env.BANSO_DOCX_KEEP;

let core: Core;
let dir: string;
let cleanup: () => void;
let eid: string;

const r = (id: string, cells: Record<string, unknown>) => ({ id, cells });

beforeAll(async () => {
  const t = tempDir('banso-plandoc-');
  dir = t.dir;
  core = await createCore({ dataDir: path.join(t.dir, 'data'), loadSeeds: false });
  cleanup = () => {
    core.close();
    t.cleanup();
  };
  await core.call('settings.update', { advisorName: '伴走 太郎', organization: '地域DX支援室' });
  const cl = await addClient(core, { name: '徳島県神山町', kind: 'municipality', prefecture: '徳島県' });
  const e = await addEngagement(core, { clientId: cl.id, program: 'plan-a', startDate: '2025-06-02', advisors: ['伴走 太郎'] });
  eid = e.id;
  await core.call('plan.create', { engagementId: eid, startDate: '2025-06-02' });
  const answers: Record<string, unknown> = {
    'plan-summary': '本計画は、町のDXの道筋を示すものです。',
    purpose: '国のデジタル田園都市国家構想を踏まえ、町としてDXを進めます。',
    'existing-plans': '第6次総合計画の分野別計画として位置付けます。',
    'region-overview': '人口は約5,000人で、高齢化率は50%を超えています。',
    'digital-status': '窓口でRPAの試行を始めました。LPWAの網はまだありません。',
    issues: [
      r('i1', { title: '窓口の混雑', field: '行政・窓口', importance: '3', urgency: '3' }),
      r('i2', { title: '移動手段の不足', field: '交通・移動', importance: '3', urgency: '2' }),
    ],
    goals: [r('g1', { goal: '誰もが手続きに迷わない町' }), r('g2', { goal: '安心して移動できる町' })],
    measures: [
      r('m1', { issue: 'i1', goal: 'g1', measure: 'オンライン申請の拡充', technology: 'オンライン手続き', estimate: 12_345_678, owner: '住民課', funding: 'infra-subsidy' }),
      r('m2', { issue: 'i2', goal: 'g2', measure: 'オンデマンド交通の実証', technology: '自動運転・ドローン', estimate: 5_000_000, owner: '企画課', funding: 'general' }),
    ],
    rollout: [
      r('s1', { step: '申請フォームの整備', measure: 'm1', start: '2026-06-01', stage: '導入' }),
      r('s2', { step: '実証運行', measure: 'm2', start: '2026-10-01', stage: '実証' }),
      r('s3', { step: '本格運行', measure: 'm2', start: '2028-04-01', stage: '運用' }),
    ],
    kpi: [r('k1', { indicator: 'オンライン申請の件数', baseline: 120, target: 1200, deadline: '2028-12-31', owner: '住民課' })],
    'org-structure': 'CDOを置き、庁内にDX推進本部を設けます。',
    'solution-notes': '見送った案: 全戸へのタブレット配布。',
  };
  for (const [questionId, value] of Object.entries(answers)) await core.call('plan.answer', { engagementId: eid, questionId, value });
  await addLog(core, { engagementId: eid, date: '2025-07-10', topics: '第1回 策定委員会', decisions: '計画の骨子を了承', notes: '内部メモ: 課長は慎重', shareable: true });
  await addLog(core, { engagementId: eid, date: '2025-08-01', topics: '非公開の打合せ', decisions: '人事の件', notes: '秘密のメモ' });
});
afterAll(() => cleanup?.());

async function exportPlan(input: Record<string, unknown> = {}): Promise<Buffer> {
  const res = await core.call('docs.export', { engagementId: eid, ...input });
  return Buffer.from(res.contentBase64, 'base64');
}
const html = async (b: Buffer) => (await mammoth.convertToHtml({ buffer: b })).value.replace(/<a id="[^"]*"><\/a>/g, '');
const part = (b: Buffer, name: string) => Buffer.from(readZip(b).find((e) => e.name === name)!.data).toString('utf8');

describe('the plan document is the municipality’s 素案', () => {
  it('settings: defaults, a patch, and a bad value refused in Japanese with nothing written', async () => {
    const v = await core.call('docs.settings', { engagementId: eid });
    expect(v.settings).toMatchObject({ status: 'draft', title: '', startFy: null });
    expect(v.preview.title).toBe('神山町 地域DX推進計画（素案）');
    expect(v.preview.period).toBe('令和8年度〜令和10年度（2026年度〜2028年度）');
    await expect(core.call('docs.updateSettings', { engagementId: eid, patch: { startFy: 2028, endFy: 2026 } })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/計画期間の終わり/) });
    await expect(core.call('docs.updateSettings', { engagementId: eid, patch: { status: 'done' } })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/素案/) });
    expect((await core.call('docs.settings', { engagementId: eid })).updatedAt).toBeNull();
    const u = await core.call('docs.updateSettings', { engagementId: eid, patch: { status: 'proposal', startFy: 2026, endFy: 2028, department: '総務課 企画係', date: '2026-03-15' } });
    expect(u.preview).toEqual({ title: '神山町 地域DX推進計画（案）', period: '令和8年度〜令和10年度（2026年度〜2028年度）', header: '神山町 地域DX推進計画（案）' });
    const hist = core.ctx.db.prepare("SELECT field FROM history WHERE entity = 'plan' AND entity_id = ? AND field LIKE 'document.%' ORDER BY id").pluck().all(eid);
    expect(hist).toEqual(['document.status', 'document.startFy', 'document.endFy', 'document.department', 'document.date']);
  });

  it('cover, header, outline, tables and 資料編 from the answers and the shareable log', { timeout: 180_000 }, async () => {
    const docx = await exportPlan({ era: 'wareki' });
    checkDocxValidity(docx);
    const h = await html(docx);
    if (KEEP) {
      fs.mkdirSync(KEEP, { recursive: true });
      fs.writeFileSync(path.join(KEEP, 'plan-a-municipal.html'), h);
    }
    // Cover: the municipality's plan, its period, date and body; no advisor as author.
    expect(h).toContain('<strong>神山町 地域DX推進計画（案）</strong>');
    expect(h).toContain('計画期間　令和8年度〜令和10年度（2026年度〜2028年度）');
    expect(h).toContain('令和8年（2026年）3月');
    expect(h).toContain('徳島県神山町');
    expect(h).toContain('総務課 企画係');
    expect(h).not.toContain('作成者');
    expect(h).not.toMatch(/<p>(作成者　)?伴走 太郎<\/p>/);
    expect(part(docx, 'docProps/core.xml')).toContain('<dc:creator>徳島県神山町</dc:creator>');
    const headers = readZip(docx).filter((e) => /^word\/header\d+\.xml$/.test(e.name)).map((e) => Buffer.from(e.data).toString('utf8')).join('');
    expect(headers).toContain('神山町 地域DX推進計画（案）');
    // The outline: はじめに (the summary leads), five chapters, 資料編.
    const heads = [...h.matchAll(/<h1>([^<]*)<\/h1>/g)].map((m) => m[1]);
    expect(heads).toEqual(['はじめに', '第1章　計画の策定にあたって', '第2章　現状と課題', '第3章　基本方針と施策体系', '第4章　施策・事業', '第5章　推進体制と進捗管理', '資料編']);
    expect(h.indexOf('町のDXの道筋')).toBeLessThan(h.indexOf('<h1>第1章　計画の策定にあたって'));
    expect(h).toMatch(/<h2>\d\.　計画期間<\/h2><p>本計画の期間は、令和8年度〜令和10年度（2026年度〜2028年度）とします。<\/p>/);
    expect(h).not.toContain('支援の日程');
    // KPI: 指標 | 現状値（基準年度） | 目標値（目標年度） | 担当課.
    expect(h).toContain('<th><p><strong>指標</strong></p></th><th><p><strong>現状値（基準年度）</strong></p></th><th><p><strong>目標値（目標年度）</strong></p></th><th><p><strong>担当課</strong></p></th>');
    expect(h).toContain('<td><p>オンライン申請の件数</p></td><td><p>120（令和7年度）</p></td><td><p>1,200（令和10年度）</p></td><td><p>住民課</p></td>');
    // 施策体系: goal → area (the 分野 of the issue) → measure.
    expect(h).toContain('<td><p>誰もが手続きに迷わない町</p></td><td><p>行政・窓口</p></td><td><p>オンライン申請の拡充</p></td>');
    // 事業一覧 in 千円 with funding from the catalogue.
    expect(h).toContain('<td><p>オンライン申請の拡充</p></td><td><p>住民課</p></td><td><p>12,346</p></td><td><p>国庫補助（通信インフラ補助 1/2）</p></td>');
    expect(h).toContain('<td><p>一般財源</p></td>');
    expect(h).toContain('<td><p><strong>合計</strong></p></td><td></td><td></td><td><p><strong>17,346</strong></p></td>');
    // 工程表: 導入 then 運用; 実証 then 運用 from the rollout's stages; 検討 before.
    expect(h).toContain('<th><p><strong>施策・取組</strong></p></th><th><p><strong>令和8年度</strong></p></th><th><p><strong>令和9年度</strong></p></th><th><p><strong>令和10年度</strong></p></th>');
    expect(h).toContain('<td><p>オンライン申請の拡充</p></td><td><p>導入</p></td><td><p>運用</p></td><td><p>運用</p></td>');
    expect(h).toContain('<td><p>オンデマンド交通の実証</p></td><td><p>実証</p></td><td><p>実証</p></td><td><p>運用</p></td>');
    // 資料編: 策定経過 from the support and the shareable entry only; never notes.
    expect(h).toContain('<td><p>令和7年6月2日</p></td><td><p>計画策定支援 Aコース（地域課題整理）による策定支援を開始</p></td><td><p>支援: 伴走 太郎</p></td>');
    expect(h).toContain('<td><p>令和7年7月10日</p></td><td><p>第1回 策定委員会</p></td><td><p>計画の骨子を了承</p></td>');
    expect(h).not.toContain('非公開の打合せ');
    expect(h).not.toContain('人事の件');
    expect(h).not.toContain('内部メモ');
    expect(h).not.toContain('秘密のメモ');
    // 用語集: the terms the text uses, and not the ones it does not.
    for (const term of ['DX', 'RPA', 'LPWA', 'CDO', 'KPI', 'デジタル田園都市国家構想', '一般財源', '国庫補助']) expect(h).toContain(`<td><p>${term}</p></td>`);
    expect(h).not.toContain('<td><p>ローカル5G</p></td>');
    expect(h).not.toContain('<td><p>MaaS</p></td>');
    // An answer the outline puts in 資料編 is there, not dropped.
    expect(h).toMatch(/<h2>\d\.　検討資料<\/h2>[\s\S]*全戸へのタブレット配布/);

    const out = KEEP ?? path.join(dir, 'keep');
    const { text } = pdfOf(docx, 'plan-a-municipal', out, { pages: KEEP ? 'all' : 'none' });
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('神山町地域DX推進計画（案）');
    expect(flat).toContain('第5章推進体制と進捗管理');
    expect(flat).toContain('策定経過');
    expect(flat).toContain('オンライン申請の拡充');
  });

  it('西暦 on request; 確定版 drops the mark from the title', async () => {
    await core.call('docs.updateSettings', { engagementId: eid, patch: { status: 'final', title: '神山町デジタル推進計画' } });
    const h = await html(await exportPlan({ era: 'seireki' }));
    expect(h).toContain('<strong>神山町デジタル推進計画</strong>');
    expect(h).toContain('計画期間　2026年度〜2028年度');
    expect(h).toContain('2026年3月');
    expect(h).toContain('<th><p><strong>2026年度</strong></p></th>');
    await core.call('docs.updateSettings', { engagementId: eid, patch: { status: 'proposal', title: '' } });
  });
});

describe('the municipality’s own Word styles (a reference .docx)', () => {
  it('takes styles, fonts, sizes, margins, header/footer and numbering; refuses a file that is not a .docx; can be removed', { timeout: 180_000 }, async () => {
    const before = await exportPlan();
    const bad = core.call('docs.setReference', { engagementId: eid, reference: { fileName: '様式.docx', contentBase64: Buffer.from('これは文書ではない').toString('base64') } });
    await expect(bad).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/「様式\.docx」は Word 文書（\.docx）として読めません/) });
    expect((await core.call('docs.settings', { engagementId: eid })).reference).toBeNull();

    const v = await core.call('docs.setReference', { engagementId: eid, reference: { fileName: '神山町様式.docx', contentBase64: referenceDocx().toString('base64') } });
    expect(v.reference).toMatchObject({ name: '神山町様式.docx' });
    const docx = await exportPlan();
    checkDocxValidity(docx);
    const styles = part(docx, 'word/styles.xml');
    expect(styles).toContain(`w:eastAsia="${REFERENCE.bodyFont}"`);
    expect(styles).toContain(`<w:sz w:val="${REFERENCE.bodySize}"/>`);
    expect(styles).toContain('<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/>');
    expect(styles).toContain('w:styleId="Heading3"'); // the reference has no heading 3: ours is added
    expect(styles).not.toContain('游明朝');
    const doc = part(docx, 'word/document.xml');
    expect(doc).toContain(`<w:pgMar w:top="${REFERENCE.margin.top}" w:right="${REFERENCE.margin.right}" w:bottom="${REFERENCE.margin.bottom}" w:left="${REFERENCE.margin.left}"`);
    expect(doc).toContain('<w:pStyle w:val="1"/>'); // 第1章 in the reference's 見出し 1
    expect(doc).not.toContain('<w:pStyle w:val="Heading1"/>');
    expect(doc).not.toContain('この文書の本文は取り込まれません');
    // Tables span the reference's text width: 11906 − 2 × 1701.
    expect(doc).toContain('<w:tblW w:type="dxa" w:w="8504"/>');
    const names = readZip(docx).map((e) => e.name);
    expect(names).toContain('word/media/image1.png');
    const hf = readZip(docx).filter((e) => /^word\/(header|footer)\d+\.xml$/.test(e.name)).map((e) => Buffer.from(e.data).toString('utf8')).join('');
    expect(hf).toContain(REFERENCE.headerText);
    expect(hf).toContain(REFERENCE.footerText);
    expect(part(docx, 'word/numbering.xml')).toContain('decimalFullWidth');
    // Read back: mammoth maps the reference's 見出し 1 to h1; LibreOffice lays it out.
    const h = await html(docx);
    expect(h).toContain('<h1>第1章　計画の策定にあたって</h1>');
    const { text } = pdfOf(docx, 'plan-a-reference', KEEP ?? path.join(dir, 'keep'), { pages: KEEP ? [1, 3] : 'none' });
    expect(text.replace(/\s+/g, '')).toContain(REFERENCE.headerText.replace(/\s+/g, ''));
    expect(text.replace(/\s+/g, '')).toContain('第1章計画の策定にあたって');

    await core.call('docs.setReference', { engagementId: eid, reference: null });
    const after = await exportPlan();
    expect(part(after, 'word/styles.xml')).toBe(part(before, 'word/styles.xml'));
  });
});

describe('the plan’s tables as an Excel workbook', () => {
  it('KPI, 施策体系, 事業一覧 (千円 as numbers with #,##0) and 工程表, read back with exceljs', async () => {
    const r = await core.call('docs.tablesXlsx', { engagementId: eid });
    expect(r.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.fileName).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['KPI', '施策体系', '事業一覧', '工程表']);
    const kpi = wb.getWorksheet('KPI')!;
    expect((kpi.getRow(3).values as unknown[]).slice(1)).toEqual(['指標', '現状値（基準年度）', '目標値（目標年度）', '担当課']);
    expect((kpi.getRow(4).values as unknown[]).slice(1)).toEqual(['オンライン申請の件数', '120（令和7年度）', '1,200（令和10年度）', '住民課']);
    const p = wb.getWorksheet('事業一覧')!;
    expect(p.getCell('D4').value).toBe(12_346);
    expect(p.getCell('D4').numFmt).toBe('#,##0');
    expect(p.getCell('E4').value).toBe('国庫補助（通信インフラ補助 1/2）');
    expect(p.getCell('A6').value).toBe('合計');
    expect(p.getCell('D6').value).toBe(17_346);
    expect(p.getColumn(2).width).toBeGreaterThan(p.getColumn(1).width!);
    expect(p.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const s = wb.getWorksheet('工程表')!;
    expect((s.getRow(5).values as unknown[]).slice(1)).toEqual(['オンデマンド交通の実証', '実証', '実証', '運用']);
  });
});
