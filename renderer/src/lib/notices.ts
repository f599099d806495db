import { setCached, useContract, useWrite } from '../api/query.ts';

/** A notice can arrive while the window is open (an automatic backup that failed): ask every minute. */
const POLL_MS = 60_000;

/**
 * What the core has to tell the user (recovery at start, a restore, read-only, a failed backup),
 * and closing one. The list stays until the user closes each notice.
 */
export function useNotices() {
  const list = useContract('notices.list', {}, { refetchInterval: POLL_MS });
  const dismiss = useWrite('notices.dismiss');
  return {
    items: list.data?.items ?? [],
    error: dismiss.error ? dismiss.error.message : null,
    dismiss: (id: string) => {
      dismiss.mutate(
        { id },
        {
          onSuccess: (r) => {
            setCached('notices.list', {}, () => r);
          },
        },
      );
    },
  };
}
