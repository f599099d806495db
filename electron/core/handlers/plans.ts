import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

type PlanMethods =
  | 'templates.list'
  | 'templates.get'
  | 'templates.duplicate'
  | 'templates.save'
  | 'templates.delete'
  | 'templates.validate'
  | 'templates.import'
  | 'templates.export'
  | 'plan.create'
  | 'plan.show'
  | 'plan.answer'
  | 'plan.updateTemplate'
  | 'plan.closePhase'
  | 'plan.reopenPhase'
  | 'plan.history'
  | 'plan.undo';

export const planHandlers = {
  'templates.list': (_input, ctx) => ({ items: ctx.plans.listTemplates() }),
  'templates.get': (input, ctx) => ctx.plans.getTemplate(input.id),
  'templates.duplicate': (input, ctx) => ctx.plans.duplicateTemplate(input.id, { newId: input.newId, name: input.name }),
  'templates.save': (input, ctx) => ctx.plans.saveTemplate(input.template, input.expectedVersion),
  'templates.delete': (input, ctx) => ({ deleted: ctx.plans.deleteTemplate(input.id) }),
  'templates.validate': (input, ctx) => ctx.plans.validate(input),
  'templates.import': (input, ctx) => ctx.plans.importTemplate(input.json, input.onConflict),
  'templates.export': (input, ctx) => {
    const r = ctx.plans.exportTemplate(input.id);
    return { fileName: r.fileName, json: r.json };
  },
  'plan.create': (input, ctx) => ctx.plans.createPlan(input, input.today),
  'plan.show': (input, ctx) => ctx.plans.show(input.engagementId, input.today),
  'plan.answer': (input, ctx) => ctx.plans.answer(input),
  'plan.updateTemplate': (input, ctx) => ctx.plans.updateTemplate(input, input.today),
  'plan.closePhase': (input, ctx) => ctx.plans.setPhaseClosed({ ...input, closed: true }, input.today),
  'plan.reopenPhase': (input, ctx) => ctx.plans.setPhaseClosed({ ...input, closed: false }, input.today),
  'plan.history': (input, ctx) => ctx.plans.history(input.engagementId, input.limit, input.beforeId),
  'plan.undo': (input, ctx) => ctx.plans.undo(input.engagementId, input.expectedUpdatedAt, input.today),
} satisfies Pick<Handlers<CoreContext>, PlanMethods>;
