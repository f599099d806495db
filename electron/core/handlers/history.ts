import { AppError } from '../../../shared/errors.ts';
import type { CoreContext } from '../context.ts';
import { listHistory } from '../data/history.ts';
import { DataStore } from '../data/store.ts';
import type { Handlers } from '../dispatch.ts';
import { SettingsRepo } from '../settings/repo.ts';

/** History and undo of every entity, through one pair of methods (the entity says whose). */
export const historyHandlers = {
  'history.list': (input, ctx) => listHistory(DataStore.of(ctx.db), input.entity, input.id, input.limit, input.beforeId),
  'history.undo': (input, ctx) => {
    switch (input.entity) {
      case 'client':
      case 'engagement':
      case 'logEntry':
        return ctx.engagements.undo(input.entity, input.id, input.expectedUpdatedAt);
      case 'case':
        return { entity: input.entity, ...ctx.cases.undo(input.id, input.expectedUpdatedAt) };
      case 'settings': {
        const r = new SettingsRepo(ctx.db).undo();
        return { entity: input.entity, id: input.id, fields: r.fields, updatedAt: DataStore.of(ctx.db).stamp() };
      }
      default:
        throw new AppError('invalid_input', `この種類の記録は元に戻せません（${String(input.entity)}）。`, { path: ['entity'] });
    }
  },
} satisfies Pick<Handlers<CoreContext>, 'history.list' | 'history.undo'>;
