import { Badge, Box, Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { KeyboardEvent, ReactNode } from 'react';
import { QUESTION_TYPES, type QuestionType, type Template, type TemplateProblem } from '../../../../shared/domain/template.ts';
import { isComposing } from '../../lib/ime.ts';
import { pathWithin, phasePath, questionPath, sectionPath, selectionPath, type Selection } from './draft.ts';

/** Short names of the question types for the outline (the full names are in the type select). */
const SHORT_TYPES: Record<QuestionType, string> = {
  'short-text': '短文',
  'long-text': '長文',
  number: '数値',
  money: '金額',
  date: '日付',
  'single-choice': '単一選択',
  'multiple-choice': '複数選択',
  checklist: 'チェック',
  table: '表',
  'case-ref': '事例',
  computed: '自動計算',
};

export const outlineRowId = (sel: Selection) => `tpl-outline:${selectionPath(sel) || 'template'}`;

function same(a: Selection, b: Selection): boolean {
  return selectionPath(a) === selectionPath(b) && a.kind === b.kind;
}

/**
 * The structure of the template: phases → sections → questions, each a button. ↑ / ↓ move the
 * focus, Enter or Space selects, Alt+↑ / Alt+↓ move the selected section or question (or phase)
 * up and down — the same as the ↑ ↓ buttons of the editor, never drag-only.
 */
export function Outline({
  template: t,
  selection,
  problems,
  readOnly,
  onSelect,
  onMove,
  onAdd,
}: {
  template: Template;
  selection: Selection;
  problems: readonly TemplateProblem[];
  readOnly: boolean;
  onSelect: (s: Selection) => void;
  onMove: (s: Selection, step: -1 | 1) => void;
  onAdd: (what: 'phase' | 'section' | 'question', at: Selection) => void;
}) {
  const hasProblem = (path: string, exceptChildren?: string) =>
    problems.some((p) => pathWithin(p.path, path) && (exceptChildren === undefined || !pathWithin(p.path, `${path}.${exceptChildren}`)));

  const onKeyDown = (sel: Selection) => (e: KeyboardEvent<HTMLElement>) => {
    if (isComposing(e)) return;
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const step = e.key === 'ArrowUp' ? -1 : 1;
    if (e.altKey) {
      if (!readOnly && sel.kind !== 'template') onMove(sel, step);
      return;
    }
    const rows = [...document.querySelectorAll<HTMLElement>('[data-outline-row]')];
    const i = rows.indexOf(e.currentTarget);
    rows[i + step]?.focus();
  };

  const row = (sel: Selection, depth: number, content: ReactNode, problem: boolean, testId: string) => {
    const active = same(sel, selection);
    return (
      <UnstyledButton
        key={outlineRowId(sel)}
        id={outlineRowId(sel)}
        data-outline-row
        data-testid={testId}
        data-kind={sel.kind}
        data-path={selectionPath(sel)}
        aria-current={active ? 'true' : undefined}
        // One tab stop for the whole outline (the selected row); ↑ / ↓ move between rows.
        tabIndex={active ? 0 : -1}
        onClick={() => onSelect(sel)}
        onKeyDown={onKeyDown(sel)}
        onFocus={() => {
          if (!active) onSelect(sel);
        }}
        pl={6 + depth * 14}
        pr={6}
        py={2}
        style={{
          display: 'block',
          width: '100%',
          borderRadius: 4,
          fontSize: 'var(--mantine-font-size-xs)',
          background: active ? 'var(--mantine-color-blue-0)' : undefined,
          borderLeft: `3px solid ${active ? 'var(--mantine-color-blue-6)' : problem ? 'var(--mantine-color-red-6)' : 'transparent'}`,
        }}
      >
        {content}
      </UnstyledButton>
    );
  };

  const addButton = (label: string, onClick: () => void, depth: number, testId: string) =>
    readOnly ? null : (
      <Box pl={6 + depth * 14} key={testId}>
        <Button variant="subtle" size="compact-xs" leftSection={<IconPlus size={11} />} onClick={onClick} data-testid={testId} fw={400}>
          {label}
        </Button>
      </Box>
    );

  return (
    <nav aria-label="テンプレートの構成" data-testid="tpl-outline">
      <Stack gap={1}>
        {row(
          { kind: 'template' },
          0,
          <Text size="xs" fw={600}>
            テンプレート情報
          </Text>,
          problems.some((p) => !p.path.startsWith('phases[')),
          'outline-template',
        )}
        {t.phases.map((phase, p) => {
          const phaseSel: Selection = { kind: 'phase', p };
          const inPhase = selection.kind !== 'template' && selection.p === p;
          return (
            <Box key={`p${p}`} mt={4}>
              {row(
                phaseSel,
                0,
                <Group gap={4} wrap="nowrap" justify="space-between">
                  <Text size="xs" fw={700} truncate>
                    {p + 1}. {phase.name || '（名前なし）'}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                    {phase.weeks.from}〜{phase.weeks.to}週
                  </Text>
                </Group>,
                hasProblem(phasePath(p), 'sections'),
                'outline-phase',
              )}
              {phase.sections.map((section, s) => {
                const secSel: Selection = { kind: 'section', p, s };
                const inSection = (selection.kind === 'section' || selection.kind === 'question') && selection.p === p && selection.s === s;
                return (
                  <Box key={`s${s}`}>
                    {row(
                      secSel,
                      1,
                      <Text size="xs" fw={600} truncate>
                        {section.title || '（名前なし）'}
                      </Text>,
                      hasProblem(sectionPath(p, s), 'questions'),
                      'outline-section',
                    )}
                    {section.questions.map((q, qi) =>
                      row(
                        { kind: 'question', p, s, q: qi },
                        2,
                        <Group gap={4} wrap="nowrap" justify="space-between">
                          <Text size="xs" truncate>
                            {q.label || '（設問なし）'}
                          </Text>
                          <Group gap={2} wrap="nowrap" style={{ flex: 'none' }}>
                            {q.required && (
                              <Text span size="xs" c="red.9">
                                必須
                              </Text>
                            )}
                            <Badge size="xs" variant="light" color="gray" radius="sm" fw={400} tt="none" title={QUESTION_TYPES[q.type]}>
                              {SHORT_TYPES[q.type] ?? q.type}
                            </Badge>
                          </Group>
                        </Group>,
                        hasProblem(questionPath(p, s, qi)),
                        'outline-question',
                      ),
                    )}
                    {inSection && addButton('設問を追加', () => onAdd('question', secSel), 2, 'outline-add-question')}
                  </Box>
                );
              })}
              {inPhase && addButton('セクションを追加', () => onAdd('section', phaseSel), 1, 'outline-add-section')}
            </Box>
          );
        })}
        {addButton('フェーズを追加', () => onAdd('phase', { kind: 'template' }), 0, 'outline-add-phase')}
      </Stack>
    </nav>
  );
}
