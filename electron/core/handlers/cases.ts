import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';
import { anonymizedCaseDraft } from '../../../shared/domain/anonymize.ts';

type CaseMethods =
  | 'cases.search'
  | 'cases.facets'
  | 'cases.get'
  | 'cases.create'
  | 'cases.draftFromEngagement'
  | 'cases.update'
  | 'cases.delete'
  | 'cases.restore'
  | 'cases.importPreview'
  | 'cases.import'
  | 'cases.export'
  | 'synonyms.list'
  | 'synonyms.save';

function fileStamp(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

export const caseHandlers = {
  'cases.search': (input, ctx) => ctx.cases.search.search(input),
  'cases.facets': (input, ctx) => ctx.cases.search.facets(input),
  'cases.get': (input, ctx) => ctx.cases.repo.get(input.id),
  'cases.create': (input, ctx) => ctx.cases.create(input),
  'cases.draftFromEngagement': (input, ctx) => {
    const engagement = ctx.engagements.view(input.engagementId);
    return anonymizedCaseDraft(ctx.engagements.getClient(engagement.clientId), engagement, ctx.engagements.listLog(engagement.id));
  },
  'cases.update': (input, ctx) => ctx.cases.update(input.id, input.patch, input.expectedUpdatedAt),
  'cases.delete': (input, ctx) => ({ deleted: ctx.cases.delete(input.id, input.expectedUpdatedAt) }),
  'cases.restore': (input, ctx) => ctx.cases.restore(input.case),
  'cases.importPreview': (input, ctx) =>
    ctx.cases.import({ format: input.format, bytes: Buffer.from(input.contentBase64, 'base64'), skipInvalid: input.skipInvalid, write: false }),
  'cases.import': (input, ctx) =>
    ctx.cases.import({ format: input.format, bytes: Buffer.from(input.contentBase64, 'base64'), skipInvalid: input.skipInvalid, write: true }),
  'cases.export': (input, ctx) => {
    const { bytes, count } = ctx.cases.export(input.format);
    return {
      fileName: `banso-cases-${fileStamp(new Date())}.${input.format}`,
      mimeType: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
      contentBase64: Buffer.from(bytes).toString('base64'),
      count,
    };
  },
  'synonyms.list': (_input, ctx) => ({ groups: ctx.cases.search.synonymGroups() }),
  'synonyms.save': (input, ctx) => ({ groups: ctx.cases.search.saveSynonyms(input.groups) }),
} satisfies Pick<Handlers<CoreContext>, CaseMethods>;
