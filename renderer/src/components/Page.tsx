import { Box, Group, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { APP_TITLE } from '../nav.ts';

interface PageProps {
  /** data-testid becomes page-<name>. */
  name: string;
  title: string;
  /** One calm line under the title. */
  subtitle?: ReactNode;
  /** Right side of the header (status, buttons). */
  actions?: ReactNode;
  children: ReactNode;
}

/**
 * One routed page: a fixed header and a body that scrolls on its own (the
 * frame itself never scrolls).
 */
export function Page({ name, title, subtitle, actions, children }: PageProps) {
  useEffect(() => {
    document.title = `${title} — ${APP_TITLE}`;
  }, [title]);

  return (
    <Box data-testid={`page-${name}`} style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
      <Group
        component="header"
        justify="space-between"
        align="center"
        wrap="nowrap"
        px="md"
        py={10}
        gap="md"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', flex: 'none' }}
      >
        <Box miw={0}>
          <Title order={1} size="h2">
            {title}
          </Title>
          {subtitle ? (
            <Text size="xs" c="dimmed" mt={2}>
              {subtitle}
            </Text>
          ) : null}
        </Box>
        {actions ? <Box style={{ flex: 'none' }}>{actions}</Box> : null}
      </Group>
      <Box className="banso-pane" px="md" py="sm" style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        {children}
      </Box>
    </Box>
  );
}
