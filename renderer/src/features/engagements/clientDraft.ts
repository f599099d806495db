import { z } from 'zod';
import { ClientFieldsSchema, ContactSchema, type Client, type ClientKind } from '../../../../shared/domain/client.ts';
import type { Prepared } from '../../lib/autosave.ts';
import { check, checkNumber, checkRows } from '../../lib/check.ts';
import { numberText, rowKey } from '../../lib/format.ts';

export interface ContactRow {
  key: string;
  name: string;
  role: string;
  email: string;
  phone: string;
}

/** The client form's values: numbers as typed text, contacts as rows. */
export interface ClientDraft {
  name: string;
  kind: ClientKind;
  prefecture: string;
  population: string;
  fiscalStrength: string;
  employees: string;
  capitalYen: string;
  industry: string;
  notes: string;
  contacts: ContactRow[];
  /** [] = not known (null). */
  partnerMunicipalities: string[];
  previousPartnerMunicipalities: string;
}

export function emptyContact(): ContactRow {
  return { key: rowKey(), name: '', role: '', email: '', phone: '' };
}

export function clientDraftOf(c: Client): ClientDraft {
  return {
    name: c.name,
    kind: c.kind,
    prefecture: c.prefecture,
    population: numberText(c.population),
    fiscalStrength: numberText(c.fiscalStrength),
    employees: numberText(c.employees),
    capitalYen: numberText(c.capitalYen),
    industry: c.industry,
    notes: c.notes,
    contacts: c.contacts.map((x) => ({ key: rowKey(), name: x.name, role: x.role, email: x.email, phone: x.phone })),
    partnerMunicipalities: c.partnerMunicipalities ?? [],
    previousPartnerMunicipalities: numberText(c.previousPartnerMunicipalities),
  };
}

const shape = ClientFieldsSchema.shape;

const NUMBER_LABELS = {
  population: '人口',
  fiscalStrength: '財政力指数',
  employees: '職員数・従業員数',
  capitalYen: '資本金',
  previousPartnerMunicipalities: '前回の共同申請市町村数',
} as const;

function isNumberKey(k: string): k is keyof typeof NUMBER_LABELS {
  return Object.prototype.hasOwnProperty.call(NUMBER_LABELS, k);
}

export function isBlankContact(r: ContactRow): boolean {
  return !r.name.trim() && !r.role.trim() && !r.email.trim() && !r.phone.trim();
}

/** One field of the client form → what clients.update takes. */
export function prepareClientField(key: keyof ClientDraft, d: ClientDraft): Prepared {
  if (isNumberKey(key)) return checkNumber(shape[key], key, NUMBER_LABELS[key], d[key]);
  switch (key) {
    case 'contacts':
      return checkRows(z.array(ContactSchema).max(50, '担当者は50人までです。'), 'contacts', d.contacts, isBlankContact, (r) => ({
        name: r.name,
        role: r.role,
        email: r.email,
        phone: r.phone,
      }));
    case 'partnerMunicipalities':
      return check(shape.partnerMunicipalities, key, d.partnerMunicipalities.length > 0 ? d.partnerMunicipalities : null);
    default:
      return check(shape[key], key, d[key]);
  }
}
