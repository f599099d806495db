import {
  IconArrowsExchange,
  IconBooks,
  IconBriefcase,
  IconHome,
  IconNotebook,
  IconSettings,
  IconTemplate,
  type Icon,
} from '@tabler/icons-react';

import { paths, type PageName } from './routes.ts';

export type { PageName };

export interface NavItem {
  name: PageName;
  path: string;
  /** Other paths under this item (the navbar marks it active there too). */
  also?: string[];
  label: string;
  /** One line for the command palette. */
  description: string;
  /** Extra words for the command palette filter (romaji, English). */
  keywords: string[];
  icon: Icon;
}

/** The pages of the frame, in navigation order. Used by the navbar and by Spotlight. */
export const NAV_ITEMS: readonly NavItem[] = [
  {
    name: 'home',
    path: paths.home(),
    label: 'ホーム',
    description: '次のアクション・案件の状態・月別の支援・上限の注意',
    keywords: ['home', 'hoomu', 'ほーむ', 'トップ', 'dashboard', 'ダッシュボード', '次のアクション'],
    icon: IconHome,
  },
  {
    name: 'cases',
    path: paths.cases(),
    label: '事例ライブラリ',
    description: '好事例の検索・閲覧・登録・取り込み',
    keywords: ['cases', 'jirei', 'じれい', '好事例', 'ライブラリ'],
    icon: IconBooks,
  },
  {
    name: 'engagements',
    path: paths.engagements(),
    label: '支援先・案件',
    description: '支援先と案件の管理・上限の使用状況・対象となる事業',
    keywords: ['engagements', 'clients', 'shiensaki', 'あんけん', 'しえんさき', '案件', '支援先', '対象', '上限'],
    icon: IconBriefcase,
  },
  {
    name: 'plans',
    path: paths.plan(),
    also: [paths.templates()],
    label: '計画テンプレート',
    description: '案件の計画：日程・進み具合・関門チェック・未記入一覧／テンプレートの複製・編集',
    keywords: ['templates', 'plans', 'keikaku', 'けいかく', 'テンプレート', '計画', '編集', '複製', 'インポート', 'エクスポート'],
    icon: IconTemplate,
  },
  {
    name: 'log',
    path: paths.log(),
    label: '支援記録',
    description: '訪問・オンライン支援の記録、次のアクション、年度のCSV',
    keywords: ['log', 'kiroku', 'きろく', '記録', '日報', '訪問', 'CSV', '報告'],
    icon: IconNotebook,
  },
  {
    name: 'transfer',
    path: paths.transfer(),
    label: '受け渡し',
    description: '案件・事例ライブラリを別のパソコンとファイルで受け渡す、競合の解決',
    keywords: ['transfer', 'bundle', 'export', 'import', 'ukewatashi', 'うけわたし', '書き出し', '取り込み', '競合', '同期'],
    icon: IconArrowsExchange,
  },
  {
    name: 'settings',
    path: paths.settings(),
    label: '設定',
    description: '担当者名・所属・日付の表示',
    keywords: ['settings', 'settei', 'せってい', '担当者', '和暦', '西暦'],
    icon: IconSettings,
  },
];

export const APP_TITLE = 'Bansō（伴走）';
