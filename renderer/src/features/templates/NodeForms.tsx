import { Box, Group, Stack, Text } from '@mantine/core';
import { ENGAGEMENT_PROGRAMS } from '../../../../shared/domain/engagement.ts';
import { outlineOf } from '../../../../shared/domain/document.ts';
import type { Gate, Phase, Section, Template } from '../../../../shared/domain/template.ts';
import { allQuestions, GATE_KINDS, newGate } from './draft.ts';
import { AreaField, ListEditor, NumField, ProblemLine, SelectField, TextField } from './fields.tsx';

/** Name, description and program of the template (its id is fixed: it names the template). */
export function TemplateForm({ template: t, onChange }: { template: Template; onChange: (t: Template) => void }) {
  return (
    <Stack gap={8} data-testid="template-form">
      <TextField path="name" label="テンプレート名" value={t.name} onChange={(name) => onChange({ ...t, name })} testId="t-name" required />
      <AreaField path="description" label="説明" value={t.description} onChange={(description) => onChange({ ...t, description })} testId="t-description" minRows={3} />
      <Group gap={8} align="flex-start">
        <SelectField
          path="program"
          label="対象の事業（新しい計画で最初に選ばれる）"
          w={360}
          data={Object.entries(ENGAGEMENT_PROGRAMS).map(([value, label]) => ({ value, label }))}
          value={t.program}
          onChange={(v) => v && onChange({ ...t, program: v as Template['program'] })}
        />
        <Box>
          <Text size="xs" fw={500}>
            id
          </Text>
          <Text size="sm" ff="monospace" data-testid="t-id">
            {t.id}
          </Text>
          <ProblemLine path="id" />
        </Box>
      </Group>
      <TextField
        path="document.title"
        label="計画書の名前（表紙は「〇〇町 この名前（素案）」。空なら事業ごとの名前）"
        value={t.document?.title ?? ''}
        onChange={(title) => onChange({ ...t, document: { ...outlineOf(t), title } })}
        testId="t-doc-title"
      />
      <ProblemLine path="phases" />
      <Text size="xs" c="dimmed">
        フェーズ・セクション・設問は左の構成から選んで編集します。Alt+↑ / Alt+↓ で選んだ項目を並べ替えられます。
      </Text>
    </Stack>
  );
}

export function PhaseForm({ template, phase, path, onChange }: { template: Template; phase: Phase; path: string; onChange: (p: Phase) => void }) {
  return (
    <Stack gap={8} data-testid="phase-form">
      <Group gap={8} align="flex-start" wrap="nowrap">
        <Box style={{ flex: 1 }}>
          <TextField path={`${path}.name`} label="フェーズ名" value={phase.name} onChange={(name) => onChange({ ...phase, name })} testId="p-name" required />
        </Box>
        <NumField path={`${path}.weeks.from`} label="開始週" w={90} min={1} max={156} value={phase.weeks.from} onChange={(from) => onChange({ ...phase, weeks: { ...phase.weeks, from: from ?? 1 } })} testId="p-from" />
        <NumField path={`${path}.weeks.to`} label="終了週" w={90} min={1} max={156} value={phase.weeks.to} onChange={(to) => onChange({ ...phase, weeks: { ...phase.weeks, to: to ?? 1 } })} testId="p-to" />
      </Group>
      <ProblemLine path={`${path}.weeks`} />
      <TextField path={`${path}.id`} label="id" w={200} value={phase.id} onChange={(id) => onChange({ ...phase, id })} />
      <Box>
        <Text size="xs" fw={500} mb={2}>
          目標
        </Text>
        <ListEditor
          path={`${path}.goals`}
          items={phase.goals}
          onChange={(goals) => onChange({ ...phase, goals })}
          make={() => ''}
          addLabel="目標を追加"
          itemName="目標"
          testId="p-goals"
          render={(g, i, set) => <TextField path={`${path}.goals[${i}]`} ariaLabel={`目標 ${i + 1}`} value={g} onChange={set} />}
        />
      </Box>
      <ProblemLine path={`${path}.sections`} />
      <Box>
        <Text size="xs" fw={500}>
          関門（このフェーズを完了にする前に確かめること。必須の設問は自動で確かめます）
        </Text>
        <GatesEditor template={template} gates={phase.gates} path={`${path}.gates`} onChange={(gates) => onChange({ ...phase, gates })} />
      </Box>
    </Stack>
  );
}

function GatesEditor({ template, gates, path, onChange }: { template: Template; gates: readonly Gate[]; path: string; onChange: (g: Gate[]) => void }) {
  const qs = allQuestions(template);
  const of = (...types: string[]) => qs.filter((x) => types.includes(x.question.type)).map((x) => ({ value: x.question.id, label: x.label }));
  return (
    <ListEditor
      path={path}
      items={gates}
      onChange={onChange}
      make={() => newGate('min-items')}
      addLabel="関門を追加"
      itemName="関門"
      testId="p-gates"
      render={(g, i, set) => {
        const at = `${path}[${i}]`;
        return (
          <Stack gap={4} p={6} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}>
            <SelectField
              path={`${at}.kind`}
              ariaLabel={`関門 ${i + 1} の種類`}
              data={Object.entries(GATE_KINDS).map(([value, label]) => ({ value, label }))}
              value={g.kind}
              onChange={(v) => v && v !== g.kind && set({ ...newGate(v as Gate['kind']), label: g.label })}
            />
            {g.kind === 'min-items' && (
              <Group gap={4} wrap="nowrap" align="flex-start">
                <Box style={{ flex: 1 }}>
                  <SelectField path={`${at}.question`} ariaLabel={`関門 ${i + 1} の設問`} data={of('table', 'case-ref', 'multiple-choice')} value={g.question} onChange={(v) => set({ ...g, question: v ?? '' })} />
                </Box>
                <NumField path={`${at}.min`} ariaLabel={`関門 ${i + 1} の最小件数`} w={80} min={1} value={g.min} onChange={(min) => set({ ...g, min: min ?? 1 })} />
                <Text size="xs" pt={6}>
                  件以上
                </Text>
              </Group>
            )}
            {(g.kind === 'computed-complete' || g.kind === 'checklist-settled') && (
              <SelectField path={`${at}.question`} ariaLabel={`関門 ${i + 1} の設問`} data={of(g.kind === 'computed-complete' ? 'computed' : 'checklist')} value={g.question} onChange={(v) => set({ ...g, question: v ?? '' })} />
            )}
            {g.kind === 'every-row-referenced' && (
              <Group gap={4} wrap="nowrap" align="flex-start" grow>
                <SelectField path={`${at}.table`} label="行ごとに" data={of('table')} value={g.table} onChange={(v) => set({ ...g, table: v ?? '' })} />
                <SelectField path={`${at}.by`} label="対応が要る表" data={of('table')} value={g.by} onChange={(v) => set({ ...g, by: v ?? '', column: '' })} />
                <SelectField
                  path={`${at}.column`}
                  label="参照する列"
                  data={(() => {
                    const by = qs.find((x) => x.question.id === g.by)?.question;
                    return by?.type === 'table' ? by.columns.filter((c) => c.type === 'row-ref').map((c) => ({ value: c.id, label: c.label })) : [];
                  })()}
                  value={g.column}
                  onChange={(v) => set({ ...g, column: v ?? '' })}
                />
              </Group>
            )}
            <TextField path={`${at}.label`} ariaLabel={`関門 ${i + 1} の説明`} placeholder="不足しているときの説明（任意）" value={g.label} onChange={(label) => set({ ...g, label })} />
          </Stack>
        );
      }}
    />
  );
}

export function SectionForm({ section, path, onChange }: { section: Section; path: string; onChange: (s: Section) => void }) {
  return (
    <Stack gap={8} data-testid="section-form">
      <TextField path={`${path}.title`} label="セクション名" value={section.title} onChange={(title) => onChange({ ...section, title })} testId="s-title" required />
      <Group gap={8} align="flex-start">
        <Box style={{ flex: 1 }}>
          <TextField path={`${path}.chapter`} label="文書の章（このセクションの回答が入る章）" placeholder="例: 第2章 地域課題の整理" value={section.chapter} onChange={(chapter) => onChange({ ...section, chapter })} testId="s-chapter" />
        </Box>
        <TextField path={`${path}.id`} label="id" w={200} value={section.id} onChange={(id) => onChange({ ...section, id })} />
      </Group>
      <AreaField path={`${path}.guidance`} label="ガイド（セクションの冒頭に表示）" value={section.guidance} onChange={(guidance) => onChange({ ...section, guidance })} testId="s-guidance" minRows={3} />
      <ProblemLine path={`${path}.questions`} />
      <Text size="xs" c="dimmed">
        このセクションの設問: {section.questions.length}問。設問は左の構成から選んで編集・並べ替えします。
      </Text>
    </Stack>
  );
}
