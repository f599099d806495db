import { ApiError, errorMessage } from '../../api/client.ts';

/** Field messages keyed by path ("title", "outcomes.0.label"), plus what belongs to no field. */
export interface FormErrors {
  fields: Record<string, string>;
  general: string | null;
}

/** cases.update reports paths under "patch"; the form knows fields only. */
function fieldKey(path: readonly (string | number)[] | undefined, prefix?: string): string | null {
  if (!path || path.length === 0) return null;
  const rest = prefix !== undefined && path[0] === prefix ? path.slice(1) : path;
  return rest.length > 0 ? rest.join('.') : null;
}

/**
 * Spread an ApiError over the fields it names. `known(key)` says whether the
 * form shows a field for a key; anything else becomes the general message.
 */
export function toFormErrors(e: unknown, known: (key: string) => boolean, prefix?: string): FormErrors {
  const fields: Record<string, string> = {};
  if (e instanceof ApiError) {
    const add = (path: readonly (string | number)[] | undefined, message: string) => {
      const key = fieldKey(path, prefix);
      if (key === null) return false;
      // Show it on the field, or on the nearest field the form has (outcomes.0.label → outcomes).
      const parts = key.split('.');
      for (let n = parts.length; n > 0; n--) {
        const k = parts.slice(0, n).join('.');
        if (known(k)) {
          fields[k] ??= message;
          return true;
        }
      }
      return false;
    };
    const unplaced: string[] = [];
    let placed = false;
    for (const issue of e.issues ?? []) {
      if (add(issue.path, issue.message)) placed = true;
      else unplaced.push(issue.message);
    }
    if (add(e.path, e.message)) placed = true;
    if (placed) return { fields, general: unplaced.length > 0 ? unplaced.join(' / ') : null };
  }
  return { fields, general: errorMessage(e) };
}
