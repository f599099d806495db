import { createHashRouter, Navigate, useLocation } from 'react-router';
import { Crash } from './components/Crash.tsx';
import { RouteError } from './components/RouteError.tsx';
import { TransferPage } from './features/bundles/TransferPage.tsx';
import { CasesPage } from './features/cases/CasesPage.tsx';
import { DocumentsPage } from './features/docs/DocumentsPage.tsx';
import { EngagementsPage } from './features/engagements/EngagementsPage.tsx';
import { HomePage } from './features/home/HomePage.tsx';
import { LogPage } from './features/log/LogPage.tsx';
import { PlansPage } from './features/plans/PlansPage.tsx';
import { SettingsPage } from './features/settings/SettingsPage.tsx';
import { TemplatesPage } from './features/templates/TemplatesPage.tsx';
import { Frame } from './layout/Frame.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PATTERNS, redirectOf } from './routes.ts';

/** An address of an earlier version: replaced by the current one (routes.ts). */
function Legacy({ page }: { page: React.ReactNode }) {
  const { pathname, search } = useLocation();
  const to = redirectOf(pathname, new URLSearchParams(search));
  return to ? <Navigate to={to} replace /> : page;
}

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
            { path: PATTERNS.cases, element: <CasesPage /> },
            { path: PATTERNS.engagements, element: <EngagementsPage /> },
            // 案件の計画 (an engagement's plan).
            { path: PATTERNS.plans, element: <PlansPage /> },
            // テンプレートの編集 (duplicate, edit, import / export templates).
            { path: PATTERNS.templates, element: <Legacy page={<TemplatesPage />} /> },
            { path: 'templates/edit', element: <Legacy page={<NotFoundPage />} /> },
            { path: PATTERNS.log, element: <LogPage /> },
            // 文書を書き出す (opened from the plan workbench and the engagement pane).
            { path: PATTERNS.documents, element: <DocumentsPage /> },
            // 受け渡し: hand-off bundles between machines and their conflicts.
            { path: PATTERNS.transfer, element: <TransferPage /> },
            { path: PATTERNS.settings, element: <SettingsPage /> },
            // Test hook for the error boundary (see components/Crash.tsx).
            { path: '__crash', element: <Crash /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
