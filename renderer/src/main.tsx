import '@mantine/core/styles.css';
import '@mantine/spotlight/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';

import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

// No `new Function` under our CSP (script-src 'self'): zod must not try its JIT.
z.config({ jitless: true });

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('#root が見つかりません。');

createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
