import type { GlobalHit } from '../../../../shared/contract/search.ts';
import { paths } from '../../routes.ts';

/** A path with one more query parameter (kept apart from routes.ts, which builds the path itself). */
function withParam(path: string, key: string, value: string | undefined): string {
  if (!value) return path;
  const [base, query = ''] = path.split('?');
  const q = new URLSearchParams(query);
  q.set(key, value);
  return `${base}?${q.toString()}`;
}

/**
 * Where a search result opens: the one place that knows it, so that moving the engagement into the
 * path (/engagements/:id/plan …) changes only routes.ts and, if at all, this function.
 * - a client or an engagement: 支援先・案件 with it selected;
 * - a log entry: 支援記録 of its engagement with the entry open;
 * - a plan answer: the engagement's plan at the question (?question=, read by the plan page);
 * - a case: the library with the case open; a template: the template editor.
 */
export function pathOfHit(hit: GlobalHit): string {
  switch (hit.kind) {
    case 'client':
      return paths.engagements({ client: hit.clientId ?? hit.id });
    case 'engagement':
      return paths.engagements({ client: hit.clientId, engagement: hit.engagementId ?? hit.id });
    case 'log':
      return paths.log(hit.engagementId, hit.entryId ?? hit.id);
    case 'plan':
      return withParam(paths.plan(hit.engagementId), 'question', hit.questionId);
    case 'case':
      return paths.cases(hit.id);
    case 'template':
      return paths.templates(hit.id);
  }
}
