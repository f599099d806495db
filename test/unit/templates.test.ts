import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionPlaces, type Template, validateTemplate, validateTemplateText } from '../../shared/domain/template.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

const DIR = path.join(REPO_ROOT, 'seeds/templates');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Record<string, unknown>;
function builtIn(id: string): Template {
  const r = validateTemplateText(fs.readFileSync(path.join(DIR, `${id}.json`), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.template;
}

describe('built-in templates', () => {
  it('are the four of the issue, and every one validates', () => {
    expect(files.sort()).toEqual(['plan-a.json', 'plan-b.json', 'system-building.json', 'telework.json']);
    for (const f of files) {
      const r = validateTemplateText(fs.readFileSync(path.join(DIR, f), 'utf8'));
      expect(r.ok ? [] : r.errors, f).toEqual([]);
      if (r.ok) expect(`${r.template.id}.json`).toBe(f);
    }
  });

  it('plan-a: about 12 weeks in three phases, an issue table with 重要度 and 緊急度, a case reference and measures per issue', () => {
    const t = builtIn('plan-a');
    expect(t.phases.map((p) => p.name)).toEqual(['現状把握・課題の洗い出し', '解決策の検討', '計画書のとりまとめ']);
    expect(t.phases.at(-1)!.weeks.to).toBe(12);
    const types = new Map(questionPlaces(t).map((p) => [p.question.id, p.question]));
    const issues = types.get('issues');
    expect(issues?.type === 'table' && issues.columns.map((c) => c.label)).toEqual(expect.arrayContaining(['重要度', '緊急度']));
    expect(types.get('reference-cases')?.type).toBe('case-ref');
    expect(types.get('issue-priority')?.type).toBe('computed');
    expect(t.phases[1]!.gates.map((g) => g.kind)).toEqual(['every-row-referenced', 'min-items']);
    const titles = t.phases.flatMap((p) => p.sections.map((s) => s.title)).join(' ');
    for (const w of ['地域課題の抽出・整理', '他地域の好事例', 'デジタル技術', '導入時期', 'DX推進へ向かう組織']) expect(titles).toContain(w);
    for (const s of t.phases.flatMap((p) => p.sections)) expect(s.chapter, s.id).not.toBe('');
  });

  it('plan-b has a cost table with initial, running and years and a subsidy computation; telework a security checklist; system-building STEP01–04', () => {
    const b = new Map(questionPlaces(builtIn('plan-b')).map((p) => [p.question.id, p.question]));
    const cs = b.get('cost-summary');
    expect(cs?.type === 'computed' && cs.computation.kind).toBe('cost-summary');
    expect(builtIn('plan-b').phases.map((p) => p.id)).toEqual(['requirements', 'cost', 'operation', 'document']);
    const tw = builtIn('telework');
    expect(tw.phases.map((p) => p.name)).toEqual(['現状と課題', 'セキュリティ', 'ICTツール', '労務管理', '導入ロードマップ']);
    const sec = questionPlaces(tw).find((p) => p.question.id === 'security-checklist')!.question;
    expect(sec.type === 'checklist' && sec.items.length).toBeGreaterThanOrEqual(10);
    expect(builtIn('system-building').phases.map((p) => p.name.slice(0, 6))).toEqual(['STEP01', 'STEP02', 'STEP03', 'STEP04']);
  });
});

describe('template validation', () => {
  it('reports each problem of a broken template with its exact path and a Japanese message', () => {
    const t = load('plan-a.json') as { phases: { weeks: { to: number }; sections: { questions: Record<string, unknown>[] }[] }[] };
    t.phases[1]!.sections[0]!.questions[1]!.type = 'slider';
    t.phases[2]!.weeks.to = 3;
    delete t.phases[0]!.sections[0]!.questions[0]!.label;
    const r = validateTemplate(t);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(byPath['phases[1].sections[0].questions[1].type']).toMatch(/種類が正しくありません.*long-text/);
    expect(byPath['phases[2].weeks.to']).toMatch(/終了週は開始週以降/);
    expect(byPath['phases[0].sections[0].questions[0].label']).toMatch(/必須/);
  });

  it('finds duplicate ids, dangling references and wrongly typed references', () => {
    const t = load('plan-a.json') as { phases: { gates: Record<string, unknown>[]; sections: { questions: Record<string, unknown>[] }[] }[] };
    t.phases[0]!.sections[0]!.questions[1]!.id = 'region-overview';
    (t.phases[0]!.sections[1]!.questions[1]!.computation as Record<string, unknown>).urgency = 'nope';
    t.phases[1]!.gates[1]!.question = 'case-lessons';
    const r = validateTemplate(t);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { path: 'phases[0].sections[0].questions[1].id', message: '設問の id が重複しています: region-overview' },
        { path: 'phases[0].sections[1].questions[1].computation.urgency', message: expect.stringMatching(/列がありません: nope/) },
        { path: 'phases[1].gates[1].question', message: expect.stringMatching(/種類（長文（Markdown））はここでは使えません/) },
      ]),
    );
  });

  it('reports unreadable JSON as one problem', () => {
    const r = validateTemplateText('{ "id": ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: '', message: expect.stringMatching(/JSON として読めません/) });
  });
});
