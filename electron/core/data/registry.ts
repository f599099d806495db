import { CaseEntity } from '../cases/entity.ts';
import { ClientEntity, EngagementEntity, LogEntryEntity, NextActionEntity } from '../engagements/entities.ts';
import { PlanAnswerEntity, PlanEntity, TemplateEntity } from '../plans/entities.ts';
import type { AnyEntity } from './store.ts';

/**
 * Every stored entity, parents before children (the order a replay inserts in and a seeding
 * walks). Settings and synonym groups are key/value tables of their own (not yet definitions).
 */
export const ENTITIES: readonly AnyEntity[] = [ClientEntity, EngagementEntity, LogEntryEntity, NextActionEntity, CaseEntity, TemplateEntity, PlanEntity, PlanAnswerEntity];

export const ENTITY_BY_NAME: ReadonlyMap<string, AnyEntity> = new Map(ENTITIES.map((e) => [e.name, e]));

export function entityNamed(name: string): AnyEntity | undefined {
  return ENTITY_BY_NAME.get(name);
}
