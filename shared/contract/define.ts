import type { z } from 'zod';

/** One method of the API: a zod schema for what goes in and one for what comes out. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** true when the method changes data (used by faces for logging and by tests). */
  mutates: boolean;
  /** Japanese one-line description, shown in the CLI help and the API listing. */
  summary: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O>): MethodDef<I, O> {
  return def;
}
