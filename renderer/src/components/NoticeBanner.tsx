import { Alert, Anchor, Code, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
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
  const [open, setOpen] = useState<Record<string, boolean>>({});

  if (items.length === 0) return null;
  // Compact: one line per notice (title and message), the paths behind 詳細; it must not push every
  // page down by a fifth of a 768 px screen until it is closed.
  return (
    <Stack gap={4} px="md" pt={6} data-testid="notices" style={{ flex: 'none', maxHeight: '30vh', overflow: 'auto' }}>
      {items.map((n) => (
        <Alert
          key={n.id}
          color={COLORS[n.level]}
          icon={ICONS[n.level]}
          withCloseButton
          closeButtonLabel="このお知らせを閉じる"
          onClose={() => {
            dismiss(n.id);
          }}
          py={4}
          data-testid={`notice-${n.kind}`}
          role={n.level === 'info' ? 'status' : 'alert'}
        >
          <Group gap={8} wrap="nowrap" align="baseline">
            <Text size="sm" fw={600} style={{ flex: 'none' }}>
              {n.title}
            </Text>
            <Text size="sm" lineClamp={open[n.id] ? undefined : 1} style={{ minWidth: 0, flex: 1 }} title={n.message}>
              {n.message}
            </Text>
            {n.paths.length > 0 || n.message.length > 60 ? (
              <Anchor component="button" type="button" size="xs" style={{ flex: 'none' }} onClick={() => setOpen((o) => ({ ...o, [n.id]: !o[n.id] }))} data-testid="notice-more">
                {open[n.id] ? '閉じる' : '詳細'}
              </Anchor>
            ) : null}
          </Group>
          {n.paths.length > 0 ? (
            <Stack gap={2} mt={4} display={open[n.id] ? undefined : 'none'}>
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
