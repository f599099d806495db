import path from 'node:path';
import type { EngagementView } from '../../../shared/contract/engagements.ts';
import { CLIENT_KINDS, type Client, type ClientKind } from '../../../shared/domain/client.ts';
import { ELIGIBILITY_STATUSES } from '../../../shared/domain/eligibility.ts';
import { ENGAGEMENT_PROGRAMS, ENGAGEMENT_STATUSES, type EngagementProgram } from '../../../shared/domain/engagement.ts';
import { LOG_MODES, type LogEntry } from '../../../shared/domain/log.ts';
import { normalizePrefecture } from '../../../shared/domain/prefectures.ts';
import type { QuotaStatus } from '../../../shared/domain/quota.ts';
import { formatDateWareki, formatFiscalYearWareki, parseFiscalYear } from '../../../shared/domain/wareki.ts';
import { AppError } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import { writeOutput } from '../output.ts';
import type { Command, CommandContext } from '../registry.ts';

type Options = CommandContext['options'];

function str(options: Options, key: string): string | undefined {
  const v = options[key];
  return typeof v === 'string' ? v : undefined;
}

function list(options: Options, key: string): string[] | undefined {
  const v = options[key];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

function required(options: Options, key: string, label: string): string {
  const v = str(options, key);
  if (v === undefined || v.trim() === '') throw new AppError('invalid_input', `--${key}（${label}）は必須です。`, { path: [key] });
  return v;
}

/** An integer option (full-width digits and thousands separators accepted); the range is checked by the contract. */
function int(options: Options, key: string, label: string): number | undefined {
  const v = str(options, key);
  if (v === undefined) return undefined;
  const s = v.normalize('NFKC').replace(/[,_]/g, '').trim();
  if (!/^[+-]?\d+$/.test(s)) throw new AppError('invalid_input', `--${key}（${label}）には整数を指定してください（入力: ${excerpt(v, 30)}）。`, { path: [key] });
  return Number(s);
}

function num(options: Options, key: string, label: string): number | undefined {
  const v = str(options, key);
  if (v === undefined) return undefined;
  const s = v.normalize('NFKC').trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) throw new AppError('invalid_input', `--${key}（${label}）には数値を指定してください（入力: ${excerpt(v, 30)}）。`, { path: [key] });
  return Number(s);
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The four numbers `log add` prints. */
export function quotaBrief(q: QuotaStatus | null): { used: number; limit: number; unit: string; exceeded: boolean } | null {
  return q ? { used: q.used, limit: q.limit, unit: q.unit, exceeded: q.exceeded } : null;
}

function clientText(c: Client): string {
  return [
    `${c.name}（${CLIENT_KINDS[c.kind]}、${c.prefecture}）`,
    `id: ${c.id}`,
    c.population !== null ? `人口: ${c.population.toLocaleString('ja-JP')}人` : '',
    c.fiscalStrength !== null ? `財政力指数: ${c.fiscalStrength}` : '',
    c.capitalYen !== null ? `資本金: ${c.capitalYen.toLocaleString('ja-JP')}円` : '',
    c.industry ? `業種: ${c.industry}` : '',
    c.contacts.length > 0 ? `担当者: ${c.contacts.length}人` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function engagementText(e: EngagementView): string {
  return [
    `${e.displayName}（${ENGAGEMENT_PROGRAMS[e.program]}、${ENGAGEMENT_STATUSES[e.status]}）`,
    `id: ${e.id}`,
    `期間: ${e.startDate}〜${e.plannedEnd ?? '（未定）'}`,
    `支援記録: ${e.entries}件、${Math.round((e.minutes / 60) * 10) / 10}時間${e.lastEntryDate ? `（最新 ${e.lastEntryDate}）` : ''}`,
    e.quota ? `上限: ${e.quota.message}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function logLine(e: LogEntry): string {
  return `${e.date}（${formatDateWareki(e.date)}）${e.startTime ? ` ${e.startTime}` : ''} ${LOG_MODES[e.mode]} ${e.minutes}分${e.overQuota ? ' [上限超過]' : ''}${e.topics ? ` ${e.topics.split('\n')[0]}` : ''}  id: ${e.id}`;
}

// ------------------------------------------------------------------------------------------------

export const clientsAddCommand: Command = {
  name: 'clients add',
  usage: 'clients add --name N --kind K --prefecture P [--population N] [--fiscal-strength X] [--capital YEN] [--json]',
  summary: `支援先を登録する（K: ${Object.keys(CLIENT_KINDS).join(' / ')}。ほかに --employees --industry --notes --partner 市町村名 --previous-partners N）`,
  options: {
    name: { type: 'string' },
    kind: { type: 'string' },
    prefecture: { type: 'string' },
    population: { type: 'string' },
    'fiscal-strength': { type: 'string' },
    capital: { type: 'string' },
    employees: { type: 'string' },
    industry: { type: 'string' },
    notes: { type: 'string' },
    partner: { type: 'string', multiple: true },
    'previous-partners': { type: 'string' },
  },
  async run({ core, options }) {
    const name = required(options, 'name', '名称');
    const kind = required(options, 'kind', '種別');
    const pref = required(options, 'prefecture', '都道府県');
    const c = await core.call(
      'clients.create',
      defined({
        name,
        kind: kind as ClientKind,
        prefecture: (normalizePrefecture(pref) ?? pref) as Client['prefecture'],
        population: int(options, 'population', '人口'),
        fiscalStrength: num(options, 'fiscal-strength', '財政力指数'),
        capitalYen: int(options, 'capital', '資本金'),
        employees: int(options, 'employees', '職員数・従業員数'),
        industry: str(options, 'industry'),
        notes: str(options, 'notes'),
        partnerMunicipalities: list(options, 'partner'),
        previousPartnerMunicipalities: int(options, 'previous-partners', '前回の共同申請市町村数'),
      }) as never,
    );
    return { value: c, text: `登録しました: ${clientText(c)}` };
  },
};

export const clientsListCommand: Command = {
  name: 'clients list',
  usage: 'clients list [--query Q] [--kind K] [--json]',
  summary: '支援先の一覧を表示する',
  options: { query: { type: 'string' }, kind: { type: 'string' } },
  async run({ core, options }) {
    const r = await core.call('clients.list', defined({ query: str(options, 'query'), kind: str(options, 'kind') as ClientKind | undefined }));
    const text = r.items.length === 0
      ? '支援先はまだありません。'
      : r.items.map((c) => `${c.name}（${CLIENT_KINDS[c.kind]}、${c.prefecture}） 案件${c.engagements}件  id: ${c.id}`).join('\n');
    return { value: r.items, text };
  },
};

export const clientsGetCommand: Command = {
  name: 'clients get',
  usage: 'clients get ID [--json]',
  summary: '支援先を1件表示する',
  positionals: { min: 1, max: 1 },
  async run({ core, positionals }) {
    const c = await core.call('clients.get', { id: positionals[0]! });
    return { value: c, text: clientText(c) };
  },
};

export const engagementsAddCommand: Command = {
  name: 'engagements add',
  usage: 'engagements add --client ID --program P --start YYYY-MM-DD [--end YYYY-MM-DD] [--json]',
  summary: `案件を登録する（P: ${Object.keys(ENGAGEMENT_PROGRAMS).join(' / ')}。plan-a / plan-b の終了予定は既定で3か月後。ほかに --title --status --advisor）`,
  options: {
    client: { type: 'string' },
    program: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'string' },
    advisor: { type: 'string', multiple: true },
    notes: { type: 'string' },
  },
  async run({ core, options }) {
    const e = await core.call(
      'engagements.create',
      defined({
        clientId: required(options, 'client', '支援先の id'),
        program: required(options, 'program', '事業') as EngagementProgram,
        startDate: required(options, 'start', '開始日'),
        plannedEnd: str(options, 'end'),
        title: str(options, 'title'),
        status: str(options, 'status'),
        advisors: list(options, 'advisor'),
        notes: str(options, 'notes'),
      }) as never,
    );
    return { value: e, text: `登録しました: ${engagementText(e)}` };
  },
};

export const engagementsListCommand: Command = {
  name: 'engagements list',
  usage: 'engagements list [--client ID] [--status S] [--program P] [--json]',
  summary: '案件の一覧を表示する',
  options: { client: { type: 'string' }, status: { type: 'string' }, program: { type: 'string' } },
  async run({ core, options }) {
    const r = await core.call(
      'engagements.list',
      defined({ clientId: str(options, 'client'), status: str(options, 'status'), program: str(options, 'program') }) as never,
    );
    const text = r.items.length === 0
      ? '案件はまだありません。'
      : r.items.map((e) => `${e.startDate} ${e.displayName}（${ENGAGEMENT_STATUSES[e.status]}） 記録${e.entries}件  id: ${e.id}`).join('\n');
    return { value: r.items, text };
  },
};

export const engagementsGetCommand: Command = {
  name: 'engagements get',
  usage: 'engagements get ID [--json]',
  summary: '案件を1件表示する（上限の使用状況を含む）',
  positionals: { min: 1, max: 1 },
  async run({ core, positionals }) {
    const e = await core.call('engagements.get', { id: positionals[0]! });
    return { value: e, text: engagementText(e) };
  },
};

export const logAddCommand: Command = {
  name: 'log add',
  usage: 'log add --engagement ID --date YYYY-MM-DD --mode M --minutes N [--topics T] [--notes T] [--json]',
  summary: '支援記録を登録する（M: visit / online / phone / email。ほかに --time HH:MM --place --decisions --attendee、--shareable で共有可＝計画書の策定経過に載せる。上限を超えても保存し印を付ける）',
  options: {
    engagement: { type: 'string' },
    date: { type: 'string' },
    mode: { type: 'string' },
    minutes: { type: 'string' },
    topics: { type: 'string' },
    notes: { type: 'string' },
    time: { type: 'string' },
    place: { type: 'string' },
    decisions: { type: 'string' },
    attendee: { type: 'string', multiple: true },
    shareable: { type: 'boolean' },
  },
  async run({ core, options, say }) {
    const minutes = int(options, 'minutes', '時間（分）');
    if (minutes === undefined) throw new AppError('invalid_input', '--minutes（時間（分））は必須です。', { path: ['minutes'] });
    const r = await core.call(
      'log.create',
      defined({
        engagementId: required(options, 'engagement', '案件の id'),
        date: required(options, 'date', '日付'),
        mode: required(options, 'mode', '形態'),
        minutes,
        topics: str(options, 'topics'),
        notes: str(options, 'notes'),
        startTime: str(options, 'time'),
        place: str(options, 'place'),
        decisions: str(options, 'decisions'),
        attendees: list(options, 'attendee'),
        shareable: options.shareable === true ? true : undefined,
      }) as never,
    );
    if (r.entry.overQuota && r.quota) say(`注意: 上限を超えた記録です。${r.quota.message}`);
    const text = [`記録しました: ${logLine(r.entry)}`, r.quota ? `上限: ${r.quota.message}` : ''].filter(Boolean).join('\n');
    return { value: { ...r.entry, quota: quotaBrief(r.quota) }, text };
  },
};

export const logListCommand: Command = {
  name: 'log list',
  usage: 'log list --engagement ID [--json]',
  summary: '案件の支援記録を新しい順に表示する',
  options: { engagement: { type: 'string' } },
  async run({ core, options }) {
    const r = await core.call('log.list', { engagementId: required(options, 'engagement', '案件の id') });
    return { value: r.items, text: r.items.length === 0 ? '支援記録はまだありません。' : r.items.map(logLine).join('\n') };
  },
};

export const reportLogCommand: Command = {
  name: 'report log',
  usage: 'report log --fy 2025 --out FILE.csv|FILE.xlsx [--program P] [--client ID] [--json]',
  summary: '年度の支援記録を CSV（BOM 付き UTF-8、和暦と西暦の日付）か Excel（.xlsx、ファイル名で選ぶ）に書き出す',
  options: { fy: { type: 'string' }, out: { type: 'string' }, program: { type: 'string' }, client: { type: 'string' } },
  async run({ core, options }) {
    const fyText = required(options, 'fy', '年度');
    const fiscalYear = parseFiscalYear(fyText);
    if (fiscalYear === null) throw new AppError('invalid_input', `--fy（年度）が正しくありません: ${excerpt(fyText, 30)}（例: 2025、R7、令和7年度）`, { path: ['fy'] });
    const out = required(options, 'out', '書き出し先のファイル');
    const r = await core.call(
      /\.xlsx$/i.test(out) ? 'reports.logXlsx' : 'reports.logCsv',
      { fiscalYear, ...defined({ program: str(options, 'program') as EngagementProgram | undefined, clientId: str(options, 'client') }) },
    );
    writeOutput(out, Buffer.from(r.contentBase64, 'base64'));
    return {
      value: { out: path.resolve(out), fiscalYear, count: r.count },
      text: `${formatFiscalYearWareki(fiscalYear)}の支援記録 ${r.count}件を書き出しました: ${out}`,
    };
  },
};

export const eligibilityCommand: Command = {
  name: 'eligibility',
  usage: 'eligibility CLIENT_ID [--json]',
  summary: '支援先が各事業の対象か（eligible / ineligible / review）を理由とともに表示する',
  positionals: { min: 1, max: 1 },
  async run({ core, positionals }) {
    const r = await core.call('clients.eligibility', { id: positionals[0]! });
    const value = r.items.map((i) => ({ program: i.program, status: i.status, reasons: i.reasons }));
    const text = r.items.map((i) => `[${ELIGIBILITY_STATUSES[i.status]}] ${i.name}（${i.program}）\n${i.reasons.map((x) => `  - ${x}`).join('\n')}`).join('\n');
    return { value, text };
  },
};

export const ENGAGEMENT_COMMANDS: readonly Command[] = [
  clientsAddCommand,
  clientsListCommand,
  clientsGetCommand,
  engagementsAddCommand,
  engagementsListCommand,
  engagementsGetCommand,
  logAddCommand,
  logListCommand,
  reportLogCommand,
  eligibilityCommand,
];
