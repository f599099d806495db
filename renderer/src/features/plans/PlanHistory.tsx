import { Alert, Box, Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { PlanView } from '../../../../shared/contract/plans.ts';
import { describePlanChange, type HistoryNames } from '../../../../shared/domain/plan-history.ts';
import { questionMap } from '../../../../shared/domain/template.ts';
import { contractQuery, useContract, useContractPages } from '../../api/query.ts';
import { useFormatDate } from '../../lib/appInfo.ts';
import { dateTime } from '../../lib/format.ts';
import { ChangeLine } from '../../components/ChangeLine.tsx';
import { Loading } from '../../components/Loading.tsx';


/** 2026-11-22T14:00Z → 11/22 23:00 this year, 2025/11/22 23:00 otherwise (local time). */
function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (d.getFullYear() !== new Date().getFullYear()) return dateTime(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}/${d.getDate()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}


/** The plan's change history, newest first; an answer's row jumps to its question. Names, not ids; no row that changed nothing. */
export function PlanHistory({ plan, onJump }: { plan: PlanView; onJump: (questionId: string) => void }) {
  const { items, hasMore, error, loadingMore, more } = useContractPages('plan.history', { engagementId: plan.engagementId });
  const formatDate = useFormatDate();
  const templates = useContract('templates.list', {});
  const places = useMemo(() => questionMap(plan.template), [plan.template]);
  // The titles of the cases the case-ref changes name.
  const caseIds = useMemo(() => {
    const ids = new Set<string>();
    for (const h of items ?? []) {
      if (h.questionId && places.get(h.questionId)?.question.type === 'case-ref') {
        for (const v of [h.oldValue, h.newValue]) if (Array.isArray(v)) for (const id of v) if (typeof id === 'string') ids.add(id);
      }
    }
    return [...ids].slice(0, 100);
  }, [items, places]);
  const cases = useQueries({ queries: caseIds.map((id) => ({ ...contractQuery('cases.get', { id }), retry: false })) });
  const titles = new Map<string, string>();
  cases.forEach((q, i) => {
    const c = q.data as { title?: string } | undefined;
    if (c?.title) titles.set(caseIds[i]!, c.title);
  });
  const names: HistoryNames = {
    caseTitle: (id) => titles.get(id) ?? (cases.some((q) => q.isLoading) ? '…' : '（削除された事例）'),
    templateName: (id) => templates.data?.items.find((t) => t.id === id)?.name,
    formatDate: (iso) => formatDate(iso),
    template: plan.template,
    rowLabel: (table, rowId) => {
      const q = places.get(table)?.question;
      const rows = plan.answers[table]?.value;
      if (q?.type !== 'table' || !Array.isArray(rows)) return undefined;
      const row = (rows as { id: string; cells: Record<string, unknown> }[]).find((r) => r.id === rowId);
      const first = q.columns.find((c) => c.type === 'text');
      const v = row && first ? row.cells[first.id] : undefined;
      return typeof v === 'string' && v.trim() !== '' ? v : undefined;
    },
  };

  if (error && !items) {
    return (
      <Alert color="gray" p={6} data-testid="plan-history" data-status="error">
        <Text size="xs">{error}</Text>
      </Alert>
    );
  }
  if (!items) {
    return <Loading data-testid="plan-history" data-status="loading" />;
  }
  const rows = items
    .map((h) => ({ h, changes: h.field === '(created)' ? [] : describePlanChange(h.field, h.questionId ? places.get(h.questionId)?.question : undefined, h.oldValue, h.newValue, names) }))
    .filter((r) => r.h.field === '(created)' || r.changes.length > 0);
  return (
    <Stack gap={4} data-testid="plan-history" data-status="ready" data-count={rows.length}>
      <Text size="xs" c="dimmed">
        回答・フェーズの完了・テンプレートの更新の記録（新しい順）。右上の ↶ で直前の変更を元に戻せます。
      </Text>
      {rows.map(({ h, changes }) => {
        const row = (
          <Box>
            <Group gap={4} justify="space-between" wrap="nowrap">
              <Text size="xs" fw={600} truncate title={h.label}>
                {h.label}
              </Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums', flex: 'none' }} title={dateTime(h.at)}>
                {when(h.at)}
              </Text>
            </Group>
            {h.field === '(created)' ? (
              <Text size="xs" c="dimmed">
                計画を作成しました
              </Text>
            ) : (
              changes.slice(0, 6).map((c, i) => (
                <Text key={i} size="xs" style={{ wordBreak: 'break-all' }} data-testid="plan-history-change">
                  {c.what ? `${c.what}: ` : ''}
                  {c.from === '' ? <Text span size="xs">{c.to}</Text> : c.to === '' ? <Text span size="xs" td="line-through">{c.from}</Text> : <ChangeLine from={c.from} to={c.to} />}
                </Text>
              ))
            )}
            {changes.length > 6 ? (
              <Text size="xs" c="dimmed">
                ほか{changes.length - 6}件の変更
              </Text>
            ) : null}
          </Box>
        );
        return h.questionId !== null ? (
          <UnstyledButton key={h.id} onClick={() => onJump(h.questionId!)} title="この設問へ移動" data-testid="plan-history-row" data-field={h.field} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)', paddingBottom: 3 }}>
            {row}
          </UnstyledButton>
        ) : (
          <Box key={h.id} data-testid="plan-history-row" data-field={h.field} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)', paddingBottom: 3 }}>
            {row}
          </Box>
        );
      })}
      {hasMore && (
        <Button variant="subtle" size="compact-xs" loading={loadingMore} onClick={() => void more()}>
          さらに古い変更を表示
        </Button>
      )}
    </Stack>
  );
}
