import { Button, Group, Text } from '@mantine/core';
import { IconNotebook, IconTemplate } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useContract } from '../api/query.ts';
import { useLastEngagement } from '../lib/lastEngagement.tsx';
import { paths } from '../routes.ts';

/** ホーム: 「続きから」 — the engagement last worked on, one click to its plan, log or visit mode. */
export function ResumeEngagement() {
  const id = useLastEngagement();
  const e = useContract('engagements.get', { id: id ?? '' }, { enabled: Boolean(id) }).data;
  if (!id || !e) return null;
  return (
    <Group gap={6} wrap="nowrap" data-testid="resume-engagement" data-id={id} style={{ minWidth: 0 }}>
      <Text size="sm" c="dimmed" style={{ flex: 'none' }}>
        続きから:
      </Text>
      <Text size="sm" fw={600} className="banso-eng-ellipsis" style={{ minWidth: 0 }} title={e.displayName}>
        {e.displayName}
      </Text>
      <Button component={Link} to={paths.plan(id)} size="compact-sm" variant="light" leftSection={<IconTemplate size={14} />} style={{ flex: 'none' }} data-testid="resume-plan">
        計画
      </Button>
      <Button component={Link} to={paths.log(id)} size="compact-sm" variant="light" leftSection={<IconNotebook size={14} />} style={{ flex: 'none' }} data-testid="resume-log">
        支援記録
      </Button>
    </Group>
  );
}
