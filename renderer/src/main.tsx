import '@mantine/core/styles.css';
import '@mantine/spotlight/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';

import { StrictMode } from 'react';
import { z } from 'zod';
import { jaError } from './lib/form.ts';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

// No `new Function` under our CSP (script-src 'self'): zod must not try its JIT. zod's default
// messages are Japanese here (the schemas' own messages come first), so forms driven by the shared
// schemas (lib/form.ts) speak the same language as the core's errors.
z.config({ jitless: true, customError: jaError });

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('#root が見つかりません。');

createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
