/**
 * The route table in one place: every path the app links to is built here, and router.tsx maps
 * the same patterns to pages. Folders and routes agree: /plans → features/plans, /templates →
 * features/templates, and so on. Links never spell a URL themselves, so moving the engagement
 * into the path (/engagements/:id/plan …) changes only this file and router.tsx.
 */

export type DocKind = 'plan' | 'report';

/** Route patterns (react-router), relative to the frame. */
export const PATTERNS = {
  home: '',
  cases: 'cases',
  engagements: 'engagements',
  plans: 'plans',
  templates: 'templates',
  log: 'log',
  documents: 'documents/:engagementId',
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

export const paths = {
  home: () => '/',
  /** 事例ライブラリ, optionally with a case open. */
  cases: (caseId?: string | null) => withQuery('/cases', { case: caseId }),
  /** 支援先・案件 with a client and/or an engagement selected. */
  engagements: (sel: { client?: string | null; engagement?: string | null } = {}) => withQuery('/engagements', { client: sel.client, engagement: sel.engagement }),
  /** 案件の計画 of an engagement. */
  plan: (engagementId?: string | null) => withQuery('/plans', { engagement: engagementId }),
  /** テンプレートの編集, optionally with a template open. */
  templates: (templateId?: string | null) => withQuery('/templates', { template: templateId }),
  /** 支援記録 of an engagement, optionally with an entry open. */
  log: (engagementId?: string | null, entryId?: string | null) => withQuery('/log', { engagement: engagementId, entry: entryId }),
  /** 文書を書き出す for an engagement. */
  documents: (engagementId: string, doc: DocKind = 'plan') => withQuery(`/documents/${encodeURIComponent(engagementId)}`, { doc: doc === 'report' ? 'report' : null }),
  transfer: (engagementId?: string | null) => withQuery('/transfer', { engagement: engagementId }),
  settings: () => '/settings',
} as const;

/** Addresses of earlier versions, still followed (bookmarks, notes): old → new. */
export function redirectOf(pathname: string, search: URLSearchParams): string | null {
  // Before: /templates showed an engagement's plan and /templates/edit the template editor.
  if (pathname === '/templates/edit') return paths.templates(search.get('template'));
  if (pathname === '/templates' && search.has('engagement')) return paths.plan(search.get('engagement'));
  return null;
}
