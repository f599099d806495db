import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogMode } from '../../shared/domain/log.ts';
import { ProgramCatalogueSchema, quotaRuleFor, type AdvisorQuotaRule, type DurationQuotaRule } from '../../shared/domain/program.ts';
import { countAdvisorQuota, countDurationQuota, type QuotaEntry } from '../../shared/domain/quota.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

const catalogue = ProgramCatalogueSchema.parse(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'seeds/programs/programs.json'), 'utf8')));
const advisor = quotaRuleFor(catalogue, 'advisor') as AdvisorQuotaRule;
const planA = quotaRuleFor(catalogue, 'plan-a') as DurationQuotaRule;

let n = 0;
function entry(date: string, mode: LogMode, minutes = 60, startTime: string | null = null): QuotaEntry {
  n++;
  return { id: `e${n}`, date, startTime, mode, minutes, createdAt: `2025-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z` };
}

describe('the quota rules in the catalogue', () => {
  it('advisor: 3 dispatches with visits, else 10 hours, per client and fiscal year; plan-a/b about 3 months', () => {
    expect(advisor).toMatchObject({ type: 'client-fiscal-year', visitLimit: 3, hoursLimit: 10, visitMode: 'visit', countedModes: ['visit', 'online', 'phone'] });
    expect(advisor.docs).toMatch(/4月1日/);
    expect(advisor.docs).toMatch(/メールは数えません/);
    expect(planA).toMatchObject({ type: 'duration', months: 3 });
    expect(quotaRuleFor(catalogue, 'plan-b')).toMatchObject({ type: 'duration', months: 3 });
    expect(quotaRuleFor(catalogue, 'telework')).toBeNull();
  });
});

describe('advisor quota: counting per fiscal year (April–March)', () => {
  it('puts 2026-03-31 in 2025年度 and 2026-04-01 in 2026年度', () => {
    const entries = [entry('2025-06-01', 'visit'), entry('2025-10-01', 'visit'), entry('2026-03-31', 'visit'), entry('2026-04-01', 'visit')];
    const fy2025 = countAdvisorQuota(advisor, 2025, entries);
    expect(fy2025.status).toMatchObject({ fiscalYear: 2025, basis: 'visits', used: 3, limit: 3, unit: '回', remaining: 0, exceeded: false });
    expect(fy2025.overIds.size).toBe(0);
    const fy2026 = countAdvisorQuota(advisor, 2026, entries);
    expect(fy2026.status).toMatchObject({ fiscalYear: 2026, used: 1, exceeded: false });
    expect(fy2025.status.message).toMatch(/令和7年度/);
  });

  it('a 4th counted entry in a year with a visit is over, and only that entry is marked', () => {
    const e = [entry('2025-04-10', 'visit'), entry('2025-05-10', 'online'), entry('2025-06-10', 'phone'), entry('2025-07-10', 'online')];
    const c = countAdvisorQuota(advisor, 2025, e);
    expect(c.status).toMatchObject({ basis: 'visits', used: 4, limit: 3, exceeded: true, remaining: 0 });
    expect([...c.overIds]).toEqual([e[3]!.id]);
  });

  it('counts in date and start-time order, not in the order given', () => {
    const late = entry('2025-09-01', 'visit');
    const early = [entry('2025-04-01', 'visit'), entry('2025-05-01', 'visit', 60, '10:00'), entry('2025-05-01', 'visit', 60, '09:00')];
    const c = countAdvisorQuota(advisor, 2025, [late, ...early]);
    expect([...c.overIds]).toEqual([late.id]);
  });

  it('without any visit the year is online only: minutes against 10 hours; the entry passing 600 minutes is marked', () => {
    const e = [entry('2025-04-01', 'online', 240), entry('2025-05-01', 'phone', 240), entry('2025-06-01', 'online', 120)];
    const at = countAdvisorQuota(advisor, 2025, e);
    expect(at.status).toMatchObject({ basis: 'hours', used: 10, limit: 10, unit: '時間', exceeded: false, near: true, remaining: 0 });
    const over = countAdvisorQuota(advisor, 2025, [...e, entry('2025-07-01', 'online', 1)]);
    expect(over.status).toMatchObject({ exceeded: true, used: 10.02 });
    expect(over.overIds.size).toBe(1);
  });

  it('e-mail counts 0, and entries of other years do not count', () => {
    const e = [entry('2025-04-01', 'email', 600), entry('2025-04-02', 'email', 600), entry('2024-06-01', 'online', 600), entry('2025-04-03', 'online', 30)];
    const c = countAdvisorQuota(advisor, 2025, e);
    expect(c.status).toMatchObject({ basis: 'hours', used: 0.5, entries: 1, exceeded: false });
  });

  it('a first visit switches the whole year from hours to dispatches', () => {
    const online = [entry('2025-04-01', 'online', 60), entry('2025-05-01', 'online', 60), entry('2025-06-01', 'online', 60)];
    expect(countAdvisorQuota(advisor, 2025, online).status).toMatchObject({ basis: 'hours', used: 3, exceeded: false });
    const withVisit = countAdvisorQuota(advisor, 2025, [...online, entry('2025-07-01', 'visit', 60)]);
    expect(withVisit.status).toMatchObject({ basis: 'visits', used: 4, exceeded: true });
  });

  it('is near from 80% of the limit', () => {
    expect(countAdvisorQuota(advisor, 2025, [entry('2025-04-01', 'online', 479)]).status.near).toBe(false);
    expect(countAdvisorQuota(advisor, 2025, [entry('2025-04-01', 'online', 480)]).status.near).toBe(true);
    expect(countAdvisorQuota(advisor, 2025, [entry('2025-04-01', 'visit'), entry('2025-04-02', 'visit')]).status.near).toBe(false);
    expect(countAdvisorQuota(advisor, 2025, [entry('2025-04-01', 'visit'), entry('2025-04-02', 'visit'), entry('2025-04-03', 'visit')]).status.near).toBe(true);
  });
});

describe('plan-a / plan-b quota: the planned period', () => {
  const eng = { startDate: '2025-06-01', plannedEnd: '2025-09-01' };

  it('marks entries after planned end + grace days', () => {
    const inside = entry('2025-09-15', 'visit'); // end + 14 days: still fine
    const after = entry('2025-09-16', 'visit');
    const c = countDurationQuota(planA, eng, [entry('2025-06-10', 'visit'), inside, after], '2025-09-20')!;
    expect([...c.overIds]).toEqual([after.id]);
    expect(c.status).toMatchObject({ basis: 'days', unit: '日', limit: 92, used: 107, exceeded: true, graceUntil: '2025-09-15' });
  });

  it('is near within nearDays of the planned end, and absent without a planned end', () => {
    expect(countDurationQuota(planA, eng, [], '2025-08-17')!.status.near).toBe(false);
    expect(countDurationQuota(planA, eng, [], '2025-08-18')!.status.near).toBe(true);
    expect(countDurationQuota(planA, { startDate: '2025-06-01', plannedEnd: null }, [])).toBeNull();
  });
});
