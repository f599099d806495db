import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export const securityHandlers = {
  'security.status': (_input, ctx) => ctx.security.status(),
  'security.enable': (input, ctx) => ctx.security.enable(input.passphrase),
  'security.changePassphrase': (input, ctx) => ctx.security.changePassphrase(input.current, input.next),
  'security.rekey': (input, ctx) => ctx.security.rekey(input.current),
} satisfies Pick<Handlers<CoreContext>, 'security.status' | 'security.enable' | 'security.changePassphrase' | 'security.rekey'>;
