import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocksText, buildPlanDocument, buildReportDocument, outlineOf, placeQuestions, type Block, type PlanDocInput } from '../../shared/domain/document.ts';
import { coverDate, GlossarySchema, glossaryFor, periodText, planPeriod, PlanDocSettingsSchema } from '../../shared/domain/plan-doc.ts';
import { validateTemplate, validateTemplateText, type Template } from '../../shared/domain/template.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

const builtin = (id: string): Template => {
  const r = validateTemplateText(fs.readFileSync(path.join(REPO_ROOT, 'seeds/templates', `${id}.json`), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.template;
};

function input(template: Template, answers: Record<string, unknown>): PlanDocInput {
  return {
    client: { name: '長野県小川村', kind: 'municipality', prefecture: '長野県' },
    engagement: { id: 'e1', displayName: '小川村', program: template.program, startDate: '2025-06-02', plannedEnd: null, advisors: ['伴走 太郎'] },
    settings: { advisorName: '伴走 太郎', organization: '支援室' },
    date: '2026-02-10',
    stamp: '2026-02-10T00:00:00.000Z',
    template,
    answers,
    computed: {},
    schedule: { start: '2025-06-02', end: '2025-08-24', phases: [] } as never,
    cases: [],
  };
}

const headings = (bs: Block[]) => bs.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading').map((b) => (b.number ? `${b.number}　${b.text}` : b.text));

describe('the document outline as data', () => {
  it('every built-in maps every question of its template to a chapter it has (nothing falls to 資料編 by accident)', () => {
    for (const id of ['plan-a', 'plan-b', 'telework', 'system-building']) {
      const t = builtin(id);
      const o = outlineOf(t);
      const qs = t.phases.flatMap((p) => p.sections.flatMap((s) => s.questions.map((q) => q.id)));
      expect(qs.filter((q) => !(q in o.map)), id).toEqual([]);
      expect(o.title, id).not.toBe('');
    }
  });

  it('an unmapped answer is never dropped: a section name suggests the chapter, else it goes to 資料編', () => {
    const t = builtin('plan-a');
    const extra = structuredClone(t);
    extra.phases[0]!.sections.push({ id: 'misc', title: 'おまけ', chapter: '第9章 おまけ', guidance: '', questions: [{ id: 'memo', type: 'long-text', label: '自由記述', guidance: '', required: false, placeholder: '' }] });
    extra.phases[0]!.sections.push({ id: 'now', title: '住民の声', chapter: '第3章 現状の把握', guidance: '', questions: [{ id: 'voice', type: 'long-text', label: '住民アンケート', guidance: '', required: false, placeholder: '' }] });
    const v = validateTemplate(extra);
    expect(v.ok).toBe(true);
    const place = placeQuestions(extra);
    expect(place.get('memo')).toBe('appendix');
    expect(place.get('voice')).toBe('ch2');
    const doc = buildPlanDocument(input(extra, { memo: '独自の**自由記述**です。', voice: '住民の声です。' }));
    const text = blocksText(doc.blocks);
    expect(text).toContain('独自の');
    expect(text).toContain('住民の声です。');
    const h = headings(doc.blocks);
    expect(h.indexOf('(1)　自由記述')).toBeGreaterThan(h.indexOf('資料編'));
  });

  it('a plan whose template snapshot predates outlines gets the standard chapters from its sections’ names', () => {
    const { document: _dropped, ...old } = structuredClone(builtin('plan-a'));
    void _dropped;
    const doc = buildPlanDocument(input(old as Template, { 'region-overview': '人口は約2,500人。', 'plan-summary': '要旨です。', kpi: [{ id: 'k', cells: { indicator: '指標A', baseline: 1, target: 2 } }] }));
    const h = headings(doc.blocks).filter((x) => !/^\d|^\(/.test(x));
    expect(h).toContain('第1章　計画の策定にあたって');
    expect(h.at(-1)).toBe('資料編');
    expect(blocksText(doc.blocks)).toContain('人口は約2,500人。');
  });

  it('an outline that names an unknown chapter is refused with its path; a removed question’s entry is ignored', () => {
    const t = structuredClone(builtin('plan-a'));
    t.document.map['region-overview'] = 'ch9';
    t.document.map['gone'] = 'ch1';
    const v = validateTemplate(t);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors).toEqual([{ path: 'document.map.region-overview', message: '設問 region-overview の章が見つかりません: ch9' }]);
  });
});

describe('cover, period and dates', () => {
  it('plan period: three fiscal years after the plan starts unless set; 和暦 with 西暦 in parentheses', () => {
    expect(planPeriod({ startFy: null, endFy: null }, '2025-06-02')).toEqual({ startFy: 2026, endFy: 2028 });
    expect(planPeriod({ startFy: null, endFy: null }, '2026-03-31')).toEqual({ startFy: 2026, endFy: 2028 });
    expect(planPeriod({ startFy: 2027, endFy: null }, '2025-06-02')).toEqual({ startFy: 2027, endFy: 2029 });
    expect(periodText({ startFy: 2026, endFy: 2030 }, 'wareki')).toBe('令和8年度〜令和12年度（2026年度〜2030年度）');
    expect(periodText({ startFy: 2026, endFy: 2030 }, 'seireki')).toBe('2026年度〜2030年度');
    expect(coverDate('2026-03-15', 'wareki')).toBe('令和8年（2026年）3月');
    expect(coverDate('2019-05-01', 'wareki')).toBe('令和元年（2019年）5月');
    expect(coverDate('2026-03-15', 'seireki')).toBe('2026年3月');
    expect(PlanDocSettingsSchema.safeParse({ startFy: 1999 }).success).toBe(false);
  });

  it('the cover names the body and the plan, not the advisor; the header carries the stage', () => {
    const doc = buildPlanDocument(input(builtin('plan-a'), {}));
    expect(doc.title).toBe('小川村 地域DX推進計画（素案）');
    expect(doc.header).toBe('小川村 地域DX推進計画（素案）');
    expect(doc.meta.creator).toBe('長野県小川村');
    expect(doc.cover.author).toBe('');
    const cover = doc.blocks.slice(0, doc.blocks.findIndex((b) => b.type === 'pageBreak'));
    expect(blocksText(cover)).not.toContain('伴走');
    expect(blocksText(cover)).toContain('計画期間　令和8年度〜令和10年度（2026年度〜2028年度）');
    expect(blocksText(cover)).toContain('令和8年（2026年）2月');
  });
});

describe('用語集', () => {
  const glossary = GlossarySchema.parse(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'seeds/glossary/glossary.json'), 'utf8')));

  it('the seed glossary passes its schema and has the terms plans use', () => {
    const terms = glossary.terms.map((t) => t.term);
    for (const t of ['DX', 'ローカル5G', 'LPWA', 'RPA', 'EBPM', 'KPI', 'PDCA']) expect(terms).toContain(t);
    expect(GlossarySchema.safeParse({ terms: [{ term: 'DX', definition: 'a' }, { term: 'ＤＸ', definition: 'b' }] }).success).toBe(false);
  });

  it('lists the terms the text uses: width- and case-insensitive, aliases, Latin terms not inside longer words', () => {
    const found = (s: string) => glossaryFor(s, glossary.terms).map((t) => t.term);
    expect(found('ＤＸを進め、ｒｐａで転記をなくす')).toEqual(['DX', 'RPA']);
    expect(found('デジタルトランスフォーメーションの推進')).toEqual(['DX']);
    expect(found('RPAX という製品')).toEqual([]);
    expect(found('ローカル5Gの網')).toEqual(expect.arrayContaining(['ローカル5G', '5G']));
  });
});

describe('支援実施報告書 of one visit', () => {
  it('has no cover and no contents unless asked', () => {
    const entry = { date: '2025-05-01', startTime: '10:00', mode: 'visit', minutes: 90, place: '役場', attendees: ['課長'], topics: '現状の確認', decisions: '課題表を作る', nextActions: [] };
    const base = { ...input(builtin('plan-a'), {}), quota: null };
    const one = buildReportDocument({ ...base, entries: [entry] });
    expect(one.blocks.some((b) => b.type === 'toc' || b.type === 'pageBreak')).toBe(false);
    expect(blocksText(one.blocks.slice(0, 3))).toContain('支援実施報告書');
    const asked = buildReportDocument({ ...base, entries: [entry], compact: false });
    expect(asked.blocks.some((b) => b.type === 'toc')).toBe(true);
    const two = buildReportDocument({ ...base, entries: [entry, { ...entry, date: '2025-06-01' }] });
    expect(two.blocks.some((b) => b.type === 'toc')).toBe(true);
  });
});
