import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePlanChange } from '../../shared/domain/plan-history.ts';
import { questionMap, validateTemplateText } from '../../shared/domain/template.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

const r = validateTemplateText(fs.readFileSync(path.join(REPO_ROOT, 'seeds/templates/plan-a.json'), 'utf8'));
if (!r.ok) throw new Error('plan-a invalid');
const t = r.template;
const q = (id: string) => questionMap(t).get(id)!.question;
const show = (field: string, qid: string | null, a: unknown, b: unknown, names = {}) =>
  describePlanChange(field, qid ? q(qid) : undefined, a, b, { template: t, ...names }).map((c) => `${c.what ? `${c.what}: ` : ''}${c.from} → ${c.to}`);

/** The plan's 履歴 (renderer/src/features/plans/PlanHistory.tsx) says what changed in names, never ids. */
describe('plan history rows', () => {
  it('a case-ref change names the cases, not their ids', () => {
    const id = '7b398f85-1111-4222-8333-944445555666';
    expect(show('answer.reference-cases', 'reference-cases', null, [id], { caseTitle: (x: string) => (x === id ? '神山町のサテライトオフィス' : undefined) })).toEqual(['（空） → 神山町のサテライトオフィス']);
    expect(show('answer.reference-cases', 'reference-cases', null, [id]).join()).not.toContain('7b398f85');
  });

  it('a table edit names the row and column that changed; 3行 → 3行 is never shown', () => {
    const before = [
      { id: 'a', cells: { title: '買い物が不便', importance: '3' } },
      { id: 'b', cells: { title: '窓口の待ち時間', importance: '2' } },
      { id: 'c', cells: { title: '通院', importance: '1' } },
    ];
    const after = structuredClone(before);
    after[1]!.cells.importance = '3';
    expect(show('answer.issues', 'issues', before, after)).toEqual(['2行目 重要度: 中（2） → 高（3）']);
    // An empty row added or removed changes nothing a person sees: no row at all.
    expect(show('answer.issues', 'issues', before, [...before, { id: 'd', cells: {} }])).toEqual([]);
    expect(show('answer.issues', 'issues', before, [...before, { id: 'd', cells: { title: '除雪' } }])).toEqual(['4行目を追加:  → 除雪']);
    expect(show('answer.issues', 'issues', before, before.slice(1))).toEqual(['行を削除: 買い物が不便 → ']);
  });

  it('a row-ref cell names the row it points at', () => {
    const m = [{ id: 'm1', cells: { issue: null, measure: 'オンライン予約' } }];
    const m2 = [{ id: 'm1', cells: { issue: 'a', measure: 'オンライン予約' } }];
    expect(show('answer.measures', 'measures', m, m2, { rowLabel: (table: string, id: string) => (table === 'issues' && id === 'a' ? '窓口の待ち時間' : undefined) })).toEqual([
      '1行目 対象の課題: （空） → 窓口の待ち時間',
    ]);
  });

  it('text that did not change (blank and empty) is no row; phases are named', () => {
    expect(show('answer.digital-status', 'digital-status', '', null)).toEqual([]);
    expect(show('answer.digital-status', 'digital-status', null, '光回線は全域')).toEqual(['（空） → 光回線は全域']);
    const first = t.phases[0]!;
    expect(show('closedPhases', null, [], [first.id])).toEqual([`「${first.name}」: 未完了 → 完了`]);
    expect(show('template', null, { templateId: 'plan-a', version: 1 }, { templateId: 'plan-a', version: 1 })).toEqual([]);
    expect(show('template', null, { templateId: 'plan-a', version: 1 }, { templateId: 'plan-a', version: 2 }, { templateName: () => 'Aコース' })).toEqual(['Aコース 版1 → Aコース 版2']);
  });
});
