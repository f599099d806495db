import { useSearchParams } from 'react-router';
import { create } from 'zustand';
import type { Client, ClientCreate } from '../../../../shared/domain/client.ts';
import type { EngagementCreate } from '../../../../shared/domain/engagement.ts';
import type { EngagementView } from '../../../../shared/contract/index.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { setCached, useContract, write, writeAndRefresh } from '../../api/query.ts';
import { notify, notifyFailure } from '../../lib/notify.tsx';

/** UI state of 支援先・案件: the filter of the client list. Records come from the query cache. */
interface EngagementsUi {
  query: string;
  setQuery: (query: string) => void;
}

export const useEngagementsUi = create<EngagementsUi>()((set) => ({
  query: '',
  setQuery: (query) => {
    set({ query });
  },
}));

function notFoundText(e: unknown, what: string): string {
  return e instanceof ApiError && e.code === 'not_found' ? `この${what}は見つかりません。削除された可能性があります。` : errorMessage(e);
}

/**
 * The selection (from the address: ?client=…&engagement=…) and what it shows. An engagement alone
 * selects its client. The client and the engagement seed autosaved forms, so only reads since the
 * page was shown count (`fresh`).
 */
export function useSelection() {
  const [params] = useSearchParams();
  const engagementId = params.get('engagement');
  const engagement = useContract('engagements.get', { id: engagementId ?? '' }, { enabled: engagementId !== null, fresh: true });
  const clientId = params.get('client') ?? engagement.data?.clientId ?? null;
  const client = useContract('clients.get', { id: clientId ?? '' }, { enabled: clientId !== null, fresh: true });
  const engagements = useContract('engagements.list', { clientId: clientId ?? '' }, { enabled: clientId !== null });
  return {
    clientId,
    engagementId,
    client: client.data ?? null,
    clientStatus: clientId === null ? 'idle' : client.data ? 'ready' : client.isError ? 'error' : 'loading',
    clientError: client.error ? notFoundText(client.error, '支援先') : null,
    engagements: engagements.data?.items ?? [],
    engagement: engagement.data ?? null,
    engagementStatus: engagementId === null ? 'idle' : engagement.data ? 'ready' : engagement.isError ? 'error' : 'loading',
    engagementError: engagement.error ? notFoundText(engagement.error, '案件') : null,
  } as const;
}

/** Every client, for the list on the left. */
export function useClients() {
  const q = useContract('clients.list', {});
  return { clients: q.data?.items ?? [], status: q.isPending ? 'loading' : q.isError ? 'error' : 'ready', error: q.error?.message ?? null } as const;
}

/** 対象となる事業 of a client (asked again after every save of the client: it depends on its facts). */
export function useEligibility(clientId: string) {
  const q = useContract('clients.eligibility', { id: clientId });
  return { items: q.data?.items ?? null, error: q.error?.message ?? null };
}

export async function createClient(input: ClientCreate): Promise<Client> {
  return writeAndRefresh('clients.create', input);
}

export async function createEngagement(input: EngagementCreate): Promise<EngagementView> {
  const v = await write('engagements.create', input);
  setCached('engagements.get', { id: v.id }, () => v);
  return v;
}

/** After an autosave of a record form: show the saved record at once (the lists follow). */
export function clientSaved(c: Client): void {
  setCached('clients.get', { id: c.id }, () => c);
}
export function engagementSaved(v: EngagementView): void {
  setCached('engagements.get', { id: v.id }, () => v);
}

/** Delete a client, offering 元に戻す in the notice. Resolves false when it could not be deleted. */
export async function deleteClient(c: Client): Promise<boolean> {
  try {
    const { deleted } = await write('clients.delete', { id: c.id });
    notify({
      tone: 'ok',
      text: `支援先「${deleted.name}」を削除しました`,
      action: {
        label: '元に戻す',
        run: async () => {
          try {
            await write('clients.restore', { client: deleted });
            notify({ tone: 'ok', text: '元に戻しました' });
          } catch (e) {
            notifyFailure('元に戻せませんでした', e);
          }
        },
      },
    });
    return true;
  } catch (e) {
    notifyFailure('削除できませんでした', e);
    return false;
  }
}

export async function deleteEngagement(v: EngagementView): Promise<boolean> {
  try {
    await write('engagements.delete', { id: v.id });
    notify({ tone: 'ok', text: `案件「${v.displayName}」を削除しました` });
    return true;
  } catch (e) {
    notifyFailure('削除できませんでした', e);
    return false;
  }
}

export async function detachCase(engagementId: string, caseId: string): Promise<void> {
  try {
    engagementSaved(await write('engagements.detachCase', { id: engagementId, caseId }));
  } catch (e) {
    notifyFailure('外せませんでした', e);
  }
}
