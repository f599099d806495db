import { create } from 'zustand';
import type { ClientSummary, EligibilityItem, EngagementSummary, EngagementView } from '../../../../shared/contract/index.ts';
import type { Client, ClientCreate } from '../../../../shared/domain/client.ts';
import type { EngagementCreate } from '../../../../shared/domain/engagement.ts';
import { ApiError, errorMessage, send } from '../../api/client.ts';
import { notify } from '../../lib/notify.tsx';

type Status = 'idle' | 'loading' | 'ready' | 'error';

interface EngagementsState {
  clients: ClientSummary[];
  clientsStatus: Status;
  clientsError: string | null;
  /** Filter of the client list (name or prefecture). */
  query: string;

  clientId: string | null;
  client: Client | null;
  clientStatus: Status;
  clientError: string | null;
  /** Engagements of the selected client. */
  engagements: EngagementSummary[];
  eligibility: EligibilityItem[] | null;
  eligibilityError: string | null;

  engagementId: string | null;
  engagement: EngagementView | null;
  engagementStatus: Status;
  engagementError: string | null;

  /** Bumped after each saved change, so the history views load again. */
  clientHistoryKey: number;
  engagementHistoryKey: number;

  loadClients: () => Promise<void>;
  /** Forget the selection (on entering the page: everything is read again). */
  reset: () => void;
  setQuery: (query: string) => void;
  /** Show these records (from the address: ?client=…&engagement=…). */
  select: (clientId: string | null, engagementId: string | null) => Promise<void>;
  createClient: (input: ClientCreate) => Promise<Client>;
  /** After an autosave of the client form. */
  clientSaved: (c: Client) => void;
  reloadClient: () => Promise<Client | null>;
  deleteClient: () => Promise<boolean>;
  createEngagement: (input: EngagementCreate) => Promise<EngagementView>;
  /** After an autosave of the engagement form (or attach / detach). */
  engagementSaved: (v: EngagementView) => void;
  reloadEngagement: () => Promise<EngagementView | null>;
  deleteEngagement: () => Promise<boolean>;
  detachCase: (caseId: string) => Promise<void>;
}

let eligibilityTimer: ReturnType<typeof setTimeout> | null = null;

function notFoundText(e: unknown, what: string): string {
  return e instanceof ApiError && e.code === 'not_found' ? `この${what}は見つかりません。削除された可能性があります。` : errorMessage(e);
}

function summaryOf(v: EngagementView): EngagementSummary {
  return {
    id: v.id,
    clientId: v.clientId,
    clientName: v.clientName,
    program: v.program,
    title: v.title,
    displayName: v.displayName,
    status: v.status,
    startDate: v.startDate,
    plannedEnd: v.plannedEnd,
    advisors: v.advisors,
    entries: v.entries,
    minutes: v.minutes,
    lastEntryDate: v.lastEntryDate,
    updatedAt: v.updatedAt,
  };
}

export const useEngagements = create<EngagementsState>()((set, get) => {
  const loadEligibility = async (id: string) => {
    try {
      const r = await send('clients.eligibility', { id });
      if (get().clientId === id) set({ eligibility: r.items, eligibilityError: null });
    } catch (e) {
      if (get().clientId === id) set({ eligibilityError: errorMessage(e) });
    }
  };

  const openClient = async (id: string | null) => {
    if (id === null) {
      set({ clientId: null, client: null, clientStatus: 'idle', clientError: null, engagements: [], eligibility: null });
      return;
    }
    if (get().clientId === id && get().clientStatus !== 'error') return;
    set({ clientId: id, client: null, clientStatus: 'loading', clientError: null, engagements: [], eligibility: null, eligibilityError: null });
    try {
      const [client, list] = await Promise.all([send('clients.get', { id }), send('engagements.list', { clientId: id })]);
      if (get().clientId !== id) return;
      set({ client, engagements: list.items, clientStatus: 'ready' });
      void loadEligibility(id);
    } catch (e) {
      if (get().clientId === id) set({ clientStatus: 'error', clientError: notFoundText(e, '支援先') });
    }
  };

  const openEngagement = async (id: string | null): Promise<EngagementView | null> => {
    if (id === null) {
      set({ engagementId: null, engagement: null, engagementStatus: 'idle', engagementError: null });
      return null;
    }
    const cur = get();
    if (cur.engagementId === id && cur.engagement) return cur.engagement;
    set({ engagementId: id, engagement: null, engagementStatus: 'loading', engagementError: null });
    try {
      const view = await send('engagements.get', { id });
      if (get().engagementId !== id) return null;
      set({ engagement: view, engagementStatus: 'ready' });
      return view;
    } catch (e) {
      if (get().engagementId === id) set({ engagementStatus: 'error', engagementError: notFoundText(e, '案件') });
      return null;
    }
  };

  return {
    clients: [],
    clientsStatus: 'idle',
    clientsError: null,
    query: '',
    clientId: null,
    client: null,
    clientStatus: 'idle',
    clientError: null,
    engagements: [],
    eligibility: null,
    eligibilityError: null,
    engagementId: null,
    engagement: null,
    engagementStatus: 'idle',
    engagementError: null,
    clientHistoryKey: 0,
    engagementHistoryKey: 0,

    loadClients: async () => {
      if (get().clientsStatus !== 'ready') set({ clientsStatus: 'loading' });
      try {
        const r = await send('clients.list', {});
        set({ clients: r.items, clientsStatus: 'ready', clientsError: null });
      } catch (e) {
        set({ clientsStatus: 'error', clientsError: errorMessage(e) });
      }
    },

    reset: () => {
      set({
        clientId: null,
        client: null,
        clientStatus: 'idle',
        clientError: null,
        engagements: [],
        eligibility: null,
        engagementId: null,
        engagement: null,
        engagementStatus: 'idle',
        engagementError: null,
      });
    },

    setQuery: (query) => {
      set({ query });
    },

    select: async (clientId, engagementId) => {
      if (engagementId !== null) {
        const view = await openEngagement(engagementId);
        await openClient(clientId ?? view?.clientId ?? get().clientId);
      } else {
        await openEngagement(null);
        await openClient(clientId);
      }
    },

    createClient: async (input) => {
      const c = await send('clients.create', input);
      await get().loadClients();
      return c;
    },

    clientSaved: (c) => {
      set((s) => ({
        client: s.clientId === c.id ? c : s.client,
        clients: s.clients.map((r) =>
          r.id === c.id
            ? { ...r, name: c.name, kind: c.kind, prefecture: c.prefecture, population: c.population, fiscalStrength: c.fiscalStrength, capitalYen: c.capitalYen, updatedAt: c.updatedAt }
            : r,
        ),
        engagements: s.engagements.map((e) => (e.clientId === c.id ? { ...e, clientName: c.name, displayName: e.title || e.displayName.replace(e.clientName, c.name) } : e)),
        clientHistoryKey: s.clientHistoryKey + 1,
      }));
      // Eligibility depends on the client's facts: ask again once typing pauses.
      if (eligibilityTimer !== null) clearTimeout(eligibilityTimer);
      eligibilityTimer = setTimeout(() => {
        eligibilityTimer = null;
        if (get().clientId === c.id) void loadEligibility(c.id);
      }, 300);
    },

    reloadClient: async () => {
      const id = get().clientId;
      if (!id) return null;
      const c = await send('clients.get', { id });
      if (get().clientId === id) {
        set((s) => ({ client: c, clientHistoryKey: s.clientHistoryKey + 1 }));
        void loadEligibility(id);
      }
      return c;
    },

    deleteClient: async () => {
      const c = get().client;
      if (!c) return false;
      try {
        const { deleted } = await send('clients.delete', { id: c.id });
        set({ clientId: null, client: null, clientStatus: 'idle', engagements: [], eligibility: null });
        await get().loadClients();
        notify({
          tone: 'ok',
          text: `支援先「${deleted.name}」を削除しました`,
          action: {
            label: '元に戻す',
            run: async () => {
              try {
                await send('clients.restore', { client: deleted });
                await get().loadClients();
                notify({ tone: 'ok', text: '元に戻しました' });
              } catch (e) {
                notify({ tone: 'error', text: `元に戻せませんでした: ${errorMessage(e)}` });
              }
            },
          },
        });
        return true;
      } catch (e) {
        notify({ tone: 'error', text: `削除できませんでした: ${errorMessage(e)}` });
        return false;
      }
    },

    createEngagement: async (input) => {
      const v = await send('engagements.create', input);
      set((s) => ({ engagements: s.clientId === v.clientId ? [summaryOf(v), ...s.engagements] : s.engagements }));
      void get().loadClients();
      return v;
    },

    engagementSaved: (v) => {
      set((s) => ({
        engagement: s.engagementId === v.id ? v : s.engagement,
        engagements: s.engagements.map((e) => (e.id === v.id ? summaryOf(v) : e)),
        engagementHistoryKey: s.engagementHistoryKey + 1,
      }));
      void get().loadClients();
    },

    reloadEngagement: async () => {
      const id = get().engagementId;
      if (!id) return null;
      const v = await send('engagements.get', { id });
      if (get().engagementId === id) {
        set((s) => ({
          engagement: v,
          engagements: s.engagements.map((e) => (e.id === v.id ? summaryOf(v) : e)),
          engagementHistoryKey: s.engagementHistoryKey + 1,
        }));
      }
      return v;
    },

    deleteEngagement: async () => {
      const v = get().engagement;
      if (!v) return false;
      try {
        await send('engagements.delete', { id: v.id });
        set((s) => ({
          engagementId: null,
          engagement: null,
          engagementStatus: 'idle',
          engagements: s.engagements.filter((e) => e.id !== v.id),
        }));
        void get().loadClients();
        notify({ tone: 'ok', text: `案件「${v.displayName}」を削除しました` });
        return true;
      } catch (e) {
        notify({ tone: 'error', text: `削除できませんでした: ${errorMessage(e)}` });
        return false;
      }
    },

    detachCase: async (caseId) => {
      const id = get().engagementId;
      if (!id) return;
      try {
        const v = await send('engagements.detachCase', { id, caseId });
        get().engagementSaved(v);
      } catch (e) {
        notify({ tone: 'error', text: `外せませんでした: ${errorMessage(e)}` });
      }
    },
  };
});
