import { Alert, Box, Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { CHECK_STATUSES } from '../../../../shared/domain/template.ts';
import { useContractPages } from '../../api/query.ts';
import { dateTime } from '../../lib/format.ts';
import { ChangeLine } from '../../components/ChangeLine.tsx';
import { Loading } from '../../components/Loading.tsx';

const MAX_TEXT = 40;

/** 2026-11-22T14:00Z → 11/22 23:00 this year, 2025/11/22 23:00 otherwise (local time). */
function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (d.getFullYear() !== new Date().getFullYear()) return dateTime(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}/${d.getDate()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_TEXT ? `${one.slice(0, MAX_TEXT)}…` : one;
}

/** A stored answer (or other plan value) as one short line of Japanese. */
export function planValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'number') return v.toLocaleString('ja-JP');
  if (typeof v === 'boolean') return v ? 'はい' : 'いいえ';
  if (typeof v === 'string') return short(v);
  if (field === 'closedPhases' && Array.isArray(v)) return v.length === 0 ? '（なし）' : `${v.length}フェーズ完了`;
  if (field === 'template' && typeof v === 'object') {
    const t = v as { templateId?: unknown; version?: unknown };
    return `${String(t.templateId)} 版${String(t.version)}`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '（なし）';
    if (v.every((x) => typeof x === 'string')) return short(v.join('、'));
    return `${v.length}行`;
  }
  if (typeof v === 'object') {
    const entries = Object.values(v as Record<string, unknown>);
    const done = entries.filter((x) => x === 'done' || x === 'na').length;
    if (entries.every((x) => typeof x === 'string' && x in CHECK_STATUSES)) return `完了・該当なし ${done}/${entries.length}項目`;
  }
  return '（記録）';
}

/** The plan's change history, newest first; an answer's row jumps to its question. */
export function PlanHistory({ engagementId, onJump }: { engagementId: string; onJump: (questionId: string) => void }) {
  const { items, hasMore, error, loadingMore, more } = useContractPages('plan.history', { engagementId });

  if (error && !items) {
    return (
      <Alert color="gray" p={6} data-testid="plan-history" data-status="error">
        <Text size="xs">{error}</Text>
      </Alert>
    );
  }
  if (!items) {
    return (
      <Loading data-testid="plan-history" data-status="loading" />
    );
  }
  return (
    <Stack gap={4} data-testid="plan-history" data-status="ready" data-count={items.length}>
      <Text size="xs" c="dimmed">
        回答・フェーズの完了・テンプレートの更新の記録（新しい順）。右上の ↶ で直前の変更を元に戻せます。
      </Text>
      {items.map((h) => {
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
              <Text size="xs" style={{ wordBreak: 'break-all' }}>
                <ChangeLine from={planValue(h.field, h.oldValue)} to={planValue(h.field, h.newValue)} />
              </Text>
            )}
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
