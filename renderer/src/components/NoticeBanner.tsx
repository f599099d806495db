import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleX, IconInfoCircle } from '@tabler/icons-react';
import { useNotices } from '../lib/notices.ts';

const ICONS = {
  error: <IconCircleX size={18} />,
  warning: <IconAlertTriangle size={18} />,
  info: <IconInfoCircle size={18} />,
} as const;
const COLORS = { error: 'red', warning: 'orange', info: 'blue' } as const;

/**
 * Notices from the core over every page: the database was repaired from a backup at start (and
 * where the damaged file is), a backup was restored, the folder is read-only, an automatic backup
 * failed. Each stays until the user closes it (recoveries and restores also across restarts).
 */
export function NoticeBanner() {
  const { items, error, dismiss } = useNotices();

  if (items.length === 0) return null;
  return (
    <Stack gap={6} px="md" pt="sm" data-testid="notices" style={{ flex: 'none', maxHeight: '40vh', overflow: 'auto' }}>
      {items.map((n) => (
        <Alert
          key={n.id}
          color={COLORS[n.level]}
          icon={ICONS[n.level]}
          title={n.title}
          withCloseButton
          closeButtonLabel="このお知らせを閉じる"
          onClose={() => {
            dismiss(n.id);
          }}
          data-testid={`notice-${n.kind}`}
          role={n.level === 'info' ? 'status' : 'alert'}
        >
          <Text size="sm">{n.message}</Text>
          {n.paths.length > 0 ? (
            <Stack gap={2} mt={6}>
              {n.paths.map((p) => (
                <Code key={p} style={{ userSelect: 'all', wordBreak: 'break-all' }} data-testid="notice-path">
                  {p}
                </Code>
              ))}
            </Stack>
          ) : null}
          {error ? (
            <Text size="xs" c="red" mt={4}>
              {error}
            </Text>
          ) : null}
        </Alert>
      ))}
    </Stack>
  );
}
