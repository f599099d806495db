import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export const searchHandlers = {
  'search.global': (input, ctx) => ctx.search.search(input),
} satisfies Pick<Handlers<CoreContext>, 'search.global'>;
