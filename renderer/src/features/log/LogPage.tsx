import '../../components/records.css';

import { Anchor, Box, Button, Center, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { IconDownload, IconNotebook, IconPlus, IconWalk } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { EngagementSummary } from '../../../../shared/contract/index.ts';
import { localIsoDate } from '../../../../shared/domain/dates.ts';
import { Page } from '../../components/Page.tsx';
import { programShort, statusLabel, wareki } from '../../lib/format.ts';
import { QuotaMeter } from '../../components/QuotaMeter.tsx';
import { LogForm } from './LogForm.tsx';
import { LogList } from './LogList.tsx';
import { emptyLogDraft, logDraftOf } from './logDraft.ts';
import { ReportModal } from './ReportModal.tsx';
import { useLogData } from './data.ts';
import { useLog } from './store.ts';
import { paths } from '../../routes.ts';

const ORDER = { active: 0, preparing: 1, done: 2, cancelled: 3 } as const;

function optionLabel(e: EngagementSummary): string {
  const what = e.title ? `${programShort(e.program)}：${e.title}` : programShort(e.program);
  return `${e.clientName} — ${what}（${statusLabel(e.status)}）`;
}

function EngagementPicker() {
  const { options, engagementId } = useLogData();
  const navigate = useNavigate();
  const data = useMemo(
    () =>
      [...options]
        .sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.clientName.localeCompare(b.clientName, 'ja') || b.startDate.localeCompare(a.startDate))
        .map((e) => ({ value: e.id, label: optionLabel(e) })),
    [options],
  );
  return (
    <Select
      aria-label="案件"
      placeholder="案件を選ぶ（支援先名・事業で絞り込み）"
      data={data}
      value={engagementId}
      searchable
      nothingFoundMessage="一致する案件はありません"
      allowDeselect={false}
      w={460}
      data-testid="log-engagement"
      onChange={(v) => {
        if (v) void navigate(paths.log(v));
      }}
    />
  );
}

function RecentEngagements() {
  const { options, optionsStatus: status } = useLogData();
  const navigate = useNavigate();
  const open = options
    .filter((e) => e.status === 'active' || e.status === 'preparing')
    .sort((a, b) => (b.lastEntryDate ?? '').localeCompare(a.lastEntryDate ?? '') || b.startDate.localeCompare(a.startDate))
    .slice(0, 10);
  return (
    <Center h="100%" data-testid="log-empty">
      <Stack align="center" gap={8} maw={520}>
        <IconNotebook size={28} stroke={1.4} color="var(--mantine-color-gray-5)" />
        <Text c="dimmed" ta="center" size="sm">
          記録する案件を上で選びます。案件は「支援先・案件」で登録します。
        </Text>
        {status === 'ready' && options.length === 0 ? (
          <Anchor component={Link} to={paths.engagements()} size="sm">
            支援先・案件を開く
          </Anchor>
        ) : null}
        {open.length > 0 ? (
          <Stack gap={4} w="100%">
            <Text size="xs" c="dimmed">
              実施中・準備中の案件
            </Text>
            {open.map((e) => (
              <Button
                key={e.id}
                variant="default"
                justify="space-between"
                fullWidth
                data-testid="log-recent"
                rightSection={
                  <Text span size="xs" c="dimmed">
                    {e.lastEntryDate ? `最終 ${wareki(e.lastEntryDate)}` : '記録なし'}
                  </Text>
                }
                onClick={() => void navigate(paths.log(e.id))}
              >
                {e.clientName} — {programShort(e.program)}
              </Button>
            ))}
          </Stack>
        ) : null}
      </Stack>
    </Center>
  );
}

function FormPane() {
  const { engagement, entries, entriesStatus: status } = useLogData();
  const formKey = useLog((s) => s.formKey);
  const selectedId = useLog((s) => s.selectedId);
  if (!engagement || !formKey) {
    return (
      <Center h="100%" data-testid="log-form-empty">
        <Text c="dimmed" size="sm" ta="center">
          一覧から記録を選ぶか、「新規記録」で新しい記録を始めます。
        </Text>
      </Center>
    );
  }
  if (formKey.startsWith('new-')) {
    const lastMode = entries[0]?.mode ?? 'visit';
    return <LogForm key={formKey} formKey={formKey} engagement={engagement} entry={null} initial={emptyLogDraft(localIsoDate(new Date()), lastMode)} />;
  }
  const entry = entries.find((e) => e.id === selectedId);
  if (entry) return <LogForm key={formKey} formKey={formKey} engagement={engagement} entry={entry} initial={logDraftOf(entry)} />;
  if (status === 'loading') {
    return (
      <Center h="100%">
        <Loader size="sm" />
      </Center>
    );
  }
  return (
    <Center h="100%">
      <Text c="dimmed" size="sm">
        この記録は見つかりません。削除された可能性があります。
      </Text>
    </Center>
  );
}

/** 支援記録: pick an engagement, read its entries, write one (autosaved); the yearly CSV. */
export function LogPage() {
  const [params] = useSearchParams();
  const engagementParam = useParams().engagementId ?? null;
  const entryParam = params.get('entry');
  const sync = useLog((s) => s.sync);
  const { engagement, engagementId, error, entries } = useLogData();
  const newEntry = useLog((s) => s.newEntry);
  const [reportOpen, setReportOpen] = useState(false);
  const navigate = useNavigate();

  // The address is the selection (the data itself is read again on every visit by the cache).
  useEffect(() => {
    sync(engagementParam, entryParam);
  }, [sync, engagementParam, entryParam]);

  const minutes = entries.reduce((n, e) => n + e.minutes, 0);

  return (
    <Page
      name="log"
      title="支援記録"
      subtitle="訪問・オンライン・電話・メールの記録。入力は自動で保存されます。"
      actions={
        <Group gap={8} wrap="nowrap">
          {engagement ? (
            <Button component={Link} to={paths.visit(engagement.id)} leftSection={<IconWalk size={14} />} data-testid="visit-open">
              訪問モード
            </Button>
          ) : null}
          <Button variant="default" leftSection={<IconDownload size={14} />} data-testid="report-open" onClick={() => setReportOpen(true)}>
            年度のCSVを書き出す
          </Button>
        </Group>
      }
    >
      <Box style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0, gap: 8 }}>
        <Group gap="sm" wrap="nowrap" style={{ flex: 'none' }}>
          <EngagementPicker />
          {engagement ? (
            <Anchor component={Link} to={paths.engagements({ client: engagement.clientId, engagement: engagement.id })} size="sm" data-testid="log-open-engagement">
              案件を開く
            </Anchor>
          ) : null}
          {error ? (
            <Text size="sm" c="red.9">
              {error}
            </Text>
          ) : null}
        </Group>
        {engagementId ? (
          <Box style={{ display: 'flex', flex: 1, minHeight: 0 }}>
            <Box style={{ width: 392, flex: 'none', display: 'flex', flexDirection: 'column', minHeight: 0, gap: 8, paddingRight: 12 }}>
              {engagement ? <QuotaMeter quota={engagement.quota} program={engagement.program} /> : null}
              <Group justify="space-between" gap={6} wrap="nowrap">
                <Button
                  leftSection={<IconPlus size={14} />}
                  data-testid="log-new"
                  disabled={!engagement}
                  onClick={() => {
                    newEntry();
                    if (entryParam && engagementId) void navigate(paths.log(engagementId), { replace: true });
                  }}
                >
                  新規記録
                </Button>
                <Text size="xs" c="dimmed" data-testid="log-totals">
                  {entries.length}件 ・ 合計 {Math.floor(minutes / 60)}時間{minutes % 60 ? `${minutes % 60}分` : ''}
                </Text>
              </Group>
              <LogList />
            </Box>
            <Box className="banso-eng-col banso-eng-scroll banso-eng-col-last" component="section" aria-label="記録の内容">
              <FormPane />
            </Box>
          </Box>
        ) : (
          <RecentEngagements />
        )}
      </Box>
      <ReportModal opened={reportOpen} onClose={() => setReportOpen(false)} />
    </Page>
  );
}
