import fs from 'node:fs';
import path from 'node:path';
import { type Template, validateTemplateText } from '../../../shared/domain/template.ts';
import type { Logger } from '../log.ts';

export const TEMPLATES_DIR = 'templates';

/** The order built-in templates are listed in (others follow by id). */
const ORDER = ['plan-a', 'plan-b', 'telework', 'system-building'];

/**
 * Read seeds/templates/*.json. A file that is unreadable or fails the schema is logged (with the
 * path of each problem) and skipped: one bad file must not keep the app from starting.
 */
export function readBuiltinTemplates(seedsDir: string, log: Logger): Template[] {
  const dir = path.join(seedsDir, TEMPLATES_DIR);
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    log.error(`built-in templates were not loaded (${dir})`, err);
    return [];
  }
  const out: Template[] = [];
  for (const f of files) {
    try {
      const r = validateTemplateText(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (!r.ok) {
        log.error(`template ${f} skipped: ${r.errors.slice(0, 5).map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`);
        continue;
      }
      if (out.some((t) => t.id === r.template.id)) {
        log.error(`template ${f} skipped: duplicate id ${r.template.id}`);
        continue;
      }
      out.push(r.template);
    } catch (err) {
      log.error(`template ${f} skipped`, err);
    }
  }
  const rank = (id: string) => (ORDER.includes(id) ? ORDER.indexOf(id) : ORDER.length);
  return out.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}
