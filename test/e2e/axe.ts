import { createRequire } from 'node:module';
import fs from 'node:fs';
import type { Page } from '@playwright/test';

/**
 * axe-core (the engine public-sector accessibility checks use, JIS X 8341-3 / WCAG 2.1 AA) run
 * in the page as it is shown: the WCAG 2.0/2.1 A and AA rules, only the serious and critical
 * findings returned, each as "rule (impact): target — summary".
 */
const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  failureSummary?: string;
  html: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

export async function seriousViolations(page: Page, opts: { include?: string } = {}): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the debugging protocol: the app's CSP (script-src 'self') stays as it is.
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(include ?? document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations;
  }, opts.include ?? null)) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ').slice(0, 200)} ${n.html.slice(0, 120)}`));
}
