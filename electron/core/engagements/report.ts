import { CLIENT_KINDS, type ClientKind } from '../../../shared/domain/client.ts';
import { ENGAGEMENT_PROGRAMS, engagementDisplayName, type EngagementProgram } from '../../../shared/domain/engagement.ts';
import { LOG_MODES, type LogMode } from '../../../shared/domain/log.ts';
import { fiscalYearRange, formatDateWareki, formatFiscalYearWareki } from '../../../shared/domain/wareki.ts';
import type { DB } from '../db/types.ts';
import { encodeCsv } from '../files/csv.ts';
import { writeWorkbook, type XlsxCell } from '../files/xlsx.ts';

/** Columns of the yearly log report, in order. Contacts (personal data) are never part of it. */
export const LOG_REPORT_COLUMNS = [
  '年度',
  '年度（和暦）',
  '日付',
  '日付（和暦）',
  '開始時刻',
  '支援先',
  '支援先の種別',
  '都道府県',
  '案件',
  '事業',
  '形態',
  '時間（分）',
  '場所',
  '出席者',
  '議題',
  '決定事項',
  '次のアクション',
  'メモ',
  '上限超過',
  '支援記録ID',
  '案件ID',
  '支援先ID',
] as const;

interface ReportRow {
  id: string;
  date: string;
  start_time: string | null;
  mode: string;
  minutes: number;
  place: string;
  attendees: string;
  topics: string;
  notes: string;
  decisions: string;
  over_quota: number;
  engagement_id: string;
  title: string;
  program: string;
  client_id: string;
  client_name: string;
  kind: string;
  prefecture: string;
}

export class LogReport {
  private readonly s;

  constructor(db: DB) {
    this.s = {
      rows: db.prepare(`SELECT l.id, l.date, l.start_time, l.mode, l.minutes, l.place, l.attendees, l.topics, l.notes, l.decisions, l.over_quota,
          e.id AS engagement_id, e.title, e.program, c.id AS client_id, c.name AS client_name, c.kind, c.prefecture
        FROM log_entries l JOIN engagements e ON e.id = l.engagement_id JOIN clients c ON c.id = e.client_id
        WHERE l.date BETWEEN @start AND @end AND (@program IS NULL OR e.program = @program) AND (@client IS NULL OR e.client_id = @client)
        ORDER BY l.date, coalesce(l.start_time, ''), l.created_at, l.id`),
      // CROSS JOIN keeps SQLite from scanning every next action: entries of the year first.
      actions: db.prepare(`SELECT a.log_entry_id, a.task, a.owner, a.due, a.done FROM log_entries l CROSS JOIN next_actions a ON a.log_entry_id = l.id
        WHERE l.date BETWEEN ? AND ? ORDER BY a.log_entry_id, a.position`),
    };
  }

  /**
   * UTF-8 with BOM, CRLF, Japanese headers, western and 和暦 dates, written by the app's CSV module
   * (files/csv.ts): a text cell that a spreadsheet would run as a formula (markdown lists start
   * with "-") opens as text.
   */
  build(fiscalYear: number, filter: { program?: EngagementProgram | undefined; clientId?: string | undefined }): { bytes: Uint8Array; count: number; fileName: string } {
    const t = this.table(fiscalYear, filter);
    return { bytes: encodeCsv([[...LOG_REPORT_COLUMNS], ...t.records]), count: t.records.length, fileName: `${t.base}.csv` };
  }

  /**
   * The same report as an Excel workbook: one sheet, the same columns, 年度 and 時間（分） as
   * numbers, 日付 as a date beside its 和暦 text, long texts wrapped, the header row frozen.
   */
  async buildXlsx(fiscalYear: number, filter: { program?: EngagementProgram | undefined; clientId?: string | undefined }): Promise<{ bytes: Uint8Array; count: number; fileName: string }> {
    const t = this.table(fiscalYear, filter);
    const num = new Set(['年度', '時間（分）']);
    const cols = LOG_REPORT_COLUMNS as readonly string[];
    const rows: XlsxCell[][] = t.records.map((rec) =>
      rec.map((v, i) => {
        const c = cols[i]!;
        if (num.has(c)) return Number(v);
        if (c === '日付') return new Date(`${v}T00:00:00Z`);
        return v;
      }),
    );
    const wide = new Set(['議題', '決定事項', '次のアクション', 'メモ']);
    const bytes = await writeWorkbook(
      [
        {
          name: `${formatFiscalYearWareki(fiscalYear)} 支援記録`,
          header: [...cols],
          rows,
          totals: cols.map((c, i) => (i === 0 ? '合計' : c === '時間（分）' ? t.records.reduce((a, r) => a + Number(r[i]), 0) : null)),
          numFmt: cols.map((c) => (c === '時間（分）' ? '#,##0' : c === '年度' ? '0' : c === '日付' ? 'yyyy/mm/dd' : null)),
          widths: cols.map((c) => (wide.has(c) ? 40 : null)),
          wrap: cols.map((c) => wide.has(c)),
          landscape: true,
        },
      ],
      { creator: 'Bansō', stamp: `${fiscalYearRange(fiscalYear).end}T00:00:00Z` },
    );
    return { bytes, count: t.records.length, fileName: `${t.base}.xlsx` };
  }

  private table(fiscalYear: number, filter: { program?: EngagementProgram | undefined; clientId?: string | undefined }): { records: string[][]; base: string } {
    const { start, end } = fiscalYearRange(fiscalYear);
    const rows = this.s.rows.all({ start, end, program: filter.program ?? null, client: filter.clientId ?? null }) as ReportRow[];
    const actions = new Map<string, string[]>();
    if (rows.length > 0) {
      for (const a of this.s.actions.all(start, end) as { log_entry_id: string; task: string; owner: string; due: string | null; done: number }[]) {
        let list = actions.get(a.log_entry_id);
        if (!list) actions.set(a.log_entry_id, (list = []));
        const meta = [a.owner && `担当: ${a.owner}`, a.due && `期限: ${a.due}`, a.done ? '済' : ''].filter(Boolean).join('、');
        list.push(`・${a.task}${meta ? `（${meta}）` : ''}`);
      }
    }
    const fyWareki = formatFiscalYearWareki(fiscalYear);
    const records: string[][] = [];
    for (const r of rows) {
      const program = r.program as EngagementProgram;
      records.push([
        String(fiscalYear),
        fyWareki,
        r.date,
        formatDateWareki(r.date),
        r.start_time ?? '',
        r.client_name,
        CLIENT_KINDS[r.kind as ClientKind] ?? r.kind,
        r.prefecture,
        engagementDisplayName({ title: r.title, program }, r.client_name),
        ENGAGEMENT_PROGRAMS[program] ?? r.program,
        LOG_MODES[r.mode as LogMode] ?? r.mode,
        String(r.minutes),
        r.place,
        (JSON.parse(r.attendees) as string[]).join('、'),
        r.topics,
        r.decisions,
        (actions.get(r.id) ?? []).join('\n'),
        r.notes,
        r.over_quota ? '超過' : '',
        r.id,
        r.engagement_id,
        r.client_id,
      ]);
    }
    const suffix = [filter.program, filter.clientId ? `client-${filter.clientId.slice(0, 8)}` : ''].filter(Boolean).join('-');
    return { records, base: `banso-log-FY${fiscalYear}${suffix ? `-${suffix}` : ''}` };
  }
}
