import type { MethodName } from '../../../shared/contract/index.ts';

/**
 * Which reads each write makes stale: the one table the query cache follows (api/query.ts). A
 * query is keyed [method, input]; after a write succeeds, every cached query of the methods listed
 * for it is invalidated (shown ones fetch again at once, the others when next shown).
 *
 * 'all' is for writes that may change anything (a restore, a hand-off import, a resolved conflict).
 * Methods in neither list are one-off calls that change nothing and are not cached (exports,
 * previews, checks): see ONE_OFF_METHODS. test/unit/query-cache.test.ts checks that every contract
 * method is in exactly one of the three.
 */

/** Reads shown from the cache. */
export const READ_METHODS = [
  'app.info',
  'app.ping',
  'settings.get',
  'backup.list',
  'conflicts.list',
  'cases.search',
  'cases.facets',
  'cases.get',
  'synonyms.list',
  'docs.model',
  'docs.settings',
  'clients.list',
  'clients.get',
  'clients.eligibility',
  'engagements.list',
  'engagements.get',
  'engagements.quota',
  'log.list',
  'log.get',
  'log.checkQuota',
  'history.list',
  'programs.list',
  'dashboard.get',
  'notices.list',
  'templates.list',
  'templates.get',
  'plan.show',
  'plan.history',
  'security.status',
  'sync.status',
  'sync.conflicts',
] as const satisfies readonly MethodName[];
export type ReadMethod = (typeof READ_METHODS)[number];

/** Calls that change nothing and whose answers are not kept (files to save, previews, checks). */
export const ONE_OFF_METHODS = [
  'backup.verify',
  'bundle.export',
  'cases.export',
  'cases.importPreview',
  'cases.importUpload',
  'cases.draftFromEngagement',
  'docs.export',
  'docs.tablesXlsx',
  'reports.logCsv',
  'reports.logXlsx',
  'templates.validate',
  'templates.export',
  // Asked afresh at every pause in typing (features/search): never kept.
  'search.global',
  'security.unlock',
  'security.pendingRecoveryKey',
  'security.confirmRecoveryKey',
  'sync.test',
] as const satisfies readonly MethodName[];

const CASE_READS = ['cases.search', 'cases.facets', 'cases.get', 'engagements.get', 'docs.model', 'app.info'] as const;
const CLIENT_READS = ['clients.list', 'clients.get', 'clients.eligibility', 'engagements.list', 'engagements.get', 'history.list', 'dashboard.get', 'docs.model', 'app.info'] as const;
const ENGAGEMENT_READS = [
  'engagements.list',
  'engagements.get',
  'engagements.quota',
  'clients.list',
  'log.checkQuota',
  'history.list',
  'dashboard.get',
  'docs.model',
  'plan.show',
  'app.info',
] as const;
const LOG_READS = [
  'log.list',
  'log.get',
  'log.checkQuota',
  'engagements.list',
  'engagements.get',
  'engagements.quota',
  'clients.list',
  'history.list',
  'dashboard.get',
  'docs.model',
  'app.info',
] as const;
const PLAN_READS = ['plan.show', 'plan.history', 'docs.model', 'templates.list', 'app.info'] as const;
/**
 * An answer changes the plan shown in the workbench, which holds it (and is given the new progress
 * and gates by the answer itself): fetching plan.show again at every keystroke would only cost the
 * core time. The page reads plan.show afresh whenever it is shown again (useContract's `fresh`).
 */
const ANSWER_READS = ['plan.history', 'docs.model'] as const;
const TEMPLATE_READS = ['templates.list', 'templates.get', 'plan.show'] as const;

export const WRITE_INVALIDATES = {
  'settings.update': ['settings.get', 'docs.model'],
  'backup.create': ['backup.list'],
  'backup.restore': 'all',
  'security.enable': ['security.status', 'backup.list'],
  'security.changePassphrase': ['security.status'],
  'security.rekey': ['security.status', 'backup.list'],
  'security.renewRecoveryKey': ['security.status'],
  'bundle.import': 'all',
  'conflicts.resolve': 'all',
  'notices.dismiss': ['notices.list'],
  'sync.configure': ['sync.status'],
  'sync.now': 'all',
  'sync.share': ['sync.status'],
  'sync.unshare': ['sync.status'],
  'sync.resolve': 'all',
  'cases.create': CASE_READS,
  'cases.update': CASE_READS,
  'cases.delete': CASE_READS,
  'cases.restore': CASE_READS,
  'cases.import': CASE_READS,
  'synonyms.save': ['synonyms.list', 'cases.search', 'cases.facets'],
  'clients.create': CLIENT_READS,
  'clients.update': CLIENT_READS,
  'clients.delete': CLIENT_READS,
  'clients.restore': CLIENT_READS,
  'engagements.create': ENGAGEMENT_READS,
  'engagements.update': ENGAGEMENT_READS,
  'engagements.delete': ENGAGEMENT_READS,
  'engagements.attachCase': ENGAGEMENT_READS,
  'engagements.detachCase': ENGAGEMENT_READS,
  'log.create': LOG_READS,
  'log.update': LOG_READS,
  'log.delete': LOG_READS,
  'log.restore': LOG_READS,
  'log.setActionDone': LOG_READS,
  // Undo of a client, engagement or log entry: any of their reads.
  'history.undo': [...new Set([...CLIENT_READS, ...ENGAGEMENT_READS, ...LOG_READS, ...CASE_READS])],
  'templates.duplicate': TEMPLATE_READS,
  'templates.save': TEMPLATE_READS,
  'templates.delete': TEMPLATE_READS,
  'templates.import': TEMPLATE_READS,
  'plan.create': [...PLAN_READS, 'engagements.get', 'dashboard.get'],
  'plan.answer': ANSWER_READS,
  'plan.updateTemplate': [...PLAN_READS, 'templates.get'],
  'plan.closePhase': PLAN_READS,
  'plan.reopenPhase': PLAN_READS,
  'plan.undo': PLAN_READS,
  'docs.updateSettings': ['docs.settings', 'docs.model', 'plan.history'],
  'docs.setReference': ['docs.settings', 'docs.model', 'plan.history'],
} as const satisfies Record<string, readonly ReadMethod[] | 'all'>;

export type WriteMethod = keyof typeof WRITE_INVALIDATES;

/** The reads a write makes stale ('all': every cached query). */
export function invalidatedBy(method: WriteMethod): readonly ReadMethod[] | 'all' {
  return WRITE_INVALIDATES[method];
}
