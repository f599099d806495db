import { createHash } from 'node:crypto';
import type { BundleEntity } from '../../../shared/domain/bundle.ts';

/**
 * Canonical JSON: object keys sorted, undefined members left out (as JSON.stringify does), so
 * the same content hashes the same whatever the key order of the file or of a database row.
 * Recursive: callers bound the depth first (shared/domain/bundle.ts jsonDepth).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Bookkeeping that is not content: two machines' copies differ there without anyone editing. */
const NOT_CONTENT = new Set(['createdAt', 'updatedAt', 'origin']);

/**
 * The content of a bundle record: every field but the bookkeeping ones. Attached case ids are
 * a set (the order of attaching is not content).
 */
export function contentOf(entity: BundleEntity, record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!NOT_CONTENT.has(k)) out[k] = v;
  if (entity === 'engagement' && Array.isArray(out.caseIds)) out.caseIds = [...(out.caseIds as string[])].sort();
  return out;
}

/** The content hash a bundle carries for a record (64 hex digits). */
export function recordHash(entity: BundleEntity, record: object): string {
  return sha256(`${entity}\n${canonicalJson(contentOf(entity, record))}`);
}

/** The checksum of a bundle's data. */
export function dataChecksum(data: unknown): string {
  return sha256(canonicalJson(data));
}
