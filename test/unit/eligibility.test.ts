import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClientKind } from '../../shared/domain/client.ts';
import { ELIGIBLE_DEFAULT_REASON, evaluateEligibility, evaluateProgram, evaluateRule, formatYen, type EligibilityFacts } from '../../shared/domain/eligibility.ts';
import { EligibilityRuleSchema, ProgramCatalogueSchema, type CatalogueProgram, type CatalogueProgramCode } from '../../shared/domain/program.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

const catalogue = ProgramCatalogueSchema.parse(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'seeds/programs/programs.json'), 'utf8')));

const base: EligibilityFacts = {
  kind: 'municipality',
  prefecture: '徳島県',
  fiscalStrength: 0.3,
  capitalYen: null,
  population: 5000,
  employees: null,
  partnerMunicipalities: null,
  previousPartnerMunicipalities: null,
};

function check(code: CatalogueProgramCode, facts: Partial<EligibilityFacts>) {
  const p = catalogue.programs.find((x) => x.code === code)!;
  return evaluateProgram(p, { ...base, ...facts });
}

describe('plan-support (計画策定支援)', () => {
  it('財政力指数 ≥ 1 excludes a local government; below 1 is eligible', () => {
    const at1 = check('plan-support', { fiscalStrength: 1 });
    expect(at1.status).toBe('ineligible');
    expect(at1.reasons.join()).toMatch(/財政力指数が1で、1以上の団体は対象外/);
    expect(check('plan-support', { fiscalStrength: 1.35 }).status).toBe('ineligible');
    const below = check('plan-support', { fiscalStrength: 0.99 });
    expect(below).toMatchObject({ status: 'eligible', reasons: ['財政力指数は0.99で、1未満です。'] });
  });

  it('a missing 財政力指数 gives review, never a guess', () => {
    const r = check('plan-support', { fiscalStrength: null });
    expect(r.status).toBe('review');
    expect(r.reasons.join()).toMatch(/財政力指数が入力されていない/);
  });

  it('non-government applicants must be gov-funded-corp or nonprofit', () => {
    for (const kind of ['company', 'other'] as ClientKind[]) {
      const r = check('plan-support', { kind, fiscalStrength: 0.2 });
      expect(r.status, kind).toBe('ineligible');
      expect(r.reasons.join()).toMatch(/自治体出資法人と非営利法人だけ/);
    }
    expect(check('plan-support', { kind: 'gov-funded-corp', fiscalStrength: 0.4 }).status).toBe('eligible');
    expect(check('plan-support', { kind: 'nonprofit', fiscalStrength: 0.4 }).status).toBe('eligible');
    // For them the index is the one of the area they work in: ≥ 1 excludes, unknown asks for review.
    expect(check('plan-support', { kind: 'nonprofit', fiscalStrength: 1.1 }).status).toBe('ineligible');
    expect(check('plan-support', { kind: 'gov-funded-corp', fiscalStrength: null }).status).toBe('review');
    // A company is ineligible whatever its numbers: no "unknown" reason is added.
    expect(check('plan-support', { kind: 'company', fiscalStrength: null }).reasons).toHaveLength(1);
  });
});

describe('system-building (推進体制構築支援)', () => {
  it('is for prefectures only', () => {
    for (const kind of ['municipality', 'designated-city', 'company', 'nonprofit'] as ClientKind[]) {
      const r = check('system-building', { kind, partnerMunicipalities: ['神山町'] });
      expect(r.status, kind).toBe('ineligible');
      expect(r.reasons.join()).toMatch(/都道府県が市町村と連携して申請/);
    }
  });

  it('needs at least one municipality applying with the prefecture; unknown partners give review', () => {
    expect(check('system-building', { kind: 'prefecture', partnerMunicipalities: null }).status).toBe('review');
    const none = check('system-building', { kind: 'prefecture', partnerMunicipalities: [] });
    expect(none.status).toBe('ineligible');
    expect(none.reasons.join()).toMatch(/0団体です（1団体以上が必要/);
    expect(check('system-building', { kind: 'prefecture', partnerMunicipalities: ['神山町'] }).status).toBe('eligible');
  });

  it('a prefecture selected before needs one municipality more than last time', () => {
    expect(check('system-building', { kind: 'prefecture', previousPartnerMunicipalities: 2, partnerMunicipalities: ['a', 'b'] }).status).toBe('ineligible');
    expect(check('system-building', { kind: 'prefecture', previousPartnerMunicipalities: 2, partnerMunicipalities: ['a', 'b', 'c'] }).status).toBe('eligible');
  });
});

describe('satellite-office and iot exclusions', () => {
  it('satellite-office excludes prefectures, designated cities, special wards and core cities', () => {
    for (const kind of ['prefecture', 'designated-city', 'special-ward', 'core-city'] as ClientKind[]) {
      const r = check('satellite-office', { kind });
      expect(r.status, kind).toBe('ineligible');
      expect(r.reasons.join()).toMatch(/対象外/);
    }
    expect(check('satellite-office', { kind: 'municipality' }).status).toBe('eligible');
    expect(check('satellite-office', { kind: 'company' }).status).toBe('review'); // only in a consortium with a municipality
  });

  it('iot excludes prefectures and designated cities, but not core cities or special wards', () => {
    expect(check('iot', { kind: 'prefecture' }).status).toBe('ineligible');
    expect(check('iot', { kind: 'designated-city' }).status).toBe('ineligible');
    expect(check('iot', { kind: 'core-city' }).status).toBe('eligible');
    expect(check('iot', { kind: 'special-ward' }).status).toBe('eligible');
    expect(check('iot', { kind: 'municipality' }).status).toBe('eligible');
    expect(check('iot', { kind: 'company' }).status).toBe('ineligible');
  });
});

describe('overseas (海外展開 地方枠)', () => {
  it('needs a company with capital ≤ 1億円; unknown capital gives review', () => {
    const ok = check('overseas', { kind: 'company', capitalYen: 100_000_000 });
    expect(ok).toMatchObject({ status: 'eligible', reasons: ['資本金は1億円で、1億円以下です。'] });
    const big = check('overseas', { kind: 'company', capitalYen: 100_000_001 });
    expect(big.status).toBe('ineligible');
    expect(big.reasons.join()).toMatch(/1億円を超えています/);
    const unknown = check('overseas', { kind: 'company', capitalYen: null });
    expect(unknown.status).toBe('review');
    expect(unknown.reasons.join()).toMatch(/資本金が入力されていない/);
    expect(check('overseas', { kind: 'nonprofit', capitalYen: 1_000_000 }).status).toBe('ineligible');
    expect(check('overseas', { kind: 'municipality' }).status).toBe('ineligible');
  });
});

describe('the other programs', () => {
  it('telework-grant is for local governments, and Tokyo-area bodies need review', () => {
    expect(check('telework-grant', {}).status).toBe('eligible');
    expect(check('telework-grant', { prefecture: '神奈川県' }).status).toBe('review');
    expect(check('telework-grant', { kind: 'company' }).status).toBe('ineligible');
  });

  it('advisor asks for review of the recommendation for NPOs and firms', () => {
    expect(check('advisor', {}).status).toBe('eligible');
    expect(check('advisor', { kind: 'nonprofit' }).status).toBe('review');
    expect(check('advisor', { kind: 'company' }).reasons.join()).toMatch(/推薦/);
  });

  it('every program of the catalogue gets a status and at least one Japanese reason for every kind', () => {
    for (const kind of Object.keys({ prefecture: 1, 'designated-city': 1, 'core-city': 1, 'special-ward': 1, municipality: 1, association: 1, 'gov-funded-corp': 1, nonprofit: 1, company: 1, other: 1 }) as ClientKind[]) {
      const all = evaluateEligibility(catalogue, { ...base, kind, fiscalStrength: null, capitalYen: null });
      expect(all.map((r) => r.program)).toEqual(catalogue.programs.map((p) => p.code));
      for (const r of all) {
        expect(['eligible', 'ineligible', 'review']).toContain(r.status);
        expect(r.reasons.length).toBeGreaterThan(0);
        for (const reason of r.reasons) expect(reason).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        expect(r.reasons.join(' ')).not.toMatch(/\{\w+\}/); // every placeholder filled
      }
    }
  });
});

describe('rules as data', () => {
  const program = (rules: unknown[]): CatalogueProgram =>
    ({ code: 'telework', number: '', name: 't', shortName: 't', description: 'd', applicants: 'a', funding: { form: 'free-support', rate: null, capYen: null, summary: 's', details: [], covers: 'total', coversNote: '' }, engagementPrograms: [], eligibility: rules.map((r) => EligibilityRuleSchema.parse(r)) }) as CatalogueProgram;

  it('validates rules with zod and refuses unknown types, kinds and fields', () => {
    expect(EligibilityRuleSchema.safeParse({ type: 'kindIn', kinds: ['municipality'], reason: 'x' }).success).toBe(true);
    expect(EligibilityRuleSchema.safeParse({ type: 'guess', reason: 'x' }).success).toBe(false);
    expect(EligibilityRuleSchema.safeParse({ type: 'kindIn', kinds: ['village'], reason: 'x' }).success).toBe(false);
    expect(EligibilityRuleSchema.safeParse({ type: 'number', field: 'mood', op: 'lt', value: 1, reason: 'x', unknownReason: 'y' }).success).toBe(false);
    expect(EligibilityRuleSchema.safeParse({ type: 'number', field: 'population', op: 'lt', value: 1, reason: 'x' }).success).toBe(false); // unknownReason required
  });

  it('evaluates each rule type, appliesTo, onFail and the {value}/{kind}/{required} templates', () => {
    const r = (rule: unknown, facts: Partial<EligibilityFacts> = {}) => evaluateRule(EligibilityRuleSchema.parse(rule), { ...base, ...facts });
    expect(r({ type: 'kindIn', kinds: ['prefecture'], reason: '{kind}は不可' })).toEqual({ result: 'fail', severity: 'ineligible', reason: 'その他の市町村は不可' });
    expect(r({ type: 'kindNotIn', kinds: ['prefecture'], reason: 'x', passReason: 'ok {kind}' })).toEqual({ result: 'pass', reason: 'ok その他の市町村' });
    expect(r({ type: 'kindIn', kinds: ['prefecture'], reason: 'x', appliesTo: ['company'] })).toEqual({ result: 'skip' });
    expect(r({ type: 'kindIn', kinds: ['prefecture'], reason: 'x', onFail: 'review' })).toMatchObject({ severity: 'review' });
    const num = { type: 'number', field: 'population', op: 'gte', value: 10_000, reason: '人口{value}人', unknownReason: '不明' };
    expect(r(num)).toEqual({ result: 'fail', severity: 'ineligible', reason: '人口5,000人' });
    expect(r(num, { population: 10_000 })).toMatchObject({ result: 'pass' });
    expect(r(num, { population: null })).toEqual({ result: 'fail', severity: 'review', reason: '不明' });
    expect(r({ ...num, op: 'gt', value: 5000 })).toMatchObject({ result: 'fail' });
    expect(r({ ...num, op: 'lte', value: 5000 })).toMatchObject({ result: 'pass' });
    expect(r({ ...num, op: 'lt', value: 5000 })).toMatchObject({ result: 'fail' });
    const partners = { type: 'partners', reason: '{value}/{required}', unknownReason: '?' };
    expect(r(partners, { partnerMunicipalities: ['a'], previousPartnerMunicipalities: 1 })).toEqual({ result: 'fail', severity: 'ineligible', reason: '1/2' });
    expect(r({ type: 'prefectureNotIn', prefectures: ['徳島県'], reason: '{value}', onFail: 'review' })).toEqual({ result: 'fail', severity: 'review', reason: '徳島県' });
    expect(r({ type: 'confirm', reason: '確認' })).toEqual({ result: 'fail', severity: 'review', reason: '確認' });
  });

  it('ineligible wins over review, review over eligible; eligible without pass reasons says so in general words', () => {
    const mixed = program([
      { type: 'confirm', reason: '確認して' },
      { type: 'kindIn', kinds: ['prefecture'], reason: '都道府県のみ' },
    ]);
    expect(evaluateProgram(mixed, base)).toMatchObject({ status: 'ineligible', reasons: ['都道府県のみ'] });
    expect(evaluateProgram(program([{ type: 'confirm', reason: '確認して' }]), base)).toMatchObject({ status: 'review', reasons: ['確認して'] });
    expect(evaluateProgram(program([]), base)).toMatchObject({ status: 'eligible', reasons: [ELIGIBLE_DEFAULT_REASON] });
  });

  it('formats yen the Japanese way', () => {
    expect(formatYen(100_000_000)).toBe('1億円');
    expect(formatYen(150_000_000)).toBe('1億5,000万円');
    expect(formatYen(20_000_000)).toBe('2,000万円');
    expect(formatYen(1500)).toBe('1,500円');
  });
});
