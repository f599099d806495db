import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';
import { appHandlers } from './app.ts';
import { backupHandlers } from './backup.ts';
import { bundleHandlers } from './bundles.ts';
import { caseHandlers } from './cases.ts';
import { docHandlers } from './docs.ts';
import { engagementHandlers } from './engagements.ts';
import { historyHandlers } from './history.ts';
import { planHandlers } from './plans.ts';
import { searchHandlers } from './search.ts';
import { securityHandlers } from './security.ts';
import { syncHandlers } from './sync.ts';

/**
 * One handler per contract method. `satisfies Handlers` makes a missing method
 * or an extra key a compile error; test/unit/contract.test.ts checks it at run time.
 */
export const handlers = {
  ...appHandlers,
  ...caseHandlers,
  ...engagementHandlers,
  ...historyHandlers,
  ...planHandlers,
  ...docHandlers,
  ...bundleHandlers,
  ...backupHandlers,
  ...searchHandlers,
  ...securityHandlers,
  ...syncHandlers,
} satisfies Handlers<CoreContext>;
