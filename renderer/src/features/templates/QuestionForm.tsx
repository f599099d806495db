import { Box, Group, Paper, Stack, Text } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { CATALOGUE_PROGRAM_CODES } from '../../../../shared/domain/program.ts';
import {
  COLUMN_TYPES,
  COMPUTATIONS,
  QUESTION_TYPE_CODES,
  QUESTION_TYPES,
  type ChoiceOption,
  type Computation,
  type ColumnType,
  type Question,
  type QuestionOf,
  type QuestionType,
  type TableColumn,
  type Template,
} from '../../../../shared/domain/template.ts';
import { outlineOf, placeQuestions } from '../../../../shared/domain/document.ts';
import { DOC_APPENDIX, DOC_PREFACE, type DocumentOutline } from '../../../../shared/domain/template.ts';
import { useCatalogue } from '../../lib/catalogue.ts';
import { allQuestions, changeColumnType, changeQuestionType, COLUMN_TYPE_CODES, newChecklistItem, newColumn, newOption } from './draft.ts';
import { AreaField, CheckField, ListEditor, NumField, SelectField, TextField, useReadOnly } from './fields.tsx';

const TYPE_OPTIONS = QUESTION_TYPE_CODES.map((t) => ({ value: t, label: QUESTION_TYPES[t] }));
const COLUMN_OPTIONS = COLUMN_TYPE_CODES.map((t) => ({ value: t, label: COLUMN_TYPES[t] }));

/** The form of one question: what every type has, then what its type needs. */
export function QuestionForm({
  template,
  question: q,
  path,
  onChange,
  onOutlineChange,
}: {
  template: Template;
  question: Question;
  path: string;
  onChange: (q: Question) => void;
  /** Where the answer goes in the plan document (the template's document outline). */
  onOutlineChange?: (d: DocumentOutline) => void;
}) {
  return (
    <Stack gap={8} data-testid="question-form">
      <Group gap={8} align="flex-start" wrap="nowrap">
        <Box style={{ flex: 1 }}>
          <TextField path={`${path}.label`} label="設問" value={q.label} onChange={(label) => onChange({ ...q, label })} testId="q-label" required />
        </Box>
        <SelectField
          path={`${path}.type`}
          label="種類"
          w={180}
          data={TYPE_OPTIONS}
          value={q.type}
          onChange={(v) => v && onChange(changeQuestionType(q, v as QuestionType))}
          testId="q-type"
        />
      </Group>
      <Group gap={16} align="flex-end">
        <TextField path={`${path}.id`} label="id" w={200} value={q.id} onChange={(id) => onChange({ ...q, id })} testId="q-id" />
        {q.type !== 'computed' && <CheckField path={`${path}.required`} label="必須（進み具合と関門で数える）" checked={q.required} onChange={(required) => onChange({ ...q, required })} testId="q-required" />}
      </Group>
      <Text size="xs" c="dimmed" mt={-4}>
        回答は設問の id に結び付きます。id を変えたり設問を削除したりしても回答は消えず、計画では「テンプレートにない回答」として残ります。
      </Text>
      <AreaField path={`${path}.guidance`} label="ガイド（設問の横に表示）" value={q.guidance} onChange={(guidance) => onChange({ ...q, guidance })} testId="q-guidance" />
      {onOutlineChange && <ChapterField template={template} question={q} onChange={onOutlineChange} />}
      <TypeSettings template={template} question={q} path={path} onChange={onChange} />
    </Stack>
  );
}

/** The chapter of the plan document the answer goes to; not chosen = where its section suggests (shown), else 資料編. */
function ChapterField({ template, question: q, onChange }: { template: Template; question: Question; onChange: (d: DocumentOutline) => void }) {
  const outline = outlineOf(template);
  const data = [
    { value: DOC_PREFACE, label: 'はじめに（第1章の前）' },
    ...outline.chapters.map((c, i) => ({ value: c.id, label: `第${i + 1}章 ${c.title}` })),
    { value: DOC_APPENDIX, label: '資料編' },
  ];
  const mapped = outline.map[q.id];
  const placed = placeQuestions(template, outline).get(q.id) ?? DOC_APPENDIX;
  return (
    <Group gap={8} align="flex-end">
      <SelectField
        path={`document.map.${q.id}`}
        label="計画書での位置（章）"
        w={360}
        data={data}
        value={mapped ?? placed}
        onChange={(v) => v && onChange({ ...outline, map: { ...outline.map, [q.id]: v } })}
        testId="q-chapter"
      />
      {!mapped && (
        <Text size="xs" c="dimmed" pb={6}>
          未設定: セクションの章名から決めています
        </Text>
      )}
    </Group>
  );
}

function TypeSettings({ template, question: q, path, onChange }: { template: Template; question: Question; path: string; onChange: (q: Question) => void }) {
  switch (q.type) {
    case 'short-text':
      return (
        <Group gap={8} align="flex-start">
          <Box style={{ flex: 1 }}>
            <TextField path={`${path}.placeholder`} label="入力例（薄く表示）" value={q.placeholder} onChange={(placeholder) => onChange({ ...q, placeholder })} />
          </Box>
          <NumField path={`${path}.maxLength`} label="最大文字数" value={q.maxLength} min={1} max={2000} onChange={(v) => onChange({ ...q, maxLength: v ?? 200 })} />
        </Group>
      );
    case 'long-text':
      return <TextField path={`${path}.placeholder`} label="入力例（薄く表示）" value={q.placeholder} onChange={(placeholder) => onChange({ ...q, placeholder })} />;
    case 'number':
      return <NumberBounds path={path} value={q} onChange={(b) => onChange({ ...q, ...b })} />;
    case 'money':
    case 'date':
      return (
        <Text size="xs" c="dimmed">
          {q.type === 'money' ? '金額は0以上の整数（円）で回答します。' : '日付は和暦と西暦で表示されます。'}追加の設定はありません。
        </Text>
      );
    case 'single-choice':
    case 'multiple-choice':
      return (
        <Section title="選択肢">
          <OptionsEditor path={`${path}.options`} options={q.options} onChange={(options) => onChange({ ...q, options })} testId="q-options" />
        </Section>
      );
    case 'checklist':
      return (
        <Section title="チェック項目（各項目は 未着手・対応中・完了・該当なし）">
          <ListEditor
            path={`${path}.items`}
            items={q.items}
            onChange={(items) => onChange({ ...q, items })}
            make={() => newChecklistItem(q.items)}
            addLabel="項目を追加"
            itemName="項目"
            testId="q-items"
            min={1}
            render={(item, i, set) => (
              <Stack gap={2}>
                <Group gap={4} wrap="nowrap" align="flex-start">
                  <TextField path={`${path}.items[${i}].id`} ariaLabel={`項目 ${i + 1} の id`} w={110} value={item.id} onChange={(id) => set({ ...item, id })} />
                  <Box style={{ flex: 1 }}>
                    <TextField path={`${path}.items[${i}].label`} ariaLabel={`項目 ${i + 1}`} value={item.label} onChange={(label) => set({ ...item, label })} />
                  </Box>
                </Group>
                <TextField path={`${path}.items[${i}].guidance`} ariaLabel={`項目 ${i + 1} のガイド`} placeholder="ガイド（任意）" value={item.guidance} onChange={(guidance) => set({ ...item, guidance })} />
              </Stack>
            )}
          />
        </Section>
      );
    case 'table':
      return <TableSettings template={template} question={q} path={path} onChange={onChange} />;
    case 'case-ref':
      return <NumField path={`${path}.max`} label="引用できる事例の数（最大）" w={200} value={q.max} min={1} max={100} onChange={(v) => onChange({ ...q, max: v ?? 20 })} />;
    case 'computed':
      return <ComputationEditor template={template} question={q} path={`${path}.computation`} onChange={(computation) => onChange({ ...q, computation })} />;
  }
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p={8} radius="sm">
      <Text size="xs" fw={600} mb={4}>
        {title}
      </Text>
      {children}
    </Paper>
  );
}

function NumberBounds({ path, value, onChange }: { path: string; value: { min?: number | undefined; max?: number | undefined; integer: boolean; unit: string }; onChange: (b: { min?: number; max?: number; integer: boolean; unit: string }) => void }) {
  const set = (patch: Partial<{ min: number | undefined; max: number | undefined; integer: boolean; unit: string }>) => {
    const next = { ...value, ...patch };
    const out: { min?: number; max?: number; integer: boolean; unit: string } = { integer: next.integer, unit: next.unit };
    if (next.min !== undefined) out.min = next.min;
    if (next.max !== undefined) out.max = next.max;
    onChange(out);
  };
  return (
    <Group gap={8} align="flex-end">
      <NumField path={`${path}.min`} label="最小値" value={value.min} allowEmpty onChange={(min) => set({ min })} />
      <NumField path={`${path}.max`} label="最大値" value={value.max} allowEmpty onChange={(max) => set({ max })} />
      <TextField path={`${path}.unit`} label="単位" w={90} value={value.unit} onChange={(unit) => set({ unit })} />
      <CheckField path={`${path}.integer`} label="整数のみ" checked={value.integer} onChange={(integer) => set({ integer })} />
    </Group>
  );
}

function OptionsEditor({ path, options, onChange, testId }: { path: string; options: readonly ChoiceOption[]; onChange: (o: ChoiceOption[]) => void; testId: string }) {
  return (
    <ListEditor
      path={path}
      items={options}
      onChange={onChange}
      make={() => newOption(options)}
      addLabel="選択肢を追加"
      itemName="選択肢"
      testId={testId}
      min={1}
      render={(o, i, set) => (
        <Group gap={4} wrap="nowrap" align="flex-start">
          <TextField path={`${path}[${i}].value`} ariaLabel={`選択肢 ${i + 1} の値`} w={130} value={o.value} onChange={(value) => set({ ...o, value })} />
          <Box style={{ flex: 1 }}>
            <TextField path={`${path}[${i}].label`} ariaLabel={`選択肢 ${i + 1} の表示名`} value={o.label} onChange={(label) => set({ ...o, label })} />
          </Box>
        </Group>
      )}
    />
  );
}

function tableQuestions(t: Template, except?: string) {
  return allQuestions(t)
    .filter((x) => x.question.type === 'table' && x.question.id !== except)
    .map((x) => ({ value: x.question.id, label: x.label }));
}

function columnsOf(t: Template, tableId: string, types?: readonly ColumnType[]) {
  const q = allQuestions(t).find((x) => x.question.id === tableId)?.question;
  if (q?.type !== 'table') return [];
  return q.columns.filter((c) => !types || types.includes(c.type)).map((c) => ({ value: c.id, label: `${c.label}（${COLUMN_TYPES[c.type]}）` }));
}

function TableSettings({ template, question: q, path, onChange }: { template: Template; question: QuestionOf<'table'>; path: string; onChange: (q: Question) => void }) {
  return (
    <Section title="表の列（行は計画で追加します）">
      <ListEditor
        path={`${path}.columns`}
        items={q.columns}
        onChange={(columns) => onChange({ ...q, columns })}
        make={() => newColumn(q.columns)}
        addLabel="列を追加"
        itemName="列"
        testId="q-columns"
        min={1}
        render={(c, i, set) => <ColumnEditor template={template} table={q} column={c} path={`${path}.columns[${i}]`} index={i} onChange={set} />}
      />
      <Box mt={6}>
        <NumField path={`${path}.maxRows`} label="行数の上限" value={q.maxRows} min={1} max={1000} onChange={(v) => onChange({ ...q, maxRows: v ?? 200 })} />
      </Box>
    </Section>
  );
}

function ColumnEditor({ template, table, column: c, path, index, onChange }: { template: Template; table: QuestionOf<'table'>; column: TableColumn; path: string; index: number; onChange: (c: TableColumn) => void }) {
  const n = index + 1;
  return (
    <Stack gap={4} p={6} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}>
      <Group gap={4} wrap="nowrap" align="flex-start">
        <TextField path={`${path}.id`} ariaLabel={`列 ${n} の id`} w={100} value={c.id} onChange={(id) => onChange({ ...c, id })} />
        <Box style={{ flex: 1 }}>
          <TextField path={`${path}.label`} ariaLabel={`列 ${n} の名前`} value={c.label} onChange={(label) => onChange({ ...c, label })} />
        </Box>
        <SelectField path={`${path}.type`} ariaLabel={`列 ${n} の種類`} w={130} data={COLUMN_OPTIONS} value={c.type} onChange={(v) => v && onChange(changeColumnType(c, v as ColumnType))} />
        <Box pt={4}>
          <CheckField path={`${path}.required`} label="必須" checked={c.required} onChange={(required) => onChange({ ...c, required })} />
        </Box>
      </Group>
      {c.type === 'text' && <CheckField path={`${path}.multiline`} label="複数行" checked={c.multiline} onChange={(multiline) => onChange({ ...c, multiline })} />}
      {c.type === 'number' && <NumberBounds path={path} value={c} onChange={(b) => onChange({ ...c, ...b })} />}
      {c.type === 'choice' && <OptionsEditor path={`${path}.options`} options={c.options} onChange={(options) => onChange({ ...c, options })} testId={`column-${n}-options`} />}
      {c.type === 'row-ref' && (
        <Group gap={4} wrap="nowrap">
          <SelectField path={`${path}.table`} label="参照する表" w={220} data={tableQuestions(template, table.id)} value={c.table} onChange={(v) => onChange({ ...c, table: v ?? '' })} />
          <SelectField path={`${path}.labelColumn`} label="表示する列" w={200} data={columnsOf(template, c.table)} value={c.labelColumn} onChange={(v) => onChange({ ...c, labelColumn: v ?? '' })} />
        </Group>
      )}
    </Stack>
  );
}

function useProgramNames(): Record<string, string> {
  const catalogue = useCatalogue();
  return useMemo(() => Object.fromEntries((catalogue?.programs ?? []).map((p) => [p.code, p.shortName])), [catalogue]);
}

const NONE = '__none__';

function ComputationEditor({ template, question, path, onChange }: { template: Template; question: QuestionOf<'computed'>; path: string; onChange: (c: Computation) => void }) {
  const readOnly = useReadOnly();
  const c = question.computation;
  const names = useProgramNames();
  const tables = tableQuestions(template);
  const col = (key: string, label: string, value: string, types: readonly ColumnType[], set: (v: string) => void) => (
    <SelectField key={key} path={`${path}.${key}`} label={label} w={200} data={columnsOf(template, c.table, types)} value={value} onChange={(v) => set(v ?? '')} />
  );
  const questionsOf = (type: QuestionType) => allQuestions(template).filter((x) => x.question.type === type).map((x) => ({ value: x.question.id, label: x.label }));
  return (
    <Section title="自動計算">
      <Stack gap={6}>
        <SelectField
          path={`${path}.kind`}
          label="計算の種類"
          data={Object.entries(COMPUTATIONS).map(([value, label]) => ({ value, label }))}
          value={c.kind}
          onChange={(v) => {
            if (readOnly || !v || v === c.kind) return;
            onChange(
              v === 'issue-priority'
                ? { kind: 'issue-priority', table: c.table, labelColumn: c.labelColumn, importance: '', urgency: '' }
                : { kind: 'cost-summary', table: c.table, labelColumn: c.labelColumn, initial: '', running: '', years: '', program: null, programQuestion: null, subsidyBase: 'program', baseQuestion: null, benefitQuestion: null },
            );
          }}
        />
        <Group gap={6} align="flex-start">
          <SelectField path={`${path}.table`} label="対象の表" w={260} data={tables} value={c.table} onChange={(v) => onChange({ ...c, table: v ?? '' })} />
          {col('labelColumn', '名前の列', c.labelColumn, ['text', 'choice'], (labelColumn) => onChange({ ...c, labelColumn }))}
        </Group>
        {c.kind === 'issue-priority' ? (
          <Group gap={6} align="flex-start">
            {col('importance', '重要度の列', c.importance, ['number', 'choice'], (importance) => onChange({ ...c, importance }))}
            {col('urgency', '緊急度の列', c.urgency, ['number', 'choice'], (urgency) => onChange({ ...c, urgency }))}
          </Group>
        ) : (
          <>
            <Group gap={6} align="flex-start">
              {col('initial', '導入費の列', c.initial, ['money'], (initial) => onChange({ ...c, initial }))}
              {col('running', '運用費（年）の列', c.running, ['money'], (running) => onChange({ ...c, running }))}
              {col('years', '年数の列', c.years, ['number'], (years) => onChange({ ...c, years }))}
            </Group>
            <Group gap={6} align="flex-start">
              <SelectField
                path={`${path}.program`}
                label="補助の制度（固定）"
                w={260}
                data={[{ value: NONE, label: 'なし' }, ...CATALOGUE_PROGRAM_CODES.map((code) => ({ value: code, label: names[code] ? `${names[code]}（${code}）` : code }))]}
                value={c.program ?? NONE}
                onChange={(v) => onChange({ ...c, program: !v || v === NONE ? null : (v as (typeof CATALOGUE_PROGRAM_CODES)[number]) })}
              />
              <SelectField
                path={`${path}.programQuestion`}
                label="または制度を選ぶ設問"
                w={260}
                data={[{ value: NONE, label: 'なし' }, ...questionsOf('single-choice')]}
                value={c.programQuestion ?? NONE}
                onChange={(v) => onChange({ ...c, programQuestion: !v || v === NONE ? null : v })}
              />
            </Group>
            <Group gap={6} align="flex-start">
              <SelectField
                path={`${path}.subsidyBase`}
                label="補助率をかける額"
                w={260}
                data={[
                  { value: 'program', label: '制度の定めに従う（事業カタログ）' },
                  { value: 'total', label: '導入費＋運用費（年数分）' },
                  { value: 'initial', label: '導入費のみ' },
                ]}
                value={c.subsidyBase}
                onChange={(v) => onChange({ ...c, subsidyBase: v === 'initial' || v === 'total' ? v : 'program' })}
              />
              <SelectField
                path={`${path}.benefitQuestion`}
                label="年間の効果額の設問（回収年数）"
                w={260}
                data={[{ value: NONE, label: 'なし' }, ...questionsOf('money')]}
                value={c.benefitQuestion ?? NONE}
                onChange={(v) => onChange({ ...c, benefitQuestion: !v || v === NONE ? null : v })}
              />
            </Group>
          </>
        )}
      </Stack>
    </Section>
  );
}
