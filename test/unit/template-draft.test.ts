import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUESTION_TYPE_CODES, type Template, validateTemplate } from '../../shared/domain/template.ts';
import { addPhase, addQuestion, addSection, changeColumnType, changeQuestionType, COLUMN_TYPE_CODES, moveNode, pathWithin, removeNode, selectionOfPath } from '../../renderer/src/features/templates/draft.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

/** The editor's pure helpers (renderer/src/features/templates/draft.ts) on the real plan-a template. */
function planA(): Template {
  const r = validateTemplate(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'seeds/templates/plan-a.json'), 'utf8')));
  if (!r.ok) throw new Error('plan-a does not validate');
  return r.template;
}

const ids = (t: Template, p: number, s: number) => t.phases[p]!.sections[s]!.questions.map((q) => q.id);

describe('template editor helpers', () => {
  it('moves a question within its section and across sections; the edges are refused', () => {
    const t = planA();
    const up = moveNode(t, { kind: 'question', p: 0, s: 0, q: 1 }, -1)!;
    expect(ids(up.template, 0, 0).slice(0, 2)).toEqual(['existing-plans', 'region-overview']);
    expect(up.selection).toEqual({ kind: 'question', p: 0, s: 0, q: 0 });
    expect(ids(t, 0, 0)[0]).toBe('region-overview'); // the original is untouched

    // The last question of a section goes to the top of the next section.
    const last = t.phases[0]!.sections[0]!.questions.length - 1;
    const across = moveNode(t, { kind: 'question', p: 0, s: 0, q: last }, 1)!;
    expect(across.selection).toEqual({ kind: 'question', p: 0, s: 1, q: 0 });
    expect(ids(across.template, 0, 1)[0]).toBe('survey-methods');
    expect(validateTemplate(across.template).ok).toBe(true);

    expect(moveNode(t, { kind: 'question', p: 0, s: 0, q: 0 }, -1)).toBeNull();
    expect(moveNode(t, { kind: 'phase', p: 0 }, -1)).toBeNull();
    const phaseDown = moveNode(t, { kind: 'phase', p: 0 }, 1)!;
    expect(phaseDown.template.phases.map((p) => p.id)).toEqual(['solutions', 'survey', 'document']);
  });

  it('adds sections, questions and phases with fresh ids, and the result validates', () => {
    let t = planA();
    let r = addSection(t, { kind: 'phase', p: 0 })!;
    expect(r.selection).toEqual({ kind: 'section', p: 0, s: 2 });
    t = r.template;
    r = addQuestion(t, r.selection)!;
    r = addQuestion(r.template, r.selection)!;
    expect(r.selection).toEqual({ kind: 'question', p: 0, s: 2, q: 1 });
    expect(ids(r.template, 0, 2)).toEqual(['q-1', 'q-2']);
    const withPhase = addPhase(r.template, { kind: 'template' });
    const phase = withPhase.template.phases[3]!;
    expect(phase.weeks).toEqual({ from: 13, to: 16 });
    expect(phase.sections).toHaveLength(1);
    expect(validateTemplate(withPhase.template)).toMatchObject({ ok: true });
  });

  it('removes a node and keeps the selection on a neighbour', () => {
    const t = planA();
    const r = removeNode(t, { kind: 'question', p: 2, s: 1, q: 3 })!;
    expect(ids(r.template, 2, 1)).not.toContain('approval-date');
    expect(r.selection).toEqual({ kind: 'question', p: 2, s: 1, q: 2 });
    const s = removeNode(t, { kind: 'section', p: 0, s: 0 })!;
    expect(s.template.phases[0]!.sections.map((x) => x.id)).toEqual(['issue-list']);
  });

  it('changes a question to every type (and a column to every type) with defaults the schema accepts', () => {
    const t = planA();
    for (const type of QUESTION_TYPE_CODES) {
      if (type === 'computed') continue; // its references are chosen by the user afterwards
      const copy = structuredClone(t);
      const s = copy.phases[2]!.sections[1]!;
      s.questions[1] = changeQuestionType(s.questions[1]!, type);
      const r = validateTemplate(copy);
      expect(r.ok ? [] : r.errors, type).toEqual([]);
    }
    const computed = structuredClone(t);
    computed.phases[2]!.sections[1]!.questions[1] = changeQuestionType(computed.phases[2]!.sections[1]!.questions[1]!, 'computed');
    const bad = validateTemplate(computed);
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual([
      'phases[2].sections[1].questions[1].computation.table',
      'phases[2].sections[1].questions[1].computation.labelColumn',
      'phases[2].sections[1].questions[1].computation.importance',
      'phases[2].sections[1].questions[1].computation.urgency',
    ]);

    for (const type of COLUMN_TYPE_CODES) {
      if (type === 'row-ref') continue;
      const copy = structuredClone(t);
      const kpi = copy.phases[2]!.sections[1]!.questions[0]!;
      if (kpi.type !== 'table') throw new Error('kpi is a table');
      kpi.columns[0] = changeColumnType(kpi.columns[0]!, type);
      const r = validateTemplate(copy);
      expect(r.ok ? [] : r.errors, type).toEqual([]);
    }
  });

  it('maps problem paths to the node to show', () => {
    expect(selectionOfPath('phases[1].sections[0].questions[3].type')).toEqual({ kind: 'question', p: 1, s: 0, q: 3 });
    expect(selectionOfPath('phases[1].gates[0].question')).toEqual({ kind: 'phase', p: 1 });
    expect(selectionOfPath('name')).toEqual({ kind: 'template' });
    expect(pathWithin('phases[1].name', 'phases[1]')).toBe(true);
    expect(pathWithin('phases[10].name', 'phases[1]')).toBe(false);
  });
});
