import { AppShell, Box } from '@mantine/core';
import { useMemo } from 'react';
import { Outlet, useLocation } from 'react-router';
import { pageShown } from '../api/query.ts';
import { useDateStyle } from '../lib/appInfo.ts';
import { setDateStyle } from '../lib/format.ts';
import { AppNavbar } from '../components/AppNavbar.tsx';
import { AppSpotlight } from '../components/AppSpotlight.tsx';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { HostBanner } from '../components/HostBanner.tsx';
import { NoticeBanner } from '../components/NoticeBanner.tsx';
import { StatusLine } from '../components/StatusLine.tsx';
import { useRememberEngagement } from '../lib/lastEngagement.tsx';

export const NAVBAR_WIDTH = 200;
export const STATUS_HEIGHT = 26;

/**
 * The window: fixed navigation on the left, the routed page, a status line at
 * the bottom. The frame fills the viewport and never scrolls; pages scroll
 * inside their own pane.
 */
export function Frame() {
  const { pathname } = useLocation();
  // Before the page renders: the reads its forms start from must be newer than this (api/query.ts).
  useMemo(pageShown, [pathname]);
  useRememberEngagement();
  // Every date on the page in the style chosen in 設定; a change renders the page again.
  const style = useDateStyle();
  setDateStyle(style);

  return (
    <AppShell
      mode="static"
      h="100dvh"
      padding={0}
      navbar={{ width: NAVBAR_WIDTH, breakpoint: 0 }}
      footer={{ height: STATUS_HEIGHT }}
      style={{ overflow: 'hidden' }}
    >
      <AppShell.Navbar>
        <AppNavbar />
      </AppShell.Navbar>
      <AppShell.Main style={{ minHeight: 0, minWidth: 0, overflow: 'hidden', display: 'flex', flexDirection: 'column' }}>
        <HostBanner />
        <NoticeBanner />
        <Box style={{ flex: 1, minHeight: 0 }}>
          {/* Keyed by path: moving to another page clears a previous error. */}
          <ErrorBoundary key={`${pathname}|${style}`}>
            <Outlet />
          </ErrorBoundary>
        </Box>
      </AppShell.Main>
      <AppShell.Footer>
        <StatusLine />
      </AppShell.Footer>
      <AppSpotlight />
    </AppShell>
  );
}
