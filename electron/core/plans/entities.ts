import type { Template } from '../../../shared/domain/template.ts';
import { defineEntity, f, type EntityRecord } from '../data/entity.ts';

/** A custom plan template as stored in `plan_templates` (the whole validated template in `body`). */
export const TemplateEntity = defineEntity({
  name: 'template',
  label: 'テンプレート',
  table: 'plan_templates',
  key: ['id'],
  fields: {
    id: f.text(),
    body: f.json<Template>(),
    position: f.integer().internal(),
    createdAt: f.text().stamp(),
    updatedAt: f.text().stamp(),
  },
});

/** A plan (an engagement's filled-in template) as stored in `plans`: the template snapshot and its closed phases. */
export const PlanEntity = defineEntity({
  name: 'plan',
  label: '計画',
  table: 'plans',
  key: ['engagementId'],
  fields: {
    engagementId: f.text(),
    templateId: f.text(),
    template: f.json<Template>(),
    startDate: f.date(),
    closedPhases: f.json<string[]>(),
    createdAt: f.text().stamp(),
    updatedAt: f.text().stamp(),
  },
});

/** One answer of a plan, as stored in `plan_answers` (id `engagementId/questionId`). */
export const PlanAnswerEntity = defineEntity({
  name: 'planAnswer',
  label: '計画の回答',
  table: 'plan_answers',
  key: ['engagementId', 'questionId'],
  fields: {
    engagementId: f.text(),
    questionId: f.text(),
    value: f.json<unknown>().personalData(),
    updatedAt: f.text().stamp(),
  },
});

export type TemplateRecord = EntityRecord<typeof TemplateEntity>;
export type PlanRecord = EntityRecord<typeof PlanEntity>;
export type PlanAnswerRecord = EntityRecord<typeof PlanAnswerEntity>;
