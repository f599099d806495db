import { describe, expect, it } from 'vitest';
import { runDbOpen } from '../bench/suites/db-open.ts';

// The bench's database suite seeds rows in the v1 history table and migrates them: a schema change that breaks its
// seeding must fail here, not only in `npm run bench` (where it once printed "MISSED (failed …)" for weeks).
describe('bench db suite at a small size', () => {
  it('seeds, reopens and migrates v1 → latest', async () => {
    const rows = await runDbOpen(300, 2);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(Number.isFinite(r.value)).toBe(true);
  }, 60_000);
});
