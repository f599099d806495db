import { describe, expect, it } from 'vitest';
import { engagementOfPath, navPageOf, paths, redirectOf } from '../../renderer/src/routes.ts';

/** The renderer's route table (renderer/src/routes.ts): folders and routes agree, older addresses still lead somewhere. */
describe('the route table', () => {
  it('builds every address the app links to; what belongs to an engagement is under /engagements/:id/', () => {
    expect(paths.plan('e1')).toBe('/engagements/e1/plan');
    expect(paths.plan()).toBe('/plans');
    expect(paths.templates('my-a')).toBe('/templates?template=my-a');
    expect(paths.engagements({ client: 'c1', engagement: 'e1' })).toBe('/engagements?client=c1&engagement=e1');
    expect(paths.engagements()).toBe('/engagements');
    expect(paths.log('e1', 'x1')).toBe('/engagements/e1/log?entry=x1');
    expect(paths.log('e1')).toBe('/engagements/e1/log');
    expect(paths.log()).toBe('/log');
    expect(paths.cases('k1')).toBe('/cases?case=k1');
    expect(paths.documents('e/1', 'report')).toBe('/engagements/e%2F1/documents?doc=report');
    expect(paths.documents('e1')).toBe('/engagements/e1/documents');
    expect(paths.visit('e1')).toBe('/engagements/e1/visit');
  });

  it('knows the engagement and the navigation item of an address', () => {
    expect(engagementOfPath('/engagements/e%2F1/documents')).toBe('e/1');
    expect(engagementOfPath('/engagements/e1/visit')).toBe('e1');
    expect(engagementOfPath('/engagements')).toBeNull();
    expect(engagementOfPath('/plans')).toBeNull();
    expect(navPageOf('/engagements/e1/plan')).toBe('plans');
    expect(navPageOf('/engagements/e1/log')).toBe('log');
    expect(navPageOf('/engagements/e1/visit')).toBe('log');
    expect(navPageOf('/engagements')).toBeNull();
  });

  it('redirects the addresses of earlier versions: /templates?engagement= was the plan, /templates/edit the editor, ?engagement= of /plans and /log, /documents/:id', () => {
    expect(redirectOf('/templates', new URLSearchParams('engagement=e1'))).toBe('/engagements/e1/plan');
    expect(redirectOf('/templates/edit', new URLSearchParams('template=my-a'))).toBe('/templates?template=my-a');
    expect(redirectOf('/templates/edit', new URLSearchParams())).toBe('/templates');
    expect(redirectOf('/templates', new URLSearchParams('template=my-a'))).toBeNull();
    expect(redirectOf('/plans', new URLSearchParams('engagement=e1'))).toBe('/engagements/e1/plan');
    expect(redirectOf('/plans', new URLSearchParams())).toBeNull();
    expect(redirectOf('/log', new URLSearchParams('engagement=e1&entry=x1'))).toBe('/engagements/e1/log?entry=x1');
    expect(redirectOf('/log', new URLSearchParams())).toBeNull();
    expect(redirectOf('/documents/e1', new URLSearchParams('doc=report'))).toBe('/engagements/e1/documents?doc=report');
    expect(redirectOf('/documents/e1', new URLSearchParams())).toBe('/engagements/e1/documents');
  });
});
