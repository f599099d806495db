import { IconBriefcase, IconNotebook, IconTemplate } from '@tabler/icons-react';
import { Page } from '../components/Page.tsx';
import { Placeholder } from '../components/Placeholder.tsx';

// Pages whose feature is not built yet. They say what will be here and nothing more.

export function EngagementsPage() {
  return (
    <Page name="engagements" title="支援先・案件" subtitle="支援している自治体・事業者と、その案件">
      <Placeholder
        icon={IconBriefcase}
        description="支援先と案件を登録し、進み具合を管理できます（準備中）"
        plans={['支援先（自治体・事業者）の基本情報を登録する', '案件ごとに目標・期間・計画を持つ', '案件の状態を一覧で確認する']}
      />
    </Page>
  );
}

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

export function LogPage() {
  return (
    <Page name="log" title="支援記録" subtitle="日々の支援の記録">
      <Placeholder
        icon={IconNotebook}
        description="訪問・打ち合わせなどの支援記録を時系列で残せます（準備中）"
        plans={['日付・支援先・内容を記録する', '案件ごと・期間ごとに振り返る']}
      />
    </Page>
  );
}
