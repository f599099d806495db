import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export const backupHandlers = {
  'backup.create': (_input, ctx) => ctx.backups.create('manual'),
  'backup.list': (_input, ctx) => ctx.backups.list(),
  'backup.verify': (input, ctx) => ctx.backups.verify(input.name),
  'backup.restore': (input, ctx) => ctx.backups.restore(input.name),
  'notices.list': (_input, ctx) => ({ items: ctx.notices.list() }),
  'notices.dismiss': (input, ctx) => {
    ctx.notices.dismiss(input.id);
    return { items: ctx.notices.list() };
  },
} satisfies Pick<Handlers<CoreContext>, 'backup.create' | 'backup.list' | 'backup.verify' | 'backup.restore' | 'notices.list' | 'notices.dismiss'>;
