import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useContract } from '../api/query.ts';
import { Loading } from '../components/Loading.tsx';
import { engagementOfPath } from '../routes.ts';

/**
 * The engagement last worked on (its plan, log, documents or visit mode), kept in this window's
 * storage: /plans and /log without an engagement reopen it, and ホーム offers it, so the app
 * starts where the advisor left off. Only an id: nothing of the engagement itself is kept here.
 */
const KEY = 'banso.lastEngagement';

export function lastEngagement(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberEngagement(id: string | null): void {
  try {
    if (id) window.localStorage.setItem(KEY, id);
    else window.localStorage.removeItem(KEY);
  } catch {
    /* storage unavailable: nothing is remembered */
  }
}

/** Remembers the engagement of the address shown (layout/Frame.tsx). */
export function useRememberEngagement(): void {
  const { pathname } = useLocation();
  useEffect(() => {
    const id = engagementOfPath(pathname);
    if (id) rememberEngagement(id);
  }, [pathname]);
}

/** The last engagement if it still exists (null while unknown, '' when there is none). */
export function useLastEngagement(): string | null {
  const last = lastEngagement();
  const list = useContract('engagements.list', {}, { enabled: last !== null });
  if (last === null) return '';
  if (list.isError) return '';
  if (!list.data) return null;
  return list.data.items.some((e) => e.id === last) ? last : '';
}

/** A page without an engagement: opens the last engagement's (`to`) when there is one, else `page`. */
export function OrLastEngagement({ to, page }: { to: (engagementId: string) => string; page: ReactNode }) {
  const last = useLastEngagement();
  if (last === null) return <Loading p="md" />;
  if (last !== '') return <Navigate to={to(last)} replace />;
  return page;
}
