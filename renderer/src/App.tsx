import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router/dom';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { queryClient } from './api/query.ts';
import { createAppRouter } from './router.tsx';
import { SecurityGate } from './features/settings/SecurityGate.tsx';
import { cssVariablesResolver, theme } from './theme.ts';

export function App() {
  const [router] = useState(createAppRouter);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light" forceColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <ErrorBoundary fullScreen>
          <SecurityGate>
            <RouterProvider router={router} />
          </SecurityGate>
        </ErrorBoundary>
      </QueryClientProvider>
      {/* The one notification root (lib/notify.tsx), above the status line. */}
      <Notifications position="bottom-right" containerWidth={400} zIndex={300} />
    </MantineProvider>
  );
}
