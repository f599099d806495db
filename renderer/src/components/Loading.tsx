import { Group, Loader, Text, type GroupProps } from '@mantine/core';

/** 「読み込み中…」 with a small spinner: one look for every list and panel that is still loading. */
export function Loading(props: GroupProps & Record<`data-${string}`, string>) {
  return (
    <Group gap="xs" {...props}>
      <Loader size="xs" />
      <Text size="xs" c="dimmed">
        読み込み中…
      </Text>
    </Group>
  );
}
