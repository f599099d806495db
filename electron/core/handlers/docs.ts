import { AppError } from '../../../shared/errors.ts';
import type { PlanDocView } from '../../../shared/contract/docs.ts';
import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';
import { buildDocModel, exportDoc, exportTablesXlsx, planDocParts } from '../docs/service.ts';
import { setPlanDocReference, updatePlanDoc } from '../docs/store.ts';

function view(ctx: CoreContext, engagementId: string): PlanDocView {
  const { record } = planDocParts(ctx, engagementId);
  const model = buildDocModel(ctx, { engagementId, doc: 'plan', unanswered: 'omit' });
  return {
    settings: record.settings,
    reference: record.reference ? { name: record.reference.name, bytes: record.reference.bytes.length } : null,
    preview: { title: model.cover.title, period: model.cover.subtitle.replace(/^計画期間\s*/, ''), header: model.header },
    updatedAt: record.updatedAt,
  };
}

const stamp = () => new Date().toISOString();

export const docHandlers = {
  'docs.export': async (input, ctx) => {
    const r = await exportDoc(ctx, input);
    return { fileName: r.fileName, mimeType: r.mimeType, contentBase64: r.contentBase64 };
  },
  'docs.model': (input, ctx) => buildDocModel(ctx, input),
  'docs.tablesXlsx': async (input, ctx) => {
    const r = await exportTablesXlsx(ctx, input);
    return { fileName: r.fileName, mimeType: r.mimeType, contentBase64: r.bytes.toString('base64'), count: r.count };
  },
  'docs.settings': (input, ctx) => {
    ctx.plans.show(input.engagementId); // not_found for an engagement without a plan
    return view(ctx, input.engagementId);
  },
  'docs.updateSettings': (input, ctx) => {
    updatePlanDoc(ctx.db, input.engagementId, input.patch, stamp());
    return view(ctx, input.engagementId);
  },
  'docs.setReference': (input, ctx) => {
    const ref = input.reference;
    if (ref && !/\.docx$/i.test(ref.fileName)) throw new AppError('invalid_input', `「${ref.fileName}」は .docx ではありません。Word 文書（.docx）を指定してください。`, { path: ['reference', 'fileName'] });
    setPlanDocReference(ctx.db, input.engagementId, ref ? { name: ref.fileName, bytes: Buffer.from(ref.contentBase64, 'base64') } : null, stamp());
    return view(ctx, input.engagementId);
  },
} satisfies Pick<Handlers<CoreContext>, 'docs.export' | 'docs.model' | 'docs.tablesXlsx' | 'docs.settings' | 'docs.updateSettings' | 'docs.setReference'>;
