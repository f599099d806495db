import type { z } from 'zod';
import { appMethods } from './app.ts';
import { bundlesMethods } from './bundles.ts';
import { backupMethods } from './backup.ts';
import { casesMethods } from './cases.ts';
import type { MethodDef } from './define.ts';
import { docsMethods } from './docs.ts';
import { engagementsMethods } from './engagements.ts';
import { noticesMethods } from './notices.ts';
import { plansMethods } from './plans.ts';
import { searchMethods } from './search.ts';
import { securityMethods } from './security.ts';
import { syncMethods } from './sync.ts';

/**
 * The one API contract. Every face (desktop IPC, browser-mode HTTP, CLI) speaks
 * exactly these methods; the core binds one handler to each (see
 * electron/core/handlers/index.ts, checked by the compiler and by a test).
 */
export const contract = {
  ...appMethods,
  ...casesMethods,
  ...engagementsMethods,
  ...plansMethods,
  ...docsMethods,
  ...bundlesMethods,
  ...backupMethods,
  ...noticesMethods,
  ...searchMethods,
  ...securityMethods,
  ...syncMethods,
} satisfies Record<string, MethodDef>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller passes (before zod defaults and transforms). */
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives (after zod parsing). */
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
/** What a handler returns and a caller receives. */
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export { type MethodDef } from './define.ts';
export * from './app.ts';
export * from './cases.ts';
export * from './engagements.ts';
export * from './plans.ts';
export * from './docs.ts';
export * from './bundles.ts';
export * from './backup.ts';
export * from './sync.ts';
export * from './notices.ts';
export * from './search.ts';
export * from './security.ts';
