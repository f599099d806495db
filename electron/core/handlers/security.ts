import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export const securityHandlers = {
  'security.status': (_input, ctx) => ctx.security.status(),
  'security.enable': (input, ctx) => ctx.security.enable(input.passphrase),
  'security.changePassphrase': (input, ctx) => ctx.security.changePassphrase(input.current, input.next),
  'security.rekey': (input, ctx) => ctx.security.rekey(input.current),
  // A running core is unlocked already; the desktop shell answers this itself while the folder is locked.
  'security.unlock': () => ({ unlocked: true }),
  'security.pendingRecoveryKey': (_input, ctx) => ctx.security.pendingRecoveryKey(),
  'security.confirmRecoveryKey': (_input, ctx) => ctx.security.confirmRecoveryKey(),
  'security.renewRecoveryKey': (input, ctx) => ctx.security.renewRecoveryKey(input.current),
} satisfies Pick<
  Handlers<CoreContext>,
  'security.status' | 'security.unlock' | 'security.enable' | 'security.changePassphrase' | 'security.rekey' | 'security.pendingRecoveryKey' | 'security.confirmRecoveryKey' | 'security.renewRecoveryKey'
>;
