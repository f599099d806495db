/**
 * The route table in one place: every path the app links to is built here, and router.tsx maps
 * the same patterns to pages. Folders and routes agree: /plans → features/plans, /templates →
 * features/templates, and so on. Links never spell a URL themselves.
 *
 * What belongs to one engagement lives under it: /engagements/:id/plan, /log, /documents and
 * /visit, so the engagement stays chosen across back / forward, reloads and the switch between
 * 案件の計画 and テンプレートの編集. /plans and /log without an engagement open the last one used
 * (lib/lastEngagement.ts) or the picker.
 */

export type DocKind = 'plan' | 'report';

/** Route patterns (react-router), relative to the frame. */
export const PATTERNS = {
  home: '',
  cases: 'cases',
  engagements: 'engagements',
  /** The plan picker (no engagement chosen yet). */
  plans: 'plans',
  plan: 'engagements/:engagementId/plan',
  templates: 'templates',
  /** The log picker (no engagement chosen yet). */
  log: 'log',
  engagementLog: 'engagements/:engagementId/log',
  documents: 'engagements/:engagementId/documents',
  visit: 'engagements/:engagementId/visit',
  transfer: 'transfer',
  settings: 'settings',
} as const;

export type PageName = keyof typeof PATTERNS;

function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

const under = (engagementId: string, page: string) => `/engagements/${encodeURIComponent(engagementId)}/${page}`;

export const paths = {
  home: () => '/',
  /** 事例ライブラリ, optionally with a case open. */
  cases: (caseId?: string | null) => withQuery('/cases', { case: caseId }),
  /** 支援先・案件 with a client and/or an engagement selected. */
  engagements: (sel: { client?: string | null; engagement?: string | null } = {}) => withQuery('/engagements', { client: sel.client, engagement: sel.engagement }),
  /** 案件の計画 of an engagement (without one: the last one used, or the picker). */
  plan: (engagementId?: string | null) => (engagementId ? under(engagementId, 'plan') : '/plans'),
  /** テンプレートの編集, optionally with a template open. */
  templates: (templateId?: string | null) => withQuery('/templates', { template: templateId }),
  /** 支援記録 of an engagement, optionally with an entry open (without one: the last one used, or the picker). */
  log: (engagementId?: string | null, entryId?: string | null) => (engagementId ? withQuery(under(engagementId, 'log'), { entry: entryId }) : '/log'),
  /** 文書を書き出す for an engagement. */
  documents: (engagementId: string, doc: DocKind = 'plan') => withQuery(under(engagementId, 'documents'), { doc: doc === 'report' ? 'report' : null }),
  /** 訪問モード: the focused screen for the hour on site. */
  visit: (engagementId: string) => under(engagementId, 'visit'),
  transfer: (engagementId?: string | null) => withQuery('/transfer', { engagement: engagementId }),
  settings: () => '/settings',
} as const;

/** The engagement an address belongs to (/engagements/:id/…), or null. */
export function engagementOfPath(pathname: string): string | null {
  const m = /^\/engagements\/([^/]+)\/(plan|log|documents|visit)$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** The page of the navigation an address belongs to (the navbar marks it active). */
export function navPageOf(pathname: string): PageName | null {
  const m = /^\/engagements\/[^/]+\/(plan|log|documents|visit)$/.exec(pathname);
  if (m) return m[1] === 'plan' ? 'plans' : m[1] === 'documents' ? 'engagements' : 'log';
  return null;
}

/** Addresses of earlier versions, still followed (bookmarks, notes): old → new. */
export function redirectOf(pathname: string, search: URLSearchParams): string | null {
  // Before: /templates showed an engagement's plan and /templates/edit the template editor.
  if (pathname === '/templates/edit') return paths.templates(search.get('template'));
  if (pathname === '/templates' && search.has('engagement')) return paths.plan(search.get('engagement'));
  // Before: the engagement was a query parameter (?engagement=) of /plans and /log, a segment of /documents.
  if (pathname === '/plans' && search.get('engagement')) return paths.plan(search.get('engagement'));
  if (pathname === '/log' && search.get('engagement')) return paths.log(search.get('engagement'), search.get('entry'));
  const doc = /^\/documents\/([^/]+)$/.exec(pathname);
  if (doc) return paths.documents(decodeURIComponent(doc[1]!), search.get('doc') === 'report' ? 'report' : 'plan');
  return null;
}
