import { describe, expect, it } from 'vitest';
import { paths, redirectOf } from '../../renderer/src/routes.ts';

/** The renderer's route table (renderer/src/routes.ts): folders and routes agree, older addresses still lead somewhere. */
describe('the route table', () => {
  it('builds every address the app links to', () => {
    expect(paths.plan('e1')).toBe('/plans?engagement=e1');
    expect(paths.templates('my-a')).toBe('/templates?template=my-a');
    expect(paths.engagements({ client: 'c1', engagement: 'e1' })).toBe('/engagements?client=c1&engagement=e1');
    expect(paths.engagements()).toBe('/engagements');
    expect(paths.log('e1', 'x1')).toBe('/log?engagement=e1&entry=x1');
    expect(paths.cases('k1')).toBe('/cases?case=k1');
    expect(paths.documents('e/1', 'report')).toBe('/documents/e%2F1?doc=report');
    expect(paths.documents('e1')).toBe('/documents/e1');
  });

  it('redirects the addresses of earlier versions: /templates?engagement= was the plan, /templates/edit the editor', () => {
    expect(redirectOf('/templates', new URLSearchParams('engagement=e1'))).toBe('/plans?engagement=e1');
    expect(redirectOf('/templates/edit', new URLSearchParams('template=my-a'))).toBe('/templates?template=my-a');
    expect(redirectOf('/templates/edit', new URLSearchParams())).toBe('/templates');
    expect(redirectOf('/templates', new URLSearchParams('template=my-a'))).toBeNull();
  });
});
