import type { Case } from '../../shared/domain/case.ts';
import { CASE_FIELDS } from '../../shared/domain/case.ts';
import { PREFECTURES } from '../../shared/domain/prefectures.ts';
import { rng } from '../helpers/prng.ts';

export { rng };

const TOWNS = ['中央市', '北山町', '南浜町', '東原村', '西川市', '青葉町', '桜台市', '緑ケ丘町', '港北市', '山田村', '川口町', '大野市', '小松町', '高原村', '朝日町', '白石市', '本宮町', '美山村', '新田市', '若葉町'];
const TECH = ['ローカル5G', 'LPWA', 'RPA', 'クラウド', 'AI', 'IoT', 'Wi-Fi', 'ドローン', 'VPN', 'GIS', 'QRコード決済', 'センサー', 'AR/VR', 'ビッグデータ', 'RESAS', 'チャットボット', '電子申請', 'タブレット', 'カメラ画像解析', 'オープンデータ', 'BIM', 'ブロックチェーン', '遠隔操作', 'デジタルサイネージ', 'ウェブ会議'];
const PROGRAMS = ['地域社会DX推進パッケージ事業', '地方創生テレワーク交付金', 'デジタル活用環境構築推進事業', '地域IoT実装・共同利用推進事業', 'テレワーク・ワンストップ・サポート', '地域情報化アドバイザー派遣'];
/** Subjects of a case: each appears in only a small share of the library, as in real collections. */
const SUBJECTS = [
  'テレワーク', 'サテライトオフィス', '遠隔医療', 'オンライン診療', '見守りサービス', '防災情報の配信', '除雪作業', '農作物の生育管理',
  '観光客の動線分析', '商店街の電子決済', '小学校の授業', '学校教育の情報化', '社会教育の講座', '行政手続きのオンライン化', 'デマンド交通の予約', '鳥獣害の監視', '河川の水位監視',
  '地域通貨', '移住相談', '子育て支援', '高齢者の買い物支援', '空き家の活用', '漁港の水揚げ管理', '柚子の選果', '峠道の路面監視', '図書館の電子化',
  '公民館のWi-Fi整備', '介護記録の共有', '学校給食の発注', 'ごみ収集の最適化', '上下水道の検針', '道路の点検', '森林資源の把握', '酪農の搾乳管理',
  '温泉街の混雑表示', '地場産品の通信販売', '職員の在宅勤務', '議会のペーパーレス化', '消防団の連絡', '避難所の受付', '健康ポイント', '遠隔授業',
];
const PROBLEMS = ['人手不足', '高齢化', '人口減少', '担い手の不足', '移動手段の確保', '情報の分断', '紙の手続き', '若者の流出', '災害への備え', '医療機関の偏在', '観光の季節偏重', '財源の制約', '通信環境の格差', '技術の継承', '業務の属人化', '冬季の交通', '獣害', '空き店舗の増加'];
const ACTORS = ['町役場', '市の情報政策課', '地元の商工会', '地域の医療機関', '県立高校', 'NPO法人', '地元のIT企業', '農業協同組合', '観光協会', '大学の研究室', '社会福祉協議会', '漁業協同組合', '商店街振興組合', '地域おこし協力隊', '県の出先機関'];
const VERBS = ['導入した', '実証した', '整備した', '運用を始めた', '仕組みを作った', '事業化した', '共同で運営した', '試験的に始めた', '全域に広げた', '見直した'];
const EFFECTS = ['作業時間が約3割減った', '問い合わせが半分になった', '利用者が前年の2倍に増えた', '移住者が増えた', '職員の残業が減った', '売上が伸びた', '住民の満足度が上がった', '事故が減った', '若手の参加が増えた', '費用が抑えられた'];
const OPENINGS = [
  (r: () => number) => `${pick(r, PROBLEMS)}という地域課題に対し、`,
  (r: () => number) => `${pick(r, ACTORS)}が中心となって、`,
  (r: () => number) => `${pick(r, PROBLEMS)}が深刻になる中で、`,
  (_r: () => number) => `住民アンケートの結果を踏まえ、`,
  (r: () => number) => `令和${1 + Math.floor(r() * 7)}年度から、`,
  (r: () => number) => `近隣の${pick(r, TOWNS)}と連携し、`,
  (_r: () => number) => `国の補助を活用して、`,
  (_r: () => number) => `計画の初年度として、`,
];
const MIDDLES = [
  (r: () => number) => `${pick(r, TECH)}を使った${pick(r, SUBJECTS)}を${pick(r, VERBS)}。`,
  (r: () => number) => `${pick(r, SUBJECTS)}に${pick(r, TECH)}を組み合わせる方法を検討した。`,
  (r: () => number) => `${pick(r, SUBJECTS)}の現状を調べ、改善の優先順位を付けた。`,
  (r: () => number) => `${pick(r, ACTORS)}と役割分担を決め、${pick(r, SUBJECTS)}を${pick(r, VERBS)}。`,
  (r: () => number) => `職員向けの研修の機会を設け、${pick(r, TECH)}の使い方を広めた。`,
  (r: () => number) => `${pick(r, SUBJECTS)}の結果、${pick(r, EFFECTS)}。`,
  (_r: () => number) => `運用の費用と効果を比べ、次の段階の計画に反映した。`,
  (r: () => number) => `${pick(r, TECH)}の導入では、通信の確保と個人情報の扱いが課題になった。`,
  (r: () => number) => `取組は${pick(r, EFFECTS)}ことで評価され、他の地区にも紹介されている。`,
  (r: () => number) => `${pick(r, ACTORS)}の担当者は、小さく始めて段階的に広げることが大切だと話す。`,
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}
function some<T>(r: () => number, xs: readonly T[], max: number): T[] {
  const n = 1 + Math.floor(r() * max);
  return [...new Set(Array.from({ length: n }, () => pick(r, xs)))];
}

/**
 * A sentence about the case's own subject and technologies most of the time, as real case
 * write-ups are: a subject word then appears in a few percent of the library, not in every case.
 */
function sentence(r: () => number, subject?: string, tech?: readonly string[]): string {
  let out = (r() < 0.4 ? pick(r, OPENINGS)(r) : '') + pick(r, MIDDLES)(r);
  if (subject && r() < 0.85) out = out.replace(SUBJECT_RE, subject);
  if (tech && tech.length > 0 && r() < 0.85) out = out.replace(TECH_RE, pick(r, tech));
  return out;
}
function escape(x: string): string {
  return x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
const SUBJECT_RE = new RegExp(SUBJECTS.map(escape).join('|'));
const TECH_RE = new RegExp(TECH.map(escape).join('|'));

/** `n` realistic cases (title, summary, body of 300–700 characters, facets, outcomes, sources). */
export function generateCases(n: number, seed = 42): Case[] {
  const r = rng(seed);
  const out: Case[] = [];
  const at = '2026-01-01T00:00:00.000Z';
  for (let i = 0; i < n; i++) {
    const pref = pick(r, PREFECTURES);
    const town = pick(r, TOWNS);
    const subj = pick(r, SUBJECTS);
    const tech = some(r, TECH, 3);
    const bodyParts = Array.from({ length: 5 + Math.floor(r() * 6) }, () => sentence(r, subj, tech));
    out.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: `${subj}で${pick(r, PROBLEMS)}に挑む（${pref}${town}）第${i}号`,
      summary: sentence(r, subj, tech) + sentence(r, subj, tech),
      body: `## 背景\n${bodyParts.slice(0, 3).join('')}\n\n## 取組\n${bodyParts.slice(3).join('')}`,
      prefecture: pref,
      municipality: town,
      organization: pick(r, ACTORS),
      organizationType: pick(r, ['local-gov', 'company', 'npo', 'university', 'consortium'] as const),
      fields: some(r, CASE_FIELDS, 3),
      technologies: tech,
      programs: r() < 0.6 ? some(r, PROGRAMS, 2) : [],
      fiscalYear: 2010 + Math.floor(r() * 16),
      size: `人口約${(1 + Math.floor(r() * 300)) * 1000}人`,
      outcomes: [{ label: '参加事業者', value: String(1 + Math.floor(r() * 50)), unit: '社' }],
      sources: [{ document: 'ベンチマーク用の生成データ', section: `第${1 + (i % 9)}章` }],
      tags: some(r, ['実証', '横展開', '官民連携', '住民参加', '広域連携'], 2),
      origin: 'import',
      createdAt: at,
      updatedAt: at,
    });
  }
  return out;
}
