import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';
import { bundleText } from '../bundles/parse.ts';
import { looksSealed, openSealedBundle, sealBundle } from '../crypto/sealed-bundle.ts';

export const bundleHandlers = {
  'bundle.export': async (input, ctx) => {
    const r = input.engagementId !== undefined ? ctx.bundles.exportEngagement(input.engagementId) : ctx.bundles.exportLibrary();
    if (input.passphrase === undefined) return { fileName: r.fileName, mimeType: r.mimeType, contentBase64: r.contentBase64, kind: r.kind, records: r.records };
    const sealed = await sealBundle(Buffer.from(r.contentBase64, 'base64'), input.passphrase);
    return { fileName: r.fileName.replace(/\.json$/, '.sealed.json'), mimeType: r.mimeType, contentBase64: sealed.toString('base64'), kind: r.kind, records: r.records };
  },
  'bundle.import': async (input, ctx) => {
    const text = bundleText(input);
    if (!looksSealed(text)) return ctx.bundles.import({ text });
    return ctx.bundles.import({ text: await openSealedBundle(text, input.passphrase) });
  },
  'conflicts.list': (input, ctx) => ctx.bundles.listConflicts(input.includeResolved),
  'conflicts.resolve': (input, ctx) => ctx.bundles.resolve(input.id, input.keep),
} satisfies Pick<Handlers<CoreContext>, 'bundle.export' | 'bundle.import' | 'conflicts.list' | 'conflicts.resolve'>;
