import { Box, Group, Kbd, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import { searchPalette } from '../features/search/store.ts';
import { IconSearch } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { NAV_ITEMS, type NavItem } from '../nav.ts';
import { navPageOf } from '../routes.ts';

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

function isActive(item: NavItem, pathname: string): boolean {
  if (item.path === '/') return pathname === '/';
  const owner = navPageOf(pathname);
  if (owner) return owner === item.name;
  return [item.path, ...(item.also ?? [])].some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** The fixed left navigation. */
export function AppNavbar() {
  const { pathname } = useLocation();
  return (
    <Stack gap={0} h="100%">
      <Box px="sm" pt="sm" pb={6}>
        <Text fw={700} size="md" lh={1.3}>
          Bansō
          <Text span size="sm" fw={500} c="dimmed" ml={6}>
            伴走
          </Text>
        </Text>
        <Text size="xs" c="dimmed" lh={1.4}>
          地域DX支援のワークベンチ
        </Text>
      </Box>

      <UnstyledButton
        data-testid="open-spotlight"
        mx="xs"
        mb={6}
        px={8}
        py={4}
        onClick={() => {
          searchPalette.open();
        }}
        style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-sm)' }}
        aria-keyshortcuts={IS_MAC ? 'Meta+K' : 'Control+K'}
      >
        <Group gap={6} wrap="nowrap">
          <IconSearch size={14} stroke={1.6} color="var(--mantine-color-gray-6)" />
          <Text size="xs" c="dimmed" style={{ flex: 1 }}>
            検索・移動
          </Text>
          <Kbd>{IS_MAC ? '⌘K' : 'Ctrl+K'}</Kbd>
        </Group>
      </UnstyledButton>

      <Box component="nav" aria-label="メインメニュー" px={6} style={{ flex: 1, overflow: 'auto' }}>
        {NAV_ITEMS.map((item) => {
          const ItemIcon = item.icon;
          return (
            <NavLink
              key={item.name}
              component={Link}
              to={item.path}
              data-testid={`nav-${item.name}`}
              label={item.label}
              active={isActive(item, pathname)}
              aria-current={isActive(item, pathname) ? 'page' : undefined}
              leftSection={<ItemIcon size={17} stroke={1.6} />}
              py={6}
              style={{ borderRadius: 'var(--mantine-radius-sm)' }}
            />
          );
        })}
      </Box>
    </Stack>
  );
}
