import { EmptyState, Text } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';

interface PlaceholderProps {
  icon: Icon;
  /** What will be here, in one sentence, ending in （準備中）. */
  description: string;
  /** A few concrete things the feature will do. */
  plans?: string[];
}

/** A calm note for a feature that is not built yet. Nothing on it pretends to work. */
export function Placeholder({ icon: IconComponent, description, plans = [] }: PlaceholderProps) {
  return (
    <EmptyState
      data-testid="placeholder"
      mt="xl"
      size="sm"
      withIndicatorBackground
      icon={<IconComponent size={28} stroke={1.5} />}
      title="この機能は準備中です"
      description={description}
    >
      {plans.length > 0 ? (
        <Text component="ul" size="xs" c="dimmed" mt="xs" ta="left" style={{ paddingInlineStart: '1.2em' }}>
          {plans.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </Text>
      ) : null}
    </EmptyState>
  );
}
