import { Anchor, EmptyState } from '@mantine/core';
import { IconMap2 } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Page } from '../components/Page.tsx';

export function NotFoundPage() {
  return (
    <Page name="notfound" title="ページが見つかりません">
      <EmptyState
        mt="xl"
        size="sm"
        withIndicatorBackground
        icon={<IconMap2 size={28} stroke={1.5} />}
        title="このページはありません"
        description="左のメニューから移動してください。"
      >
        <Anchor component={Link} to="/" mt="xs">
          ホームへ戻る
        </Anchor>
      </EmptyState>
    </Page>
  );
}
