import { DataList } from '@mantine/core';
import type { ReactNode } from 'react';

/** One label/value row of a DataList. */
export function InfoItem({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel c="dimmed">{label}</DataList.ItemLabel>
      <DataList.ItemValue data-testid={testId} style={{ wordBreak: 'break-all' }}>
        {children}
      </DataList.ItemValue>
    </DataList.Item>
  );
}
