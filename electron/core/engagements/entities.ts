import type { ClientKind, ClientPrefectureSchema, Contact } from '../../../shared/domain/client.ts';
import type { EngagementProgram, EngagementStatus } from '../../../shared/domain/engagement.ts';
import type { LogMode } from '../../../shared/domain/log.ts';
import type { z } from 'zod';
import { defineEntity, f, type EntityRecord, type EntityRow } from '../data/entity.ts';

/** A client (支援先) as stored in `clients`. */
export const ClientEntity = defineEntity({
  name: 'client',
  label: '支援先',
  table: 'clients',
  key: ['id'],
  fields: {
    id: f.text(),
    name: f.text(),
    kind: f.text<ClientKind>(),
    prefecture: f.text<z.infer<typeof ClientPrefectureSchema>>(),
    population: f.integer().orNull(),
    fiscalStrength: f.real().orNull(),
    employees: f.integer().orNull(),
    capitalYen: f.integer().orNull(),
    industry: f.text(),
    notes: f.text().personalData(),
    contacts: f.json<Contact[]>().personalData(),
    partnerMunicipalities: f.json<string[]>().orNull(),
    previousPartnerMunicipalities: f.integer().orNull(),
    createdAt: f.text().stamp(),
    updatedAt: f.text().stamp(),
  },
});

/** An engagement (案件) as stored in `engagements`. */
export const EngagementEntity = defineEntity({
  name: 'engagement',
  label: '案件',
  table: 'engagements',
  key: ['id'],
  fields: {
    id: f.text(),
    clientId: f.text(),
    program: f.text<EngagementProgram>(),
    title: f.text(),
    advisors: f.json<string[]>().personalData(),
    startDate: f.date(),
    plannedEnd: f.date().orNull(),
    status: f.text<EngagementStatus>(),
    notes: f.text().personalData(),
    createdAt: f.text().stamp(),
    updatedAt: f.text().stamp(),
  },
  virtual: { cases: 'the attached cases, from engagement_cases' },
});

/** A log entry (支援記録) as stored in `log_entries`; its next actions are rows of their own. */
export const LogEntryEntity = defineEntity({
  name: 'logEntry',
  label: '支援記録',
  table: 'log_entries',
  key: ['id'],
  fields: {
    id: f.text(),
    engagementId: f.text(),
    date: f.date(),
    startTime: f.text().orNull(),
    mode: f.text<LogMode>(),
    minutes: f.integer(),
    place: f.text(),
    attendees: f.json<string[]>().personalData(),
    topics: f.text(),
    notes: f.text().personalData(),
    decisions: f.text(),
    /** Shown in the plan's 策定経過 (資料編) only when marked shareable (never the internal notes). */
    shareable: f.boolean(),
    overQuota: f.boolean().internal(),
    createdAt: f.text().stamp(),
    updatedAt: f.text().stamp(),
  },
  virtual: { clientId: "the engagement's client (joined)", nextActions: 'rows of next_actions' },
});

/** A next action of a log entry, as stored in `next_actions`. */
export const NextActionEntity = defineEntity({
  name: 'nextAction',
  label: '次のアクション',
  table: 'next_actions',
  key: ['id'],
  // Part of the log entry's history (its 'nextActions' field); each row still goes to the change log.
  history: 'none',
  fields: {
    id: f.text(),
    logEntryId: f.text().storage(),
    engagementId: f.text().storage(),
    position: f.integer().storage(),
    task: f.text(),
    owner: f.text().personalData(),
    due: f.date().orNull(),
    done: f.boolean(),
  },
});

export type ClientRecord = EntityRecord<typeof ClientEntity>;
export type ClientRow = EntityRow<typeof ClientEntity>;
export type EngagementRecord = EntityRecord<typeof EngagementEntity>;
export type EngagementRow = EntityRow<typeof EngagementEntity>;
export type LogRecord = EntityRecord<typeof LogEntryEntity>;
export type LogRow = EntityRow<typeof LogEntryEntity>;
export type NextActionRecord = EntityRecord<typeof NextActionEntity>;
export type ActionRow = EntityRow<typeof NextActionEntity>;
