import type { CoreContext } from '../context.ts';
import { XLSX_MIME } from '../files/xlsx.ts';
import type { Handlers } from '../dispatch.ts';

type EngagementMethods =
  | 'clients.list'
  | 'clients.get'
  | 'clients.create'
  | 'clients.update'
  | 'clients.delete'
  | 'clients.restore'
  | 'clients.eligibility'
  | 'engagements.list'
  | 'engagements.get'
  | 'engagements.create'
  | 'engagements.update'
  | 'engagements.delete'
  | 'engagements.attachCase'
  | 'engagements.detachCase'
  | 'engagements.quota'
  | 'log.list'
  | 'log.get'
  | 'log.create'
  | 'log.update'
  | 'log.delete'
  | 'log.restore'
  | 'log.checkQuota'
  | 'log.setActionDone'
  | 'programs.list'
  | 'dashboard.get'
  | 'reports.logCsv'
  | 'reports.logXlsx';

export const engagementHandlers = {
  'clients.list': (input, ctx) => ({ items: ctx.engagements.listClients(input) }),
  'clients.get': (input, ctx) => ctx.engagements.getClient(input.id),
  'clients.create': (input, ctx) => ctx.engagements.createClient(input),
  'clients.update': (input, ctx) => ctx.engagements.updateClient(input.id, input.patch, input.expectedUpdatedAt),
  'clients.delete': (input, ctx) => ({ deleted: ctx.engagements.deleteClient(input.id, input.expectedUpdatedAt) }),
  'clients.restore': (input, ctx) => ctx.engagements.restoreClient(input.client),
  'clients.eligibility': (input, ctx) => ({ clientId: input.id, items: ctx.engagements.eligibility(input.id) }),

  'engagements.list': (input, ctx) => ({ items: ctx.engagements.listEngagements(input) }),
  'engagements.get': (input, ctx) => ctx.engagements.view(input.id),
  'engagements.create': (input, ctx) => ctx.engagements.createEngagement(input),
  'engagements.update': (input, ctx) => ctx.engagements.updateEngagement(input.id, input.patch, input.expectedUpdatedAt),
  'engagements.delete': (input, ctx) => ctx.engagements.deleteEngagement(input.id, { expectedUpdatedAt: input.expectedUpdatedAt, withEntries: input.withEntries }),
  'engagements.attachCase': (input, ctx) => ctx.engagements.attachCase(input.id, input.caseId),
  'engagements.detachCase': (input, ctx) => ctx.engagements.detachCase(input.id, input.caseId),
  'engagements.quota': (input, ctx) => ctx.engagements.quota(input.id, input.fiscalYear),

  'log.list': (input, ctx) => ({ items: ctx.engagements.listLog(input.engagementId) }),
  'log.get': (input, ctx) => ctx.engagements.getLog(input.id),
  'log.create': (input, ctx) => ctx.engagements.createLog(input),
  'log.update': (input, ctx) => ctx.engagements.updateLog(input.id, input.patch, input.expectedUpdatedAt),
  'log.delete': (input, ctx) => ({ deleted: ctx.engagements.deleteLog(input.id, input.expectedUpdatedAt) }),
  'log.restore': (input, ctx) => ctx.engagements.restoreLog(input.entry),
  'log.checkQuota': (input, ctx) => ctx.engagements.checkQuota(input),
  'log.setActionDone': (input, ctx) => ctx.engagements.setActionDone(input.entryId, input.actionId, input.done, input.expectedUpdatedAt),


  'programs.list': (_input, ctx) => ctx.engagements.catalogue,
  'dashboard.get': (input, ctx) => ctx.engagements.dashboard.load(input.today ?? ctx.engagements.today(), input.actionsLimit),
  'reports.logCsv': (input, ctx) => {
    if (input.clientId !== undefined) ctx.engagements.repo.client(input.clientId, ['clientId']);
    const r = ctx.engagements.report.build(input.fiscalYear, { program: input.program, clientId: input.clientId });
    return { fileName: r.fileName, mimeType: 'text/csv; charset=utf-8', contentBase64: Buffer.from(r.bytes).toString('base64'), count: r.count };
  },
  'reports.logXlsx': async (input, ctx) => {
    if (input.clientId !== undefined) ctx.engagements.repo.client(input.clientId, ['clientId']);
    const r = await ctx.engagements.report.buildXlsx(input.fiscalYear, { program: input.program, clientId: input.clientId });
    return { fileName: r.fileName, mimeType: XLSX_MIME, contentBase64: Buffer.from(r.bytes).toString('base64'), count: r.count };
  },
} satisfies Pick<Handlers<CoreContext>, EngagementMethods>;
