import { Anchor, Group, Text, Tooltip } from '@mantine/core';
import { IconDeviceDesktop, IconPlugConnectedX, IconWorld } from '@tabler/icons-react';
import { face } from '../api/client.ts';
import { useAppInfo } from '../lib/appInfo.ts';
import { SyncBadge } from './SyncBadge.tsx';

const SEP = (
  <Text span size="xs" c="gray.4" aria-hidden>
    |
  </Text>
);

/** The bottom line of the window: where the data lives, schema version, which face. */
export function StatusLine() {
  const { data: info, status, error, refetch } = useAppInfo();
  const isDesktop = face() === 'desktop';

  return (
    <Group
      data-testid="status-line"
      h="100%"
      px="sm"
      gap={8}
      wrap="nowrap"
      bg="gray.0"
      style={{ fontSize: 'var(--mantine-font-size-xs)', overflow: 'hidden' }}
    >
      <Group gap={4} wrap="nowrap" style={{ flex: 'none' }} data-testid="status-face">
        {isDesktop ? <IconDeviceDesktop size={13} stroke={1.6} /> : <IconWorld size={13} stroke={1.6} />}
        <Text span size="xs" c="dimmed">
          {isDesktop ? 'デスクトップ' : 'ブラウザーモード'}
        </Text>
      </Group>
      {SEP}
      {info ? (
        <>
          <Text span size="xs" c="dimmed" style={{ flex: 'none' }} data-testid="status-schema">
            スキーマ v{info.schemaVersion}
          </Text>
          {SEP}
          <SyncBadge />
          <Text
            span
            size="xs"
            c="dimmed"
            truncate="start"
            title={info.dataDir}
            data-testid="status-datadir"
            style={{ minWidth: 0, flex: 1 }}
          >
            データの場所: {info.dataDir}
          </Text>
        </>
      ) : status === 'error' ? (
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Tooltip label={error?.message ?? ''} disabled={!error}>
            <Group gap={4} wrap="nowrap" data-testid="status-error">
              <IconPlugConnectedX size={13} stroke={1.6} color="var(--mantine-color-gray-6)" />
              <Text span size="xs" c="dimmed">
                接続できません
              </Text>
            </Group>
          </Tooltip>
          <Anchor
            component="button"
            type="button"
            size="xs"
            onClick={() => {
              void refetch();
            }}
          >
            再試行
          </Anchor>
        </Group>
      ) : (
        <Text span size="xs" c="dimmed">
          読み込み中…
        </Text>
      )}
    </Group>
  );
}
