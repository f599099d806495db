import { describe, expect, it } from 'vitest';
import type { EngagementSummary } from '../../shared/contract/index.ts';
import type { Client } from '../../shared/domain/client.ts';
import { useEngagements } from '../../renderer/src/features/engagements/store.ts';

/**
 * Renaming a client renames its untitled engagements in the open list. The new name is user text:
 * it is never used as a String.replace replacement string, where `$&`, `$'` or `` $` `` expand.
 */
describe('engagements store: a renamed client', () => {
  it('shows the new name in untitled engagements exactly, $-patterns included', () => {
    const old = '神山町';
    const engagement = { id: 'e1', clientId: 'c1', clientName: old, program: 'advisor', title: '', displayName: `${old} アドバイザー派遣` } as unknown as EngagementSummary;
    const titled = { ...engagement, id: 'e2', title: '移住促進の案件', displayName: '移住促進の案件' };
    useEngagements.setState({ clientId: null, client: null, clients: [], engagements: [engagement, titled] });
    for (const name of ["新$&町", "新$'町", '新$`町', '新$1$$町']) {
      useEngagements.getState().clientSaved({ id: 'c1', name, kind: 'municipality', prefecture: '徳島県' } as unknown as Client);
      const [e1, e2] = useEngagements.getState().engagements;
      expect(e1!.clientName).toBe(name);
      expect(e1!.displayName).toBe(`${name} アドバイザー派遣`);
      expect(e2!.displayName).toBe('移住促進の案件');
    }
  });
});
