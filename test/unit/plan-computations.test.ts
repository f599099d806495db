import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSchedule, evaluatePlan, parseSubsidyRate, rankIssues, summarizeCosts, validateAnswer } from '../../shared/domain/plan.ts';
import { ProgramCatalogueSchema } from '../../shared/domain/program.ts';
import { questionMap, type Question, validateTemplateText } from '../../shared/domain/template.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

const catalogue = ProgramCatalogueSchema.parse(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'seeds/programs/programs.json'), 'utf8')));
function builtIn(id: string) {
  const r = validateTemplateText(fs.readFileSync(path.join(REPO_ROOT, 'seeds/templates', `${id}.json`), 'utf8'));
  if (!r.ok) throw new Error('invalid');
  return r.template;
}

describe('issue priority (重要度 × 緊急度)', () => {
  it('scores, ranks highest first, keeps table order on ties and lists rows without numbers', () => {
    const r = rankIssues([
      { id: 'a', label: '買い物', importance: 2, urgency: 2 },
      { id: 'b', label: '交通', importance: 3, urgency: 3 },
      { id: 'c', label: '防災', importance: 1, urgency: 3 },
      { id: 'd', label: '医療', importance: 3, urgency: 1 },
      { id: 'e', label: '教育', importance: null, urgency: 2 },
      { id: 'f', label: '観光', importance: 4, urgency: 1 },
    ]);
    expect(r.items.map((i) => [i.rowId, i.score, i.rank])).toEqual([
      ['b', 9, 1],
      ['a', 4, 2],
      ['f', 4, 2],
      ['c', 3, 4],
      ['d', 3, 4],
    ]);
    expect(r.incomplete).toEqual([{ rowId: 'e', label: '教育', message: '「教育」の重要度が未入力です。' }]);
    expect(r.complete).toBe(false);
    expect(rankIssues([]).complete).toBe(false);
  });
});

describe('cost summary', () => {
  it('parses 補助率 as written in the catalogue', () => {
    expect(parseSubsidyRate('1/2')).toEqual({ num: 1, den: 2, approximate: false });
    expect(parseSubsidyRate('3/4（高水準タイプ）・1/2（標準タイプ）')).toEqual({ num: 1, den: 2, approximate: true });
    expect(parseSubsidyRate('0.5 × 財政力補正')).toEqual({ num: 1, den: 2, approximate: true });
    expect(parseSubsidyRate(null)).toBeNull();
  });

  const rows = [
    { id: 'r1', label: '基地局', initial: 30_000_000, running: 2_000_000, years: 5 },
    { id: 'r2', label: 'クラウド', initial: null, running: 1_200_001, years: 5 },
    { id: 'r3', label: '端末', initial: 5_000_001, running: null, years: null },
  ];

  it('totals initial, running × years and the whole in integer 円, with the subsidy share, cap and net cost', () => {
    const r = summarizeCosts(rows, { program: 'iot', programName: 'IoT', rateText: '1/2', capYen: 20_000_000 }, 'total', null);
    expect([r.initialTotal, r.runningPerYear, r.runningTotal, r.total]).toEqual([35_000_001, 3_200_001, 16_000_005, 51_000_006]);
    expect(r.subsidy).toMatchObject({ baseYen: 51_000_006, amount: 20_000_000, capped: true });
    expect(r.net).toBe(31_000_006);
    expect(r.complete).toBe(true);
    expect(r.paybackYears).toBeNull();

    const noCap = summarizeCosts(rows, { program: 'infra-subsidy', programName: '補助事業', rateText: '1/2', capYen: null }, 'initial', 10_000_000);
    expect(noCap.subsidy).toMatchObject({ baseYen: 35_000_001, amount: 17_500_000, capped: false });
    expect(Number.isInteger(noCap.net)).toBe(true);
    // (35,000,001 − 17,500,000) ÷ (10,000,000 − 3,200,001) = 2.57… → 2.6 years
    expect(noCap.paybackYears).toBe(2.6);
    expect(summarizeCosts(rows, null, 'total', 1_000_000).paybackYears).toBeNull();
  });

  it('marks rows with a running cost but no years, and an empty table, as incomplete', () => {
    const r = summarizeCosts([{ id: 'x', label: '保守', initial: 0, running: 100, years: null }], null, 'total', null);
    expect(r.complete).toBe(false);
    expect(r.incomplete[0]!.message).toMatch(/運用年数が未入力/);
    expect(summarizeCosts([], null, 'total', null).complete).toBe(false);
  });
});

describe('schedule', () => {
  it('dates every phase from its week range, in 西暦 and 和暦, and marks where today falls', () => {
    const s = buildSchedule(builtIn('plan-a'), '2025-06-02', '2025-07-10');
    expect(s.phases.map((p) => [p.start, p.end, p.state])).toEqual([
      ['2025-06-02', '2025-06-29', 'past'],
      ['2025-06-30', '2025-08-03', 'current'],
      ['2025-08-04', '2025-08-24', 'upcoming'],
    ]);
    expect(s.phases[0]!.startWareki).toBe('令和7年6月2日');
    expect(s.end).toBe('2025-08-24');
  });
});

describe('answers', () => {
  const qs = questionMap(builtIn('plan-a'));
  const q = (id: string): Question => qs.get(id)!.question;

  it('accepts values of the question type and refuses others with a Japanese message and the path', () => {
    expect(validateAnswer(q('region-overview'), '人口 1.2 万人').ok).toBe(true);
    expect(validateAnswer(q('region-overview'), 42)).toMatchObject({ ok: false, message: expect.stringMatching(/文字列で入力/) });
    expect(validateAnswer(q('survey-methods'), ['ワークショップ']).ok).toBe(true);
    expect(validateAnswer(q('survey-methods'), ['占い'])).toMatchObject({ ok: false, path: [0] });
    expect(validateAnswer(q('approval-date'), '2025-02-30')).toMatchObject({ ok: false, message: expect.stringMatching(/存在する日付/) });
    expect(validateAnswer(q('org-readiness'), { leader: 'done', owner: 'na' }).ok).toBe(true);
    expect(validateAnswer(q('org-readiness'), { leader: 'finished' })).toMatchObject({ ok: false, path: ['leader'] });
    const row = { id: 'i1', cells: { title: '交通', importance: '3', urgency: '2' } };
    expect(validateAnswer(q('issues'), [row]).ok).toBe(true);
    expect(validateAnswer(q('issues'), [row, { id: 'i2', cells: { urgency: 5 } }])).toMatchObject({ ok: false, path: [1, 'cells', 'urgency'] });
    expect(validateAnswer(q('issues'), [row, row])).toMatchObject({ ok: false, message: expect.stringMatching(/行 id が重複/) });
    expect(validateAnswer(q('issue-priority'), 1)).toMatchObject({ ok: false, message: expect.stringMatching(/自動計算/) });
    expect(validateAnswer(q('measures'), [{ id: 'm', cells: { estimate: 1.5 } }])).toMatchObject({ ok: false, message: expect.stringMatching(/0以上の整数（円）/) });
  });

  it('takes the subsidy rate and cap from the program catalogue chosen in plan-b', () => {
    const t = builtIn('plan-b');
    const answers = new Map<string, { value: unknown; updatedAt: string }>([
      ['costs', { value: [{ id: 'a', cells: { item: 'LPWA 基地局', initial: 50_000_000, running: 1_000_000, years: 5 } }], updatedAt: 't' }],
      ['subsidy-program', { value: 'iot', updatedAt: 't' }],
      ['annual-benefit', { value: 6_000_000, updatedAt: 't' }],
    ]);
    const e = evaluatePlan(t, answers, catalogue.programs);
    const c = e.computed['cost-summary']!;
    expect(c.kind).toBe('cost-summary');
    if (c.kind !== 'cost-summary') return;
    expect(c.total).toBe(55_000_000);
    expect(c.subsidy).toMatchObject({ program: 'iot', amount: 20_000_000, capped: true, capYen: 20_000_000 });
    expect(c.net).toBe(35_000_000);
    expect(e.gates.find((g) => g.phaseId === 'cost')!.problems.map((p) => p.kind)).toEqual(['required']);
  });

  it('the subsidised base follows what the program covers (equipment only for iot), and the plan can change it', () => {
    const t = builtIn('plan-b');
    const costs = { value: [{ id: 'a', cells: { item: '機器', initial: 24_000_000, running: 3_600_000, years: 5 } }], updatedAt: 't' };
    const run = (program: string, base?: string) => {
      const answers = new Map<string, { value: unknown; updatedAt: string }>([['costs', costs], ['subsidy-program', { value: program, updatedAt: 't' }]]);
      if (base) answers.set('subsidy-base', { value: base, updatedAt: 't' });
      const c = evaluatePlan(t, answers, catalogue.programs).computed['cost-summary']!;
      if (c.kind !== 'cost-summary') throw new Error('not a cost summary');
      return c;
    };
    // 24M + 3.6M × 5 = 42M; iot funds the equipment only: 1/2 of 24M.
    expect(run('iot').subsidy).toMatchObject({ base: 'initial', baseFrom: 'program', baseYen: 24_000_000, amount: 12_000_000 });
    expect(run('iot').subsidy!.coversNote).toContain('導入費');
    // infra-subsidy also counts up to five years of rental and cloud fees.
    expect(run('infra-subsidy').subsidy).toMatchObject({ base: 'total', baseFrom: 'program', baseYen: 42_000_000, amount: 21_000_000 });
    // The plan says otherwise.
    expect(run('iot', 'total').subsidy).toMatchObject({ base: 'total', baseFrom: 'plan', amount: 20_000_000, capped: true });
    expect(run('infra-subsidy', 'initial').subsidy).toMatchObject({ base: 'initial', baseFrom: 'plan', amount: 12_000_000 });
    expect(run('infra-subsidy', 'program').subsidy).toMatchObject({ base: 'total', baseFrom: 'program' });
  });

  it('rows with nothing in them do not count for 「地域課題を1件以上」 nor for progress', () => {
    const t = builtIn('plan-a');
    const gate = (rows: unknown[]) => {
      const answers = new Map<string, { value: unknown; updatedAt: string }>([['issues', { value: rows, updatedAt: 't' }]]);
      return evaluatePlan(t, answers, catalogue.programs).gates.flatMap((g) => g.problems).filter((p) => p.kind === 'min-items' && p.questionId === 'issues');
    };
    expect(gate([{ id: 'r1', cells: {} }, { id: 'r2', cells: { title: '  ', importance: null } }])).toHaveLength(1);
    expect(gate([{ id: 'r1', cells: {} }, { id: 'r2', cells: { title: '買い物が不便' } }])).toHaveLength(0);
  });
});
