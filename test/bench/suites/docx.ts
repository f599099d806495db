import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderDocx } from '../../../electron/core/docs/docx.ts';
import { readZip } from '../../../electron/core/docs/zip.ts';
import { markdownBlocks, numberHeadings, type Block, type DocModel } from '../../../shared/domain/document.ts';
import { median, sample, type BenchResult, type BenchSuite } from '../harness.ts';

/**
 * A ~100-page plan: 300 answers (markdown with lists and bold), 20 tables × 50 rows, 50 attached
 * cases. Export = document model → DOCX bytes (deterministic repack included). The same content
 * as Markdown converted by pandoc to DOCX in the same run gives the ratio.
 */

const ANSWER = '地域の現状を**三つの観点**で整理した。人口減少と高齢化が進み、公共交通の縮小と窓口の混雑が課題である。\n\n- 公共交通の縮小\n- 窓口の**混雑**\n- 獣害の増加\n\nデジタル技術の活用で、予約型の乗合交通とオンライン申請を組み合わせる。';

export function bigModel(): { model: DocModel; markdown: string } {
  const blocks: Block[] = [{ type: 'toc', title: '目次' }, { type: 'pageBreak' }];
  const md: string[] = ['# 計画書', ''];
  for (let ch = 0; ch < 10; ch++) {
    blocks.push({ type: 'heading', level: 1, number: '', text: `章 ${ch + 1}` });
    md.push(`# 第${ch + 1}章 章 ${ch + 1}`, '');
    for (let a = 0; a < 30; a++) {
      blocks.push({ type: 'heading', level: 3, number: '', text: `設問 ${ch * 30 + a + 1}` }, ...markdownBlocks(ANSWER));
      md.push(`### 設問 ${ch * 30 + a + 1}`, '', ANSWER, '');
    }
    for (let t = 0; t < 2; t++) {
      const header = ['費目', '導入費', '運用費', '年数', '備考'];
      const rows = Array.from({ length: 50 }, (_, r) => [`費目 ${r + 1}`, `${(r + 1) * 10_000}円`, `${(r + 1) * 1_000}円`, '5', '根拠は見積書による']);
      blocks.push({ type: 'table', header, rows, totals: ['合計', '12,750,000円', '1,275,000円', '', ''] });
      md.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '');
    }
  }
  blocks.push({ type: 'heading', level: 1, number: '', text: '参考事例' });
  md.push('# 参考事例', '');
  for (let c = 0; c < 50; c++) {
    blocks.push(
      { type: 'heading', level: 2, number: '', text: `参考事例 ${c + 1}　サテライトオフィスの誘致` },
      { type: 'paragraph', runs: [{ text: '徳島県神山町・NPO法人・2010年度' }] },
      ...markdownBlocks('空き家を改修してIT企業のサテライトオフィスを誘致した。進出企業は16社に上る。'),
      { type: 'paragraph', runs: [{ text: '出典: 地方創生テレワーク事例集（第2章）' }], tone: 'note' },
    );
    md.push(`## 参考事例 ${c + 1} サテライトオフィスの誘致`, '', '徳島県神山町・NPO法人・2010年度', '', '空き家を改修してIT企業のサテライトオフィスを誘致した。進出企業は16社に上る。', '', '出典: 地方創生テレワーク事例集（第2章）', '');
  }
  const model: DocModel = {
    kind: 'plan',
    title: '計画書',
    header: 'ベンチ町　計画書',
    cover: { title: '計画書', subtitle: '', client: 'ベンチ町', date: '令和7年6月2日', author: '', organization: '' },
    meta: { creator: 'Bansō', description: '', created: '2025-06-02T00:00:00Z', modified: '2025-06-02T00:00:00Z' },
    blocks: numberHeadings(blocks),
  };
  return { model, markdown: md.join('\n') };
}

export const docxSuite: BenchSuite = {
  id: 'docx',
  async run(): Promise<BenchResult[]> {
    const { model, markdown } = bigModel();
    const rssBefore = process.memoryUsage().rss;
    let bytes: Buffer = Buffer.alloc(0);
    const times = await sample(5, async () => {
      bytes = await renderDocx(model);
    });
    const rssAfter = process.memoryUsage().rss;
    if (!readZip(bytes).some((e) => e.name === 'word/document.xml')) throw new Error('docx bench: no word/document.xml');
    const results: BenchResult[] = [
      { name: 'docx: export 100-page plan (300 answers, 20×50 tables, 50 cases)', value: median(times), unit: 'ms', n: times.length, target: { op: '<=', value: 1000 } },
      { name: 'docx: output size', value: bytes.length / 1024, unit: 'KiB', n: 1 },
      { name: 'docx: RSS growth during export', value: Math.max(0, rssAfter - rssBefore) / 1024 / 1024, unit: 'MiB', n: 1 },
      { name: 'docx: peak RSS of the bench process so far', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB', n: 1 },
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-docx-'));
    try {
      const mdFile = path.join(dir, 'plan.md');
      fs.writeFileSync(mdFile, markdown);
      const pandocTimes: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const r = spawnSync('pandoc', [mdFile, '-f', 'markdown', '-t', 'docx', '-o', path.join(dir, 'plan.docx')], { encoding: 'utf8' });
        if (r.error || r.status !== 0) {
          results.push({ name: 'docx: pandoc not available (apt-get install pandoc)', value: 0, unit: '', n: 0 });
          return results;
        }
        pandocTimes.push(performance.now() - t0);
      }
      const p = median(pandocTimes);
      results.push({ name: 'docx: pandoc Markdown → DOCX, same content', value: p, unit: 'ms', n: pandocTimes.length });
      results.push({ name: 'docx: export time ÷ pandoc time (< 1 = faster)', value: median(times) / p, unit: '×', n: 1, target: { op: '<=', value: 1 } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
