import type { DocsInput } from '../../../shared/contract/docs.ts';
import { buildPlanDocument, buildReportDocument, planTablesOf, type DocCase, type DocContext, type DocModel, type DocOptions, type PlanDocExtras, type PlanDocInput } from '../../../shared/domain/document.ts';
import type { GlossaryEntry } from '../../../shared/domain/plan-doc.ts';
import { readGlossary, readPlanDoc, type PlanDocRecord } from './store.ts';
import { AppError } from '../../../shared/errors.ts';
import { writeWorkbook, XLSX_MIME } from '../files/xlsx.ts';
import type { CoreContext } from '../context.ts';
import { readSettings } from '../handlers/app.ts';
import { DOCX_MIME, renderDocx } from './docx.ts';

/**
 * Assembles document models from the core's data (engagement, client, plan, cases, log, settings)
 * and renders them. Time stamps come from the data (the latest change), so exporting the same
 * data twice gives the same bytes.
 */

type Parsed = { engagementId: string; doc: 'plan' | 'report'; era?: 'wareki' | 'seireki' | undefined; unanswered: 'omit' | 'mark'; date?: string | undefined; compact?: boolean | undefined };

function latest(...stamps: (string | null | undefined)[]): string {
  return stamps.filter((s): s is string => typeof s === 'string' && s !== '').reduce((a, b) => (b > a ? b : a), '2000-01-01T00:00:00.000Z');
}

function contextOf(ctx: CoreContext, engagementId: string, stamp: string, date: string | undefined): DocContext {
  const e = ctx.engagements.view(engagementId);
  const client = ctx.engagements.getClient(e.clientId);
  const settings = readSettings(ctx);
  return {
    client: { name: client.name, kind: client.kind, prefecture: client.prefecture },
    engagement: { id: e.id, displayName: e.displayName, program: e.program, startDate: e.startDate, plannedEnd: e.plannedEnd, advisors: e.advisors },
    settings: { advisorName: settings.advisorName, organization: settings.organization },
    date: date ?? stamp.slice(0, 10),
    stamp,
  };
}

function caseOf(ctx: CoreContext, id: string): DocCase | null {
  try {
    const c = ctx.cases.repo.get(id);
    return {
      id: c.id,
      title: c.title,
      prefecture: c.prefecture,
      municipality: c.municipality,
      organization: c.organization,
      fiscalYear: c.fiscalYear,
      summary: c.summary,
      outcomes: c.outcomes.map((o) => ({ label: o.label, value: o.value, unit: o.unit })),
      sources: c.sources.map((s) => ({ document: s.document, section: s.section })),
    };
  } catch {
    return null; // a case deleted from the library: left out of the 参考事例 chapter
  }
}

function glossaryOf(ctx: CoreContext): GlossaryEntry[] {
  try {
    return readGlossary(ctx.seedsDir);
  } catch (err) {
    ctx.log.error('the glossary was not loaded (the 用語集 is left out)', err);
    return [];
  }
}

/** The plan's document input and extras (settings, shareable log entries, glossary, catalogue). */
export function planDocParts(ctx: CoreContext, engagementId: string, date?: string): { input: PlanDocInput; extras: PlanDocExtras; record: PlanDocRecord } {
  const e = ctx.engagements.view(engagementId);
  const plan = ctx.plans.show(engagementId);
  const ids: string[] = e.cases.map((c) => c.id);
  for (const ph of plan.template.phases)
    for (const s of ph.sections)
      for (const q of s.questions) {
        const v = plan.answers[q.id]?.value;
        if (q.type === 'case-ref' && Array.isArray(v)) for (const id of v) if (typeof id === 'string' && !ids.includes(id)) ids.push(id);
      }
  const cases = ids.map((id) => caseOf(ctx, id)).filter((c): c is DocCase => c !== null);
  const record = readPlanDoc(ctx.db, engagementId);
  // Only entries marked 共有可 reach the plan, and only their date, topic and decisions (never the notes).
  const shared = ctx.engagements
    .listLog(engagementId)
    .filter((x) => x.shareable)
    .map((x) => ({ date: x.date, mode: x.mode, topics: x.topics, decisions: x.decisions }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const stamp = latest(plan.updatedAt, e.updatedAt, record.updatedAt);
  const answers: Record<string, unknown> = {};
  for (const [k, a] of Object.entries(plan.answers)) answers[k] = a.value;
  return {
    input: { ...contextOf(ctx, engagementId, stamp, date), template: plan.template, answers, computed: plan.computed, schedule: plan.schedule, cases },
    extras: { settings: record.settings, shared, glossary: glossaryOf(ctx), programs: ctx.engagements.catalogue.programs, planStart: plan.startDate },
    record,
  };
}

export function buildDocModel(ctx: CoreContext, input: Parsed): DocModel {
  const opts: DocOptions = { era: input.era ?? readSettings(ctx).dateStyle, unanswered: input.unanswered };
  const e = ctx.engagements.view(input.engagementId);
  if (input.doc === 'plan') {
    const parts = planDocParts(ctx, input.engagementId, input.date);
    return buildPlanDocument(parts.input, opts, parts.extras);
  }
  const entries = ctx.engagements.listLog(input.engagementId);
  const q = ctx.engagements.quota(input.engagementId).quota;
  const stamp = latest(e.updatedAt, ...entries.map((x) => x.updatedAt));
  return buildReportDocument(
    {
      ...contextOf(ctx, input.engagementId, stamp, input.date),
      entries: entries.map((x) => ({ date: x.date, startTime: x.startTime, mode: x.mode, minutes: x.minutes, place: x.place, attendees: x.attendees, topics: x.topics, decisions: x.decisions, nextActions: x.nextActions })),
      quota: q ? { message: q.message, used: q.used, limit: q.limit, unit: q.unit } : null,
      ...(input.compact !== undefined ? { compact: input.compact } : {}),
    },
    opts,
  );
}

/** The plan's KPI / 施策体系 / 事業一覧 / 工程表 as an Excel workbook, one sheet each. */
export async function exportTablesXlsx(ctx: CoreContext, input: { engagementId: string; era?: 'wareki' | 'seireki' | undefined }): Promise<{ fileName: string; mimeType: string; bytes: Buffer; count: number }> {
  const parts = planDocParts(ctx, input.engagementId);
  const era = input.era ?? readSettings(ctx).dateStyle;
  const { title, tables } = planTablesOf(parts.input, { era }, parts.extras);
  if (tables.length === 0) throw new AppError('not_found', '書き出せる表がありません。成果指標（KPI）・解決策・導入の段取りの表に回答してください。', { path: ['engagementId'] });
  const NAMES: Record<string, string> = { kpi: 'KPI', system: '施策体系', projects: '事業一覧', schedule: '工程表' };
  const bytes = await writeWorkbook(
    tables.map((t) => ({
      name: NAMES[t.id] ?? t.title,
      title: `${title}　${t.title}`,
      header: t.header,
      rows: t.rows,
      ...(t.totals ? { totals: t.totals } : {}),
      ...(t.numFmt ? { numFmt: t.numFmt } : {}),
    })),
    { creator: parts.input.client.name || 'Bansō', stamp: parts.input.stamp, title },
  );
  return { fileName: `${safeFileName(title)}_表.xlsx`, mimeType: XLSX_MIME, bytes, count: tables.length };
}

function safeFileName(s: string): string {
  return s.replace(/[\\/:*?"<>|\u0000-\u001F]/g, '_').replace(/\s+/g, '_').slice(0, 80) || 'document';
}

export async function exportDoc(ctx: CoreContext, input: Parsed): Promise<{ fileName: string; mimeType: string; contentBase64: string; bytes: Buffer }> {
  const model = buildDocModel(ctx, input);
  const reference = input.doc === 'plan' ? readPlanDoc(ctx.db, input.engagementId).reference : null;
  const bytes = await renderDocx(model, reference ? { reference: reference.bytes } : {});
  const fileName = `${safeFileName(model.header)}.docx`;
  return { fileName, mimeType: DOCX_MIME, contentBase64: bytes.toString('base64'), bytes };
}

export type { DocsInput };
