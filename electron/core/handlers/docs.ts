import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';
import { buildDocModel, exportDoc } from '../docs/service.ts';

export const docHandlers = {
  'docs.export': async (input, ctx) => {
    const r = await exportDoc(ctx, input);
    return { fileName: r.fileName, mimeType: r.mimeType, contentBase64: r.contentBase64 };
  },
  'docs.model': (input, ctx) => buildDocModel(ctx, input),
} satisfies Pick<Handlers<CoreContext>, 'docs.export' | 'docs.model'>;
