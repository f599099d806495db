import { schemaResolver, useForm, type UseFormReturnType } from '@mantine/form';
import { z } from 'zod';
import { issueMessageJa } from '../../../shared/zod-ja.ts';
import { ApiError, errorMessage } from '../api/client.ts';

/**
 * Forms with a Save button: @mantine/form driven by the shared/ zod schemas (Mantine's own
 * Standard Schema resolver; zod 4 is one), so the form checks exactly what the core checks, with
 * the same Japanese messages (zod's defaults are Japanese in the renderer, see main.tsx). What the
 * core still refuses is spread over the same fields by applyApiError().
 */

/**
 * zod's message for an issue whose schema gives none, in Japanese (set in main.tsx with
 * z.config): a value not given at all is 「必須項目です。」, a choice not made 「選んでください。」
 * (rather than the list of codes it accepts).
 */
export function jaError(issue: z.core.$ZodRawIssue): string {
  if (issue.input === undefined || issue.input === null) return issue.code === 'invalid_value' ? '選んでください。' : '必須項目です。';
  return issueMessageJa(issue as unknown as z.core.$ZodIssue);
}

/**
 * A form over `initialValues` checked by `schema` after `toInput` (what the contract takes, e.g.
 * '' → null, trimmed text): the issue paths of the input are the fields' paths.
 */
export function useSchemaForm<V extends Record<string, unknown>>(initialValues: V, schema: z.ZodType, toInput: (values: V) => unknown = (v) => v) {
  return useForm<V>({ mode: 'controlled', initialValues, validate: schemaCheck(schema, toInput) });
}

/** The messages of `schema` for these values (after `toInput`), keyed by field path. */
export function schemaCheck<V>(schema: z.ZodType, toInput: (values: V) => unknown): (values: V) => Record<string, string> {
  const resolve = schemaResolver(
    z.preprocess((v) => toInput(v as V), schema),
    { sync: true },
  );
  return (values) => resolve(values) as Record<string, string>;
}

/**
 * Spread an error of the core over the fields it names: each issue goes to its field, or to the
 * nearest field the form has (outcomes.0.label → outcomes); a leading "patch" (cases.update,
 * clients.update) is dropped. What fits no field is the general message.
 */
export function fieldErrors(e: unknown, known: (key: string) => boolean): { fields: Record<string, string>; general: string | null } {
  const fields: Record<string, string> = {};
  if (e instanceof ApiError) {
    const unplaced: string[] = [];
    const add = (path: readonly (string | number)[] | undefined, message: string) => {
      const p = path && path[0] === 'patch' ? path.slice(1) : (path ?? []);
      for (let n = p.length; n > 0; n--) {
        const key = p.slice(0, n).join('.');
        if (known(key)) {
          fields[key] ??= message;
          return;
        }
      }
      unplaced.push(message);
    };
    for (const issue of e.issues ?? []) add(issue.path, issue.message);
    if (!e.issues || e.issues.length === 0 || (e.path && e.path.length > 0)) add(e.path, e.message);
    if (Object.keys(fields).length > 0) return { fields, general: unplaced.length > 0 ? [...new Set(unplaced)].join(' / ') : null };
  }
  return { fields, general: errorMessage(e) };
}

/** Put what the core refused beside its fields; returns the message that belongs to no field. */
export function applyApiError<V>(form: UseFormReturnType<V>, e: unknown, known: (key: string) => boolean = (k) => k in (form.getValues() as object)): string | null {
  const { fields, general } = fieldErrors(e, known);
  form.setErrors(fields);
  return general;
}

/**
 * The props of a Select bound to a form field whose values are a closed set: what the user picks
 * goes into the field only when `is` accepts it.
 */
export function selectProps<V, K extends keyof V & string, T extends V[K]>(form: UseFormReturnType<V>, key: K, is: (v: string | null) => v is T & string) {
  return {
    ...form.getInputProps(key),
    onChange: (v: string | null) => {
      if (is(v)) form.setFieldValue(key as never, v as never);
    },
  };
}
