// A child process for the autosave durability test (test/integration/autosave-kill.test.ts):
// opens the core on a data folder and applies field updates one after another, as the UI's
// autosave does, printing "saved k" only after update k has been committed. The parent kills
// it with SIGKILL at some point and checks that every printed save survived.
//
// node test/helpers/autosave-child.ts DATA_DIR CLIENT_ID ENGAGEMENT_ID ENTRY_ID N
import { createCore } from '../../electron/core/index.ts';

const [dataDir, clientId, engagementId, entryId, n] = process.argv.slice(2) as [string, string, string, string, string];
const core = await createCore({ dataDir, loadSeeds: false });
for (let k = 1; k <= Number(n); k++) {
  if (k % 3 === 0) await core.call('clients.update', { id: clientId, patch: { notes: `client ${k}` } });
  else if (k % 3 === 1) await core.call('engagements.update', { id: engagementId, patch: { notes: `engagement ${k}` } });
  else await core.call('log.update', { id: entryId, patch: { notes: `entry ${k}`, minutes: (k % 1440) + 1 } });
  process.stdout.write(`saved ${k}\n`);
}
core.close();
