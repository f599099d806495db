import { IconTemplate } from '@tabler/icons-react';
import { Page } from '../components/Page.tsx';
import { Placeholder } from '../components/Placeholder.tsx';

// Pages whose feature is not built yet. They say what will be here and nothing more.

export function TemplatesPage() {
  return (
    <Page name="templates" title="計画テンプレート" subtitle="支援計画のひな形">
      <Placeholder
        icon={IconTemplate}
        description="支援計画のひな形を作成・編集し、案件の計画づくりに使えます（準備中）"
        plans={['フェーズと項目からなるひな形を作る', 'ひな形から案件の計画を起こす']}
      />
    </Page>
  );
}
