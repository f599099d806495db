import { ActionIcon, Anchor, Box, Button, Group, Select, Text, Title, Tooltip } from '@mantine/core';
import { IconBriefcase, IconPaperclip, IconX } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { EngagementSummary } from '../../../shared/contract/index.ts';
import { useContract, writeAndRefresh } from '../api/query.ts';
import { notify, notifyFailure } from '../lib/notify.tsx';
import { programShort, statusLabel } from '../lib/format.ts';
import { paths } from '../routes.ts';

const ORDER = { active: 0, preparing: 1, done: 2, cancelled: 3 } as const;

interface Attached {
  id: string;
  name: string;
}

function label(e: EngagementSummary): string {
  return `${e.clientName} — ${e.title ? `${programShort(e.program)}：${e.title}` : programShort(e.program)}（${statusLabel(e.status)}）`;
}

/** 「案件に添付」 in the case detail of 事例ライブラリ: pick an engagement and attach the case to it. */
export function AttachCase({ caseId }: { caseId: string }) {
  const all = useContract('engagements.list', {});
  const withCase = useContract('engagements.list', { caseId });
  const options = useMemo(
    () => (all.data ? [...all.data.items].sort((a, b) => ORDER[a.status] - ORDER[b.status] || b.updatedAt.localeCompare(a.updatedAt)) : all.isError ? [] : null),
    [all.data, all.isError],
  );
  const attached: Attached[] = (withCase.data?.items ?? []).map((v) => ({ id: v.id, name: v.displayName }));
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const data = useMemo(
    () => (options ?? []).filter((e) => !attached.some((a) => a.id === e.id)).map((e) => ({ value: e.id, label: label(e) })),
    [options, attached],
  );

  const attach = async () => {
    if (!value) return;
    setBusy(true);
    try {
      // The list of attached engagements is read again before the button is free.
      const v = await writeAndRefresh('engagements.attachCase', { id: value, caseId });
      setValue(null);
      notify({ tone: 'ok', text: `「${v.displayName}」に添付しました` });
    } catch (e) {
      notifyFailure('添付できませんでした', e);
    } finally {
      setBusy(false);
    }
  };

  const detach = async (id: string) => {
    try {
      const v = await writeAndRefresh('engagements.detachCase', { id, caseId });
      notify({ tone: 'ok', text: `「${v.displayName}」から外しました` });
    } catch (e) {
      notifyFailure('外せませんでした', e);
    }
  };

  return (
    <Box component="section" aria-label="案件に添付" data-testid="attach-case" data-attached={attached.length}>
      <Title order={3} size="h4" mb={4} c="gray.8">
        案件に添付
      </Title>
      {options !== null && options.length === 0 ? (
        <Text size="xs" c="dimmed">
          案件がまだありません。
          <Anchor component={Link} to={paths.engagements()} size="xs">
            支援先・案件
          </Anchor>
          で登録すると、ここから事例を添付できます。
        </Text>
      ) : (
        <Group gap={6} wrap="nowrap">
          <Select
            aria-label="添付する案件"
            placeholder={options === null ? '読み込み中…' : '案件を選ぶ'}
            data={data}
            value={value}
            searchable
            size="xs"
            nothingFoundMessage="一致する案件はありません"
            style={{ flex: 1, minWidth: 0 }}
            data-testid="attach-case-select"
            onChange={setValue}
          />
          <Button size="xs" variant="light" leftSection={<IconPaperclip size={13} />} disabled={!value} loading={busy} data-testid="attach-case-submit" onClick={() => void attach()}>
            添付
          </Button>
        </Group>
      )}
      {attached.length > 0 ? (
        <Box mt={4}>
          {attached.map((a) => (
            <Group key={a.id} gap={6} wrap="nowrap" py={1} data-testid="attach-case-item" data-id={a.id}>
              <IconBriefcase size={13} color="var(--mantine-color-gray-6)" style={{ flex: 'none' }} />
              <Anchor component={Link} to={paths.engagements({ engagement: a.id })} size="sm" className="banso-case-line" style={{ flex: 1, minWidth: 0 }}>
                {a.name}
              </Anchor>
              <Tooltip label="この案件から外す">
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label="外す" data-testid="attach-case-detach" onClick={() => void detach(a.id)}>
                  <IconX size={13} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
