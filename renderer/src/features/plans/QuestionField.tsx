import './plans.css';

import { ActionIcon, Badge, Button, Checkbox, Group, NativeSelect, Radio, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { IconPlus, IconSearch, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { ComputedResult, TableRow } from '../../../../shared/domain/plan.ts';
import { CHECK_STATUSES, type CheckStatus, type Question, type QuestionOf, type TableColumn } from '../../../../shared/domain/template.ts';
import { useContract } from '../../api/query.ts';
import { isPlainEnter } from '../../lib/ime.ts';
import { newRowId, parseNumber, yen } from './model.ts';
import { numberText } from '../../lib/format.ts';
import { titleWithPlace } from '../../../../shared/domain/case.ts';
import { DateField } from '../../components/DateField.tsx';

export interface FieldProps {
  question: Question;
  value: unknown;
  /** Every answer of the plan (row-ref columns list the rows of another table). */
  values: Record<string, unknown>;
  computed: ComputedResult | undefined;
  onChange: (value: unknown, opts?: { immediate?: boolean }) => void;
  setComposing: (composing: boolean) => void;
  /** The id of the first focusable control (jump target). */
  inputId: string;
}

const ime = (setComposing: (c: boolean) => void) => ({
  onCompositionStart: () => setComposing(true),
  onCompositionEnd: () => setComposing(false),
});

export function QuestionField(props: FieldProps) {
  const { question: q, value, onChange, setComposing, inputId } = props;
  switch (q.type) {
    case 'short-text':
      return (
        <TextInput
          id={inputId}
          size="sm"
          value={typeof value === 'string' ? value : ''}
          placeholder={q.placeholder}
          maxLength={q.maxLength}
          onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)}
          onKeyDown={(e) => {
            if (isPlainEnter(e)) onChange(e.currentTarget.value === '' ? null : e.currentTarget.value, { immediate: true });
          }}
          {...ime(setComposing)}
        />
      );
    case 'long-text':
      return (
        <Textarea
          id={inputId}
          size="sm"
          autosize
          minRows={3}
          maxRows={12}
          value={typeof value === 'string' ? value : ''}
          placeholder={q.placeholder || 'Markdown で書けます'}
          onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)}
          {...ime(setComposing)}
        />
      );
    case 'number':
    case 'money':
      return <NumberField inputId={inputId} value={value} unit={q.type === 'money' ? '円' : q.unit} onChange={onChange} setComposing={setComposing} />;
    case 'date':
      return (
        <DateField
          id={inputId}
          size="sm"
          w={260}
          value={typeof value === 'string' ? value : ''}
          onChange={(x) => onChange(x === '' ? null : x, { immediate: true })}
        />
      );
    case 'single-choice':
      return (
        <Radio.Group value={typeof value === 'string' ? value : ''} onChange={(v) => onChange(v === '' ? null : v, { immediate: true })}>
          <Group gap="md">
            {q.options.map((o, i) => (
              <Radio key={o.value} id={i === 0 ? inputId : undefined} value={o.value} label={o.label} size="xs" />
            ))}
            {typeof value === 'string' && (
              <Button variant="subtle" size="compact-xs" color="gray" onClick={() => onChange(null, { immediate: true })}>
                選択を外す
              </Button>
            )}
          </Group>
        </Radio.Group>
      );
    case 'multiple-choice': {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      return (
        <Checkbox.Group value={selected} onChange={(v) => onChange(v.length === 0 ? null : q.options.map((o) => o.value).filter((x) => v.includes(x)), { immediate: true })}>
          <Group gap="md">
            {q.options.map((o, i) => (
              <Checkbox key={o.value} id={i === 0 ? inputId : undefined} value={o.value} label={o.label} size="xs" />
            ))}
          </Group>
        </Checkbox.Group>
      );
    }
    case 'checklist':
      return <ChecklistField question={q} value={value} onChange={onChange} inputId={inputId} />;
    case 'table':
      return <TableField {...props} question={q} />;
    case 'case-ref':
      return <CaseRefField question={q} value={value} onChange={onChange} inputId={inputId} setComposing={setComposing} />;
    case 'computed':
      return <ComputedView result={props.computed} inputId={inputId} />;
  }
}

function NumberField({ inputId, value, unit, onChange, setComposing, size = 'sm' }: { inputId?: string; value: unknown; unit: string; onChange: FieldProps['onChange']; setComposing: FieldProps['setComposing']; size?: 'xs' | 'sm' }) {
  // The text as typed ("1." or "12,000" stay as they are); the value sent is parsed from it.
  const [text, setText] = useState(() => (typeof value === 'number' ? numberText(value) : typeof value === 'string' ? value : ''));
  return (
    <TextInput
      id={inputId}
      size={size}
      w={size === 'sm' ? 200 : undefined}
      inputMode="decimal"
      value={text}
      rightSection={unit ? <Text size="xs" c="dimmed">{unit}</Text> : undefined}
      rightSectionWidth={unit ? 36 : undefined}
      onChange={(e) => {
        setText(e.currentTarget.value);
        onChange(parseNumber(e.currentTarget.value));
      }}
      {...ime(setComposing)}
    />
  );
}

function ChecklistField({ question: q, value, onChange, inputId }: { question: QuestionOf<'checklist'>; value: unknown; onChange: FieldProps['onChange']; inputId: string }) {
  const map = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, CheckStatus>) : {};
  const statuses = Object.entries(CHECK_STATUSES).map(([v, label]) => ({ value: v, label }));
  return (
    <Stack gap={4}>
      {q.items.map((item, i) => (
        <Group key={item.id} gap="xs" wrap="nowrap" align="flex-start">
          <NativeSelect
            id={i === 0 ? inputId : undefined}
            aria-label={`${item.label} の状況`}
            size="xs"
            w={100}
            data={statuses}
            value={map[item.id] ?? 'todo'}
            onChange={(e) => onChange({ ...map, [item.id]: e.currentTarget.value }, { immediate: true })}
          />
          <div style={{ minWidth: 0 }}>
            <Text size="sm">{item.label}</Text>
            {item.guidance && (
              <Text size="xs" c="dimmed">
                {item.guidance}
              </Text>
            )}
          </div>
        </Group>
      ))}
    </Stack>
  );
}

/** Column widths that show a typical value whole (the table scrolls sideways when they do not fit). */
const COLUMN_WIDTH: Record<TableColumn['type'], number> = { text: 200, number: 120, money: 150, date: 150, choice: 160, 'row-ref': 180 };

/**
 * Enter in a cell moves down to the same column of the next row, Shift+Enter up, as in Excel
 * (never the Enter that confirms an IME conversion; a select keeps its own keys).
 */
function moveInTable(e: React.KeyboardEvent<HTMLTableElement>): void {
  if (e.key !== 'Enter' || e.nativeEvent.isComposing || e.keyCode === 229 || e.altKey || e.ctrlKey || e.metaKey) return;
  const target = e.target as HTMLElement;
  if (target.tagName !== 'INPUT') return;
  const td = target.closest<HTMLElement>('td[data-col]');
  const tr = td?.closest('tr');
  if (!td || !tr) return;
  const next = (e.shiftKey ? tr.previousElementSibling : tr.nextElementSibling) as HTMLElement | null;
  const cell = next?.querySelector<HTMLElement>(`td[data-col="${CSS.escape(td.dataset.col ?? '')}"]`);
  const field = cell?.querySelector<HTMLElement>('input, select');
  e.preventDefault();
  field?.focus();
  if (field instanceof HTMLInputElement) field.select();
}

function TableField({ question: q, value, values, onChange, setComposing, inputId }: FieldProps & { question: QuestionOf<'table'> }) {
  const rows = Array.isArray(value) ? (value as TableRow[]) : [];
  const put = (next: TableRow[], immediate = false) => onChange(next.length === 0 ? null : next, { immediate });
  const setCell = (rowId: string, col: TableColumn, cell: unknown, immediate = false) =>
    put(
      rows.map((r) => (r.id === rowId ? { ...r, cells: { ...r.cells, [col.id]: cell } } : r)),
      immediate,
    );
  const addRow = () => put([...rows, { id: newRowId(), cells: {} }], true);

  return (
    <Stack gap={4}>
      <div style={{ overflowX: 'auto' }} className="banso-plan-table-scroll" data-testid={`table-scroll-${q.id}`}>
        <Table
          withTableBorder
          withColumnBorders
          verticalSpacing={2}
          horizontalSpacing={4}
          fz="sm"
          data-testid={`table-${q.id}`}
          style={{ tableLayout: 'fixed', width: '100%', minWidth: 28 + 36 + q.columns.reduce((n, c) => n + COLUMN_WIDTH[c.type], 0) }}
          onKeyDown={moveInTable}
        >
          <colgroup>
            <col style={{ width: 28 }} />
            {q.columns.map((c) => (
              <col key={c.id} style={{ width: COLUMN_WIDTH[c.type] }} />
            ))}
            <col style={{ width: 36 }} />
          </colgroup>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              {q.columns.map((c) => (
                <Table.Th key={c.id} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={c.label}>
                  {c.label}
                  {c.required && <Text span c="red.9"> *</Text>}
                </Table.Th>
              ))}
              <Table.Th className="banso-plan-table-end" aria-label="削除" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, ri) => (
              <Table.Tr key={r.id} data-testid="plan-row">
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {ri + 1}
                  </Text>
                </Table.Td>
                {q.columns.map((c) => (
                  <Table.Td key={c.id} data-col={c.id}>
                    <Cell column={c} value={r.cells[c.id] ?? null} values={values} label={`${String(ri + 1)}行目 ${c.label}`} onChange={(v, imm) => setCell(r.id, c, v, imm)} setComposing={setComposing} />
                  </Table.Td>
                ))}
                <Table.Td className="banso-plan-table-end">
                  <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`${String(ri + 1)}行目を削除`} onClick={() => put(rows.filter((x) => x.id !== r.id), true)}>
                    <IconTrash size={14} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={q.columns.length + 2}>
                  <Text size="xs" c="dimmed">
                    まだ行がありません。「行を追加」で書き始めます。
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </div>
      <Group gap={8}>
        <Button id={inputId} size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} onClick={addRow} disabled={rows.length >= q.maxRows} data-testid={`add-row-${q.id}`}>
          行を追加
        </Button>
        {rows.length > 0 && (
          <Text size="xs" c="dimmed">
            Enter で下のセルへ（Shift+Enter で上へ）
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function Cell({ column: c, value, values, label, onChange, setComposing }: { column: TableColumn; value: unknown; values: Record<string, unknown>; label: string; onChange: (v: unknown, immediate?: boolean) => void; setComposing: (c: boolean) => void }) {
  switch (c.type) {
    case 'text':
      return (
        <TextInput
          size="xs"
          aria-label={label}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)}
          {...ime(setComposing)}
        />
      );
    case 'number':
    case 'money':
      return (
        <div aria-label={label}>
          <NumberField value={value} unit={c.type === 'money' ? '円' : c.unit} size="xs" onChange={(v) => onChange(v)} setComposing={setComposing} />
        </div>
      );
    case 'date':
      return <DateField size="xs" compact aria-label={label} value={typeof value === 'string' ? value : ''} onChange={(x) => onChange(x === '' ? null : x, true)} />;
    case 'choice':
      return (
        <NativeSelect
          size="xs"
          aria-label={label}
          data={[{ value: '', label: '—' }, ...c.options.map((o) => ({ value: o.value, label: o.label }))]}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value, true)}
        />
      );
    case 'row-ref': {
      const other = Array.isArray(values[c.table]) ? (values[c.table] as TableRow[]) : [];
      const data = other.map((r, i) => {
        const l = r.cells[c.labelColumn];
        return { value: r.id, label: typeof l === 'string' && l.trim() !== '' ? l : `（${String(i + 1)}行目）` };
      });
      if (typeof value === 'string' && !other.some((r) => r.id === value)) data.push({ value, label: '（削除された行）' });
      return <NativeSelect size="xs" aria-label={label} data={[{ value: '', label: '—' }, ...data]} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value, true)} />;
    }
  }
}

/** The title of a case chosen earlier (the answer stores ids only). */
function ChosenCase({ id, onRemove }: { id: string; onRemove: () => void }) {
  const c = useContract('cases.get', { id });
  const title = c.data ? c.data.title : c.isError ? `${id}（ライブラリにありません）` : id;
  return (
    <Badge variant="light" data-testid="chosen-case" rightSection={<IconX size={11} style={{ cursor: 'pointer' }} aria-label="外す" onClick={onRemove} />}>
      {title}
    </Badge>
  );
}

function CaseRefField({ question: q, value, onChange, inputId, setComposing }: { question: QuestionOf<'case-ref'>; value: unknown; onChange: FieldProps['onChange']; inputId: string; setComposing: (c: boolean) => void }) {
  const ids = Array.isArray(value) ? (value as string[]) : [];
  const [query, setQuery] = useState('');
  /** The query searched for (Enter or 検索); null before the first search. */
  const [searched, setSearched] = useState<string | null>(null);
  const result = useContract('cases.search', { query: searched ?? '', limit: 8 }, { enabled: searched !== null });
  const hits = searched === null ? null : (result.data?.items ?? null);
  const error = result.error?.message ?? null;
  const search = () => {
    setSearched(query);
    if (searched === query) void result.refetch();
  };
  const add = (id: string) => {
    if (!ids.includes(id)) onChange([...ids, id], { immediate: true });
  };
  return (
    <Stack gap={4}>
      <Group gap={4}>
        {ids.length === 0 && (
          <Text size="xs" c="dimmed">
            まだ選んでいません。
          </Text>
        )}
        {ids.map((id) => (
          <ChosenCase key={id} id={id} onRemove={() => onChange(ids.length === 1 ? null : ids.filter((x) => x !== id), { immediate: true })} />
        ))}
      </Group>
      <Text size="xs" c="dimmed" data-testid="case-ref-note">
        案件に添付した事例の一覧です（事例ライブラリの「案件に添付」と同じ）。ここで加えた事例は案件に添付されます。
      </Text>
      <Group gap={4} wrap="nowrap">
        <TextInput
          id={inputId}
          size="xs"
          placeholder="好事例を検索（例: 遠隔医療）"
          value={query}
          style={{ flex: 1 }}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (isPlainEnter(e)) {
              e.preventDefault();
              search();
            }
          }}
          {...ime(setComposing)}
        />
        <Button size="compact-sm" variant="default" leftSection={<IconSearch size={13} />} onClick={search} style={{ flex: 'none' }}>
          検索
        </Button>
      </Group>
      {error && (
        <Text size="xs" c="red.9">
          {error}
        </Text>
      )}
      {hits && (
        <Stack gap={2}>
          {hits.length === 0 && (
            <Text size="xs" c="dimmed">
              見つかりませんでした。
            </Text>
          )}
          {hits.map((h) => (
            <Group key={h.id} gap={6} wrap="nowrap">
              <Button size="compact-xs" variant="subtle" disabled={ids.includes(h.id) || ids.length >= q.max} onClick={() => add(h.id)} style={{ flex: 'none' }} data-testid="case-ref-add">
                追加
              </Button>
              <Text size="xs" truncate style={{ minWidth: 0 }} title={titleWithPlace(h.title, h.prefecture, h.municipality)}>
                {titleWithPlace(h.title, h.prefecture, h.municipality)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

export function ComputedView({ result, inputId }: { result: ComputedResult | undefined; inputId?: string }) {
  if (!result) {
    return (
      <Text size="xs" c="dimmed" id={inputId} tabIndex={-1}>
        まだ計算できません。
      </Text>
    );
  }
  if (result.kind === 'issue-priority') {
    return (
      <Stack gap={4} id={inputId} tabIndex={-1} data-testid="computed-issue-priority">
        {result.items.length > 0 && (
          <Table withTableBorder verticalSpacing={2} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={48}>順位</Table.Th>
                <Table.Th>課題</Table.Th>
                <Table.Th w={120}>重要度×緊急度</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.items.map((i) => (
                <Table.Tr key={i.rowId}>
                  <Table.Td>{i.rank}</Table.Td>
                  <Table.Td>{i.label || '（無題）'}</Table.Td>
                  <Table.Td>
                    {i.importance} × {i.urgency} = {i.score}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {result.incomplete.map((i) => (
          <Text key={i.rowId} size="xs" c="orange.9">
            {i.message}
          </Text>
        ))}
        {result.items.length === 0 && result.incomplete.length === 0 && (
          <Text size="xs" c="dimmed">
            課題の表に行を書くと、優先順位がここに出ます。
          </Text>
        )}
      </Stack>
    );
  }
  const r = result;
  return (
    <Stack gap={2} id={inputId} tabIndex={-1} data-testid="computed-cost-summary">
      <Text size="sm">
        導入費 合計 {yen(r.initialTotal)} ・ 運用費 {yen(r.runningPerYear)}/年（期間合計 {yen(r.runningTotal)}）
      </Text>
      <Text size="sm" fw={600}>
        総額 {yen(r.total)} ・ 実質負担 {yen(r.net)}
      </Text>
      {r.subsidy && (
        <Text size="sm">
          補助: {r.subsidy.programName}
          {r.subsidy.rateText ? `（補助率 ${r.subsidy.rateText}）` : ''} {yen(r.subsidy.amount)}
          {r.subsidy.capped ? '（上限額まで）' : ''} {r.subsidy.note && <Text span size="xs" c="dimmed">{r.subsidy.note}</Text>}
        </Text>
      )}
      {r.subsidy && (
        <Text size="xs" data-testid="cost-subsidy-base" data-base={r.subsidy.base} data-from={r.subsidy.baseFrom}>
          補助対象: {r.subsidy.base === 'initial' ? '導入費のみ' : '導入費＋運用費（年数分）'} {yen(r.subsidy.baseYen)}
          {r.subsidy.baseFrom === 'program' ? ' — 制度の定めによる。' : ' — この計画で選んだ対象。'}
          {r.subsidy.coversNote} 「補助率をかける経費」で変えられます。
        </Text>
      )}
      <Text size="sm">
        回収年数: {r.paybackYears === null ? '—' : `${r.paybackYears.toFixed(1)}年`} {r.paybackNote && <Text span size="xs" c="dimmed">（{r.paybackNote}）</Text>}
      </Text>
      {r.incomplete.map((i) => (
        <Text key={i.rowId} size="xs" c="orange.9">
          {i.message}
        </Text>
      ))}
    </Stack>
  );
}
