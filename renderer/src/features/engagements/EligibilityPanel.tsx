import { Badge, Box, Text } from '@mantine/core';
import { ELIGIBILITY_STATUSES, type EligibilityStatus } from '../../../../shared/domain/eligibility.ts';
import { useEligibility } from './store.ts';
import { LoadState } from '../../components/Loading.tsx';

const COLORS: Record<EligibilityStatus, string> = { eligible: 'teal', ineligible: 'gray', review: 'yellow' };

/** Each catalogue program for the selected client: 対象 / 対象外 / 要確認 with the reasons. */
export function EligibilityPanel({ clientId }: { clientId: string }) {
  const { items, error } = useEligibility(clientId);
  if (!items) return <LoadState ready={false} error={error} testId="eligibility" label="判定中…" />;
  const counts = { eligible: 0, ineligible: 0, review: 0 };
  for (const i of items) counts[i.status] += 1;
  return (
    <Box data-testid="eligibility" data-status="ready">
      <Text size="xs" c="dimmed" mb={6}>
        登録された情報からの目安です（対象 {counts.eligible}・要確認 {counts.review}・対象外 {counts.ineligible}）。分からない項目は「要確認」になります。
      </Text>
      {items.map((i) => (
        <Box key={i.program} className="banso-eng-elig" data-testid="eligibility-row" data-program={i.program} data-status={i.status}>
          <Badge color={COLORS[i.status]} variant={i.status === 'eligible' ? 'filled' : 'light'} w={58} style={{ flex: 'none' }}>
            {ELIGIBILITY_STATUSES[i.status]}
          </Badge>
          <Box miw={0}>
            <Text size="sm" fw={500} lh={1.35}>
              {i.name}
            </Text>
            {i.reasons.map((r, k) => (
              <Text key={k} size="xs" c="dimmed" lh={1.45}>
                {r}
              </Text>
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
