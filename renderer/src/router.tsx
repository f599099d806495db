import { lazy, Suspense } from 'react';
import { createHashRouter, Navigate, useLocation } from 'react-router';
import { Loading } from './components/Loading.tsx';
import { Crash } from './components/Crash.tsx';
import { RouteError } from './components/RouteError.tsx';
import { HomePage } from './features/home/HomePage.tsx';
import { Frame } from './layout/Frame.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OrLastEngagement } from './lib/lastEngagement.tsx';
import { PATTERNS, paths, redirectOf } from './routes.ts';

/**
 * Code split by route: the first screen (ホーム and the frame) loads alone; every other page is a
 * chunk of its own, loaded when first shown (the template editor, the document preview, …).
 */
const page = (load: () => Promise<{ default: React.ComponentType }>) => ({
  lazy: async () => ({ Component: (await load()).default }),
});
const cases = page(() => import('./features/cases/CasesPage.tsx').then((m) => ({ default: m.CasesPage })));
const engagements = page(() => import('./features/engagements/EngagementsPage.tsx').then((m) => ({ default: m.EngagementsPage })));
const PlansPage = lazy(() => import('./features/plans/PlansPage.tsx').then((m) => ({ default: m.PlansPage })));
const LogPage = lazy(() => import('./features/log/LogPage.tsx').then((m) => ({ default: m.LogPage })));
const documents = page(() => import('./features/docs/DocumentsPage.tsx').then((m) => ({ default: m.DocumentsPage })));
const transfer = page(() => import('./features/bundles/TransferPage.tsx').then((m) => ({ default: m.TransferPage })));
const settings = page(() => import('./features/settings/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })));
const visit = page(() => import('./features/log/VisitPage.tsx').then((m) => ({ default: m.VisitPage })));
const TemplatesPage = lazy(() => import('./features/templates/TemplatesPage.tsx').then((m) => ({ default: m.TemplatesPage })));

/** An address of an earlier version: replaced by the current one (routes.ts). */
function Legacy({ page }: { page: React.ReactNode }) {
  const { pathname, search } = useLocation();
  const to = redirectOf(pathname, new URLSearchParams(search));
  return to ? <Navigate to={to} replace /> : page;
}

const lazyElement = (Component: React.ComponentType) => (
  <Suspense fallback={<Loading p="md" />}>
    <Component />
  </Suspense>
);

/**
 * Hash routing: the desktop app loads index.html from file://, where only the
 * hash part of the URL can change. The paths are those of routes.ts.
 */
export function createAppRouter() {
  return createHashRouter([
    {
      path: '/',
      element: <Frame />,
      // The frame itself failed: replace the whole window.
      errorElement: <RouteError fullScreen />,
      children: [
        {
          // A page failed: show the error inside the frame, navigation stays usable.
          errorElement: <RouteError />,
          children: [
            { index: true, element: <HomePage /> },
            { path: PATTERNS.cases, ...cases },
            { path: PATTERNS.engagements, ...engagements },
            // 案件の計画 (an engagement's plan); without an engagement: the last one, or the picker.
            { path: PATTERNS.plans, element: <Legacy page={<OrLastEngagement to={(id) => paths.plan(id)} page={lazyElement(PlansPage)} />} /> },
            { path: PATTERNS.plan, element: lazyElement(PlansPage) },
            // テンプレートの編集 (duplicate, edit, import / export templates); older addresses are redirected.
            {
              path: PATTERNS.templates,
              element: (
                <Legacy
                  page={
                    <Suspense fallback={<Loading p="md" />}>
                      <TemplatesPage />
                    </Suspense>
                  }
                />
              ),
            },
            { path: 'templates/edit', element: <Legacy page={<NotFoundPage />} /> },
            { path: PATTERNS.log, element: <Legacy page={<OrLastEngagement to={(id) => paths.log(id)} page={lazyElement(LogPage)} />} /> },
            { path: PATTERNS.engagementLog, element: lazyElement(LogPage) },
            // 訪問モード: the hour on site (a log entry of its own).
            { path: PATTERNS.visit, ...visit },
            // 文書を書き出す (opened from the plan workbench and the engagement pane); /documents/:id was its earlier address.
            { path: PATTERNS.documents, ...documents },
            { path: 'documents/:engagementId', element: <Legacy page={<NotFoundPage />} /> },
            // 受け渡し: hand-off bundles between machines and their conflicts.
            { path: PATTERNS.transfer, ...transfer },
            { path: PATTERNS.settings, ...settings },
            // Test hook for the error boundary (see components/Crash.tsx).
            { path: '__crash', element: <Crash /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
