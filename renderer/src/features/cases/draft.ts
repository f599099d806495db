import {
  CASE_FIELDS,
  ORGANIZATION_TYPES,
  type Case,
  type CaseField,
  type CaseInputDraft,
  type OrganizationType,
} from '../../../../shared/domain/case.ts';
import { NATIONWIDE, PREFECTURES } from '../../../../shared/domain/prefectures.ts';

/** What the form edits: strings where people type, rows with stable keys. */
export interface OutcomeRow {
  key: number;
  label: string;
  value: string;
  unit: string;
}
export interface SourceRow {
  key: number;
  document: string;
  section: string;
}
export interface CaseDraft {
  title: string;
  summary: string;
  body: string;
  prefecture: string;
  municipality: string;
  organization: string;
  organizationType: string;
  fields: CaseField[];
  technologies: string[];
  programs: string[];
  tags: string[];
  fiscalYear: number | '';
  size: string;
  outcomes: OutcomeRow[];
  sources: SourceRow[];
}

/** Keys the form shows an error under. */
export const DRAFT_KEYS = [
  'title',
  'summary',
  'body',
  'prefecture',
  'municipality',
  'organization',
  'organizationType',
  'fields',
  'technologies',
  'programs',
  'tags',
  'fiscalYear',
  'size',
  'outcomes',
  'sources',
] as const satisfies readonly (keyof CaseDraft)[];

const ROW_FIELD = /^(outcomes\.\d+\.(label|value|unit)|sources\.\d+\.(document|section))$/;

export function isDraftErrorKey(key: string): boolean {
  return (DRAFT_KEYS as readonly string[]).includes(key) || ROW_FIELD.test(key);
}

let nextKey = 1;
export function rowKey(): number {
  return nextKey++;
}

type PrefectureValue = NonNullable<CaseInputDraft['prefecture']>;
export const PREFECTURE_OPTIONS: readonly string[] = [NATIONWIDE, ...PREFECTURES];

function isPrefectureValue(v: string): v is PrefectureValue {
  return v === '' || PREFECTURE_OPTIONS.includes(v);
}

function isOrganizationType(v: string): v is OrganizationType {
  return Object.prototype.hasOwnProperty.call(ORGANIZATION_TYPES, v);
}

export function isCaseFieldValue(v: string): v is CaseField {
  return (CASE_FIELDS as readonly string[]).includes(v);
}

export function emptyDraft(): CaseDraft {
  return {
    title: '',
    summary: '',
    body: '',
    prefecture: '',
    municipality: '',
    organization: '',
    organizationType: '',
    fields: [],
    technologies: [],
    programs: [],
    tags: [],
    fiscalYear: '',
    size: '',
    outcomes: [],
    sources: [],
  };
}

export function draftOf(c: Case): CaseDraft {
  return {
    title: c.title,
    summary: c.summary,
    body: c.body,
    prefecture: c.prefecture,
    municipality: c.municipality,
    organization: c.organization,
    organizationType: c.organizationType,
    fields: [...c.fields],
    technologies: [...c.technologies],
    programs: [...c.programs],
    tags: [...c.tags],
    fiscalYear: c.fiscalYear ?? '',
    size: c.size,
    outcomes: c.outcomes.map((o) => ({ key: rowKey(), ...o })),
    sources: c.sources.map((s) => ({ key: rowKey(), ...s })),
  };
}

const blank = (s: string) => s.trim() === '';
const emptyOutcome = (o: OutcomeRow) => blank(o.label) && blank(o.value) && blank(o.unit);
const emptySource = (s: SourceRow) => blank(s.document) && blank(s.section);

/** The draft without empty rows: what is sent, so error paths (outcomes.2.value) match the rows shown. */
export function compactDraft(d: CaseDraft): CaseDraft {
  const outcomes = d.outcomes.filter((o) => !emptyOutcome(o));
  const sources = d.sources.filter((s) => !emptySource(s));
  return outcomes.length === d.outcomes.length && sources.length === d.sources.length ? d : { ...d, outcomes, sources };
}

/** The input for cases.create / cases.update, from a compacted draft. */
export function inputOf(d: CaseDraft): CaseInputDraft {
  return {
    title: d.title.trim(),
    summary: d.summary,
    body: d.body,
    prefecture: isPrefectureValue(d.prefecture) ? d.prefecture : '',
    municipality: d.municipality.trim(),
    organization: d.organization.trim(),
    organizationType: isOrganizationType(d.organizationType) ? d.organizationType : '',
    fields: d.fields,
    technologies: d.technologies,
    programs: d.programs,
    tags: d.tags,
    fiscalYear: d.fiscalYear === '' ? null : d.fiscalYear,
    size: d.size.trim(),
    outcomes: d.outcomes.map(({ label, value, unit }) => ({ label: label.trim(), value: value.trim(), unit: unit.trim() })),
    sources: d.sources.map(({ document, section }) => ({ document: document.trim(), section: section.trim() })),
  };
}
