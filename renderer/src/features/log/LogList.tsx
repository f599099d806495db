import { Badge, Box, Group, Text } from '@mantine/core';
import { useNavigate } from 'react-router';
import { MODE_COLORS, minutesText, modeLabel, wareki, westernBeside, weekday } from '../../lib/format.ts';
import { useLogData } from './data.ts';
import { useLog } from './store.ts';
import { Loading } from '../../components/Loading.tsx';
import { paths } from '../../routes.ts';

/** The engagement's entries, newest first: date (和暦 and 西暦), mode, minutes, topics; over-quota marked. */
export function LogList() {
  const { entries, entriesStatus: status, engagementId } = useLogData();
  const selected = useLog((s) => s.selectedId);
  const navigate = useNavigate();
  const open = (id: string) => {
    if (engagementId) void navigate(paths.log(engagementId, id));
  };
  const overCount = entries.filter((e) => e.overQuota).length;

  return (
    <Box
      className="banso-eng-list"
      data-testid="log-list"
      data-status={status}
      data-count={entries.length}
      data-over-count={overCount}
      role={entries.length > 0 ? 'listbox' : 'group'}
      aria-label="支援記録"
      style={{ flex: 1, minHeight: 0 }}
    >
      {status === 'loading' && entries.length === 0 ? (
        <Loading p="xs" />
      ) : null}
      {status === 'ready' && entries.length === 0 ? (
        <Text size="xs" c="dimmed" p="xs">
          この案件の記録はまだありません。「新規記録」から始めます。
        </Text>
      ) : null}
      {entries.map((e) => (
        <Box
          key={e.id}
          className="banso-eng-crow"
          role="option"
          tabIndex={0}
          aria-selected={selected === e.id}
          data-testid="log-row"
          data-id={e.id}
          data-over={e.overQuota || undefined}
          data-selected={selected === e.id || undefined}
          onClick={() => open(e.id)}
          onKeyDown={(ev) => {
            if (ev.key === 'Enter' && !ev.nativeEvent.isComposing) open(e.id);
          }}
        >
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Text size="sm" fw={600} className="banso-eng-ellipsis">
              {wareki(e.date)}（{weekday(e.date)}）
              <Text span size="xs" fw={400} c="dimmed" ml={6} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {westernBeside(e.date)}
                {e.startTime ? ` ${e.startTime}` : ''}
              </Text>
            </Text>
            <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
              {e.overQuota ? (
                <Badge size="xs" color="red" variant="filled" data-testid="log-row-over">
                  上限超過
                </Badge>
              ) : null}
              <Badge size="xs" color={MODE_COLORS[e.mode]} variant="light">
                {modeLabel(e.mode)}
              </Badge>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                {minutesText(e.minutes)}
              </Text>
            </Group>
          </Group>
          <Text size="xs" c={e.topics ? 'gray.8' : 'dimmed'} className="banso-eng-ellipsis" title={e.topics}>
            {e.topics || '（議題なし）'}
            {e.nextActions.some((a) => !a.done) ? ` ・ 次のアクション ${e.nextActions.filter((a) => !a.done).length}件` : ''}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
