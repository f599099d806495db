import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export const bundleHandlers = {
  'bundle.export': (input, ctx) => {
    const r = input.engagementId !== undefined ? ctx.bundles.exportEngagement(input.engagementId) : ctx.bundles.exportLibrary();
    return { fileName: r.fileName, mimeType: r.mimeType, contentBase64: r.contentBase64, kind: r.kind, records: r.records };
  },
  'bundle.import': (input, ctx) => ctx.bundles.import(input),
  'conflicts.list': (input, ctx) => ctx.bundles.listConflicts(input.includeResolved),
  'conflicts.resolve': (input, ctx) => ctx.bundles.resolve(input.id, input.keep),
} satisfies Pick<Handlers<CoreContext>, 'bundle.export' | 'bundle.import' | 'conflicts.list' | 'conflicts.resolve'>;
