import { Text } from '@mantine/core';

/** One change in a history: the old value struck through, → the new one. */
export function ChangeLine({ from, to }: { from: string; to: string }) {
  return (
    <>
      <Text span size="xs" c="dimmed" td="line-through">
        {from}
      </Text>
      <Text span size="xs" c="dimmed">
        {' → '}
      </Text>
      <Text span size="xs">
        {to}
      </Text>
    </>
  );
}
