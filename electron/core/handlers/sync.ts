import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export const syncHandlers = {
  'sync.status': (_input, ctx) => ctx.sync.status(),
  'sync.configure': (input, ctx) => ctx.sync.configure(input),
  'sync.test': (_input, ctx) => ctx.sync.test(),
  'sync.now': (_input, ctx) => ctx.sync.now(),
  'sync.share': (input, ctx) => ctx.sync.share(input.engagementId),
  'sync.unshare': (input, ctx) => ctx.sync.unshare(input.engagementId),
  'sync.conflicts': (_input, ctx) => ({ items: ctx.sync.conflicts() }),
  'sync.resolve': (input, ctx) => ({ items: ctx.sync.resolve(input.id, input.choice) }),
} satisfies Pick<Handlers<CoreContext>, 'sync.status' | 'sync.configure' | 'sync.test' | 'sync.now' | 'sync.share' | 'sync.unshare' | 'sync.conflicts' | 'sync.resolve'>;
