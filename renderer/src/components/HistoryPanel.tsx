import { Box, Button, Table, Text } from '@mantine/core';
import type { HistoryEntity } from '../../../shared/contract/index.ts';
import { useContractPages } from '../api/query.ts';
import { dateTime, isClientKind, isMode, isProgram, isStatus, kindLabel, modeLabel, programShort, statusLabel } from '../lib/format.ts';
import { ChangeLine } from './ChangeLine.tsx';
import { LoadState } from './Loading.tsx';

const MAX_TEXT = 60;

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_TEXT ? `${one.slice(0, MAX_TEXT)}…` : one;
}

/** A stored value as one short line of Japanese. */
export function historyValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? 'はい' : 'いいえ';
  if (typeof v === 'number') return v.toLocaleString('ja-JP');
  if (typeof v === 'string') {
    if (field === 'kind' && isClientKind(v)) return kindLabel(v);
    if (field === 'program' && isProgram(v)) return programShort(v);
    if (field === 'status' && isStatus(v)) return statusLabel(v);
    if (field === 'mode' && isMode(v)) return modeLabel(v);
    return short(v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '（なし）';
    if (field === 'caseIds') return `${v.length}件`;
    const parts = v.map((x: unknown) => {
      if (typeof x === 'string') return x;
      if (typeof x === 'object' && x !== null) {
        const o = x as Record<string, unknown>;
        const name = typeof o.name === 'string' ? o.name : typeof o.task === 'string' ? o.task : '';
        const done = o.done === true ? '（完了）' : '';
        return `${name}${done}`;
      }
      return String(x);
    });
    return short(parts.join('、'));
  }
  return '（記録）';
}

const MARKERS = new Set(['(created)', '(deleted)', '(restored)']);

/** The change history of one record: when, which field, old → new (newest first). */
export function HistoryPanel({ entity, id }: { entity: HistoryEntity; id: string }) {
  const { items, hasMore, error, loadingMore, more } = useContractPages('history.list', { entity, id });

  if (!items) return <LoadState ready={false} error={error} testId="history" />;
  return (
    <Box data-testid="history" data-status="ready" data-entity={entity} data-count={items.length}>
      {items.length === 0 ? (
        <Text size="xs" c="dimmed">
          変更の記録はまだありません。
        </Text>
      ) : (
        <Table fz="xs" verticalSpacing={3} className="banso-eng-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={112}>日時</Table.Th>
              <Table.Th w={96}>項目</Table.Th>
              <Table.Th>変更前 → 変更後</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((h) => (
              <Table.Tr key={h.id} data-testid="history-row" data-field={h.field}>
                <Table.Td c="dimmed" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                  {dateTime(h.at)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{h.label}</Table.Td>
                <Table.Td>
                  {MARKERS.has(h.field) ? (
                    <Text span size="xs" c="dimmed">
                      {h.field === '(created)' ? '登録しました' : h.field === '(deleted)' ? '削除しました' : '元に戻しました（復元）'}
                    </Text>
                  ) : (
                    <ChangeLine from={historyValue(h.field, h.oldValue)} to={historyValue(h.field, h.newValue)} />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {hasMore ? (
        <Button variant="subtle" size="compact-xs" mt={4} loading={loadingMore} onClick={() => void more()}>
          さらに古い変更を表示
        </Button>
      ) : null}
    </Box>
  );
}
