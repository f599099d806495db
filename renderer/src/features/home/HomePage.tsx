import '../../components/records.css';

import { Alert, Anchor, Badge, Box, Button, Checkbox, Group, Paper, ScrollArea, SimpleGrid, Text, Title } from '@mantine/core';
import { IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Dashboard } from '../../../../shared/contract/index.ts';
import { ENGAGEMENT_STATUS_CODES } from '../../../../shared/domain/engagement.ts';
import { face } from '../../api/client.ts';
import { Page } from '../../components/Page.tsx';
import { localIsoDate } from '../../../../shared/domain/dates.ts';
import { useContract, writeAndRefresh } from '../../api/query.ts';
import { useAppInfo, useFormatDate, useSettings } from '../../lib/appInfo.ts';
import { notify, notifyFailure } from '../../lib/notify.tsx';
import { datesIn, fiscalYearShort, formatNumber, programShort, slashDate, STATUS_COLORS, statusLabel, weekday } from '../../lib/format.ts';
import { LEVEL_COLORS } from '../../components/QuotaMeter.tsx';
import { Loading } from '../../components/Loading.tsx';
import { paths } from '../../routes.ts';
import { ResumeEngagement } from '../../components/ResumeEngagement.tsx';

/** The chart library loads after the first screen (its own chunk). */
const MonthlyBars = lazy(() => import('./MonthlyBars.tsx').then((m) => ({ default: m.MonthlyBars })));

/** Japanese labels of the domain tables, in display order. */
const COUNT_LABELS: readonly (readonly [key: string, label: string])[] = [
  ['cases', '事例'],
  ['clients', '支援先'],
  ['engagements', '案件'],
  ['plans', '計画'],
  ['logEntries', '支援記録'],
  ['historyEntries', '変更履歴'],
];

function countRows(counts: Record<string, number>): { key: string; label: string; value: number }[] {
  const rows: { key: string; label: string; value: number }[] = [];
  for (const [key, label] of COUNT_LABELS) {
    const value = counts[key];
    if (value !== undefined) rows.push({ key, label, value });
  }
  return rows;
}

function Card({ title, extra, children, testId, grow }: { title: string; extra?: ReactNode; children: ReactNode; testId?: string; grow?: boolean }) {
  return (
    <Paper withBorder p="sm" component="section" aria-label={title} data-testid={testId} style={grow ? { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' } : undefined}>
      <Group justify="space-between" gap={6} mb={6} wrap="nowrap">
        <Title order={2} size="h4">
          {title}
        </Title>
        {extra}
      </Group>
      {children}
    </Paper>
  );
}

type Action = Dashboard['nextActions'][number];

function NextActions({ d }: { d: Dashboard }) {
  // Actions being marked done: hidden at once, back if the save fails.
  const [settling, setSettling] = useState<ReadonlySet<string>>(new Set());
  const mark = (id: string, on: boolean) =>
    setSettling((cur) => {
      const next = new Set(cur);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const setDone = async (action: Action, done: boolean) => {
    mark(action.actionId, true);
    try {
      await writeAndRefresh('log.setActionDone', { entryId: action.entryId, actionId: action.actionId, done });
      if (done) {
        notify({
          tone: 'ok',
          text: `「${action.task}」を完了にしました`,
          action: { label: '元に戻す', run: () => setDone(action, false) },
        });
      }
    } catch (e) {
      notifyFailure('変更できませんでした', e);
    } finally {
      mark(action.actionId, false);
    }
  };
  const shown = d.nextActions.filter((a) => !settling.has(a.actionId));
  return (
    <Card
      title="次のアクション"
      testId="dashboard-actions"
      grow
      extra={
        <Text size="xs" c="dimmed" data-testid="dashboard-actions-total" data-total={d.nextActionsTotal} data-overdue={d.overdueTotal}>
          未完了 {formatNumber(d.nextActionsTotal)}件
          {d.overdueTotal > 0 ? (
            <Text span size="xs" c="red.9" fw={600}>
              {' '}
              ・ 期限切れ {formatNumber(d.overdueTotal)}件
            </Text>
          ) : null}
        </Text>
      }
    >
      {shown.length === 0 ? (
        <Text size="xs" c="dimmed">
          未完了の次のアクションはありません。支援記録の「次のアクション」に書くと、期限順にここへ並びます。
        </Text>
      ) : (
        <ScrollArea.Autosize mah={290} type="auto" offsetScrollbars>
          {shown.map((a) => (
            <Box
              key={a.actionId}
              className="banso-home-action"
              data-testid="dashboard-action"
              data-id={a.actionId}
              data-overdue={a.overdue || undefined}
            >
              <Checkbox
                size="xs"
                mt={3}
                aria-label={`「${a.task}」を完了にする`}
                data-testid="dashboard-action-done"
                checked={false}
                onChange={() => void setDone(a, true)}
              />
              <Box miw={0}>
                <Text size="sm" fw={500} lh={1.4} className="banso-eng-ellipsis" title={a.task}>
                  {a.task}
                </Text>
                <Text size="xs" c="dimmed" className="banso-eng-ellipsis">
                  <Anchor component={Link} to={paths.log(a.engagementId, a.entryId)} size="xs" c="dimmed" underline="hover">
                    {a.clientName} ・ {programShort(a.program)} ・ {slashDate(a.entryDate)}の記録
                  </Anchor>
                  {a.owner ? ` ・ 担当 ${a.owner}` : ''}
                </Text>
              </Box>
              <Text
                size="xs"
                ta="right"
                fw={a.overdue ? 700 : 400}
                c={a.overdue ? 'red.9' : a.due ? 'gray.8' : 'dimmed'}
                style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
                data-testid="dashboard-action-due"
              >
                {a.due ? `${slashDate(a.due)}（${weekday(a.due)}）` : '期限なし'}
                {a.overdue ? (
                  <Text span size="xs" c="red.9" fw={700} display="block">
                    期限切れ
                  </Text>
                ) : null}
              </Text>
            </Box>
          ))}
        </ScrollArea.Autosize>
      )}
    </Card>
  );
}

function StatusCounts({ d }: { d: Dashboard }) {
  const total = ENGAGEMENT_STATUS_CODES.reduce((n, s) => n + d.statusCounts[s], 0);
  return (
    <Card
      title="案件の状態"
      testId="dashboard-status"
      extra={
        <Anchor component={Link} to={paths.engagements()} size="xs">
          全{formatNumber(total)}件を見る
        </Anchor>
      }
    >
      <SimpleGrid cols={4} spacing={6}>
        {ENGAGEMENT_STATUS_CODES.map((s) => (
          <Box key={s} className="banso-home-stat" data-testid="status-count" data-status={s} data-count={d.statusCounts[s]}>
            <Badge color={STATUS_COLORS[s]} variant="light">
              {statusLabel(s)}
            </Badge>
            <Text fw={700} size="xl" lh={1.2} mt={2} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatNumber(d.statusCounts[s])}
              <Text span size="xs" fw={400} c="dimmed" ml={2}>
                件
              </Text>
            </Text>
          </Box>
        ))}
      </SimpleGrid>
    </Card>
  );
}

function MonthlyChart({ d }: { d: Dashboard }) {
  const data = useMemo(() => d.monthly.map((m) => ({ label: `${Number(m.month.slice(5, 7))}月`, hours: m.hours, visits: m.visits })), [d.monthly]);
  const first = d.monthly[0]?.month ?? '';
  const last = d.monthly[d.monthly.length - 1]?.month ?? '';
  const span = first && last ? `${fiscalYearShort(d.fiscalYear)}（${first.slice(0, 4)}年${Number(first.slice(5, 7))}月〜${last.slice(0, 4)}年${Number(last.slice(5, 7))}月）` : '';
  const totals = d.monthly.reduce((t, m) => ({ entries: t.entries + m.entries, minutes: t.minutes + m.minutes, visits: t.visits + m.visits }), { entries: 0, minutes: 0, visits: 0 });
  const hours = Math.round((totals.minutes / 60) * 10) / 10;
  return (
    <Card
      title="月別の支援時間と訪問"
      testId="dashboard-chart"
      extra={
        <Text size="xs" c="dimmed" data-testid="dashboard-chart-totals">
          {span} ・ 記録 {formatNumber(totals.entries)}件 ・ {hours}時間 ・ 訪問 {formatNumber(totals.visits)}回
        </Text>
      }
    >
      <Box data-testid="dashboard-chart-data" data-entries={totals.entries} data-minutes={totals.minutes} data-visits={totals.visits}>
        <Suspense fallback={<Box h={176} />}>
          <MonthlyBars data={data} />
        </Suspense>
      </Box>
    </Card>
  );
}

function QuotaWarnings({ d }: { d: Dashboard }) {
  return (
    <Card
      title="上限の注意"
      testId="dashboard-quota"
      extra={
        <Text size="xs" c="dimmed">
          {d.quotaWarnings.length > 0 ? `${d.quotaWarnings.length}件` : ''}
        </Text>
      }
    >
      {d.quotaWarnings.length === 0 ? (
        <Text size="xs" c="dimmed">
          上限に近い・超えた支援先や、予定期間の終わりが近い案件はありません。
        </Text>
      ) : (
        <ScrollArea.Autosize mah={150} type="auto" offsetScrollbars>
          {d.quotaWarnings.map((w) => (
            <Group key={`${w.engagementId}-${w.quota.type}`} gap={8} wrap="nowrap" align="flex-start" py={3} data-testid="dashboard-quota-row" data-level={w.level} data-client={w.clientId}>
              <Badge color={LEVEL_COLORS[w.level]} variant={w.level === 'over' ? 'filled' : 'light'} w={52} style={{ flex: 'none' }}>
                {w.level === 'over' ? '超過' : 'もうすぐ'}
              </Badge>
              <Box miw={0}>
                <Anchor component={Link} to={paths.engagements({ client: w.clientId, engagement: w.engagementId })} size="sm" fw={500}>
                  {w.engagementName}
                </Anchor>
                <Text size="xs" c={w.level === 'over' ? 'red.9' : 'dimmed'}>
                  {datesIn(w.quota.message)}
                </Text>
              </Box>
            </Group>
          ))}
        </ScrollArea.Autosize>
      )}
    </Card>
  );
}

export function HomePage() {
  // Counts and the dashboard change as data is added: read again on every visit (the cache's default).
  const appInfo = useAppInfo();
  const info = appInfo.data;
  const settings = useSettings().data;
  const board = useContract('dashboard.get', {});
  const dashboard = board.data;
  const status = board.isFetching ? 'loading' : board.status;

  const today = useFormatDate()(localIsoDate(new Date()), { weekday: true });
  const name = settings?.advisorName.trim();
  const rows = useMemo(() => (info ? countRows(info.counts) : []), [info]);

  return (
    <Page
      name="home"
      title="ホーム"
      subtitle={today}
      actions={
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconRefresh size={14} />}
          loading={status === 'loading'}
          data-testid="home-refresh"
          onClick={() => {
            void appInfo.refetch();
            void board.refetch();
          }}
        >
          最新の状態にする
        </Button>
      }
    >
      <Group justify="space-between" align="baseline" mb={8} gap="md">
        <Group gap={10} align="baseline">
          <Title order={2} size="h3" data-testid="greeting">
            {name ? `${name}さん、おつかれさまです。` : 'ようこそ、Bansō へ。'}
          </Title>
          {settings?.organization ? (
            <Text c="dimmed" size="sm">
              {settings.organization}
            </Text>
          ) : null}
          {settings && !name ? (
            <Text c="dimmed" size="xs">
              <Anchor component={Link} to={paths.settings()} size="xs">
                設定
              </Anchor>
              で担当者名を登録すると、ここに表示されます。
            </Text>
          ) : null}
        </Group>
        <ResumeEngagement />
      </Group>

      {status === 'error' && !dashboard ? (
        <Alert color="gray" icon={<IconPlugConnectedX size={18} />} title="接続できません" data-testid="home-error" mb="sm">
          {board.error?.message}
        </Alert>
      ) : null}

      {!dashboard && status !== 'error' ? (
        <Loading />
      ) : null}

      {dashboard ? (
        <Box className="banso-home-grid" data-testid="dashboard" data-today={dashboard.today}>
          <Box style={{ display: 'flex', flexDirection: 'column', gap: 10, minWidth: 0 }}>
            <NextActions d={dashboard} />
            <QuotaWarnings d={dashboard} />
          </Box>
          <Box style={{ display: 'flex', flexDirection: 'column', gap: 10, minWidth: 0 }}>
            <StatusCounts d={dashboard} />
            <MonthlyChart d={dashboard} />
          </Box>
        </Box>
      ) : null}

      {info ? (
        <Box mt={10} className="banso-home-foot">
          <Group gap={4} wrap="wrap" data-testid="home-counts">
            <Text span size="xs" c="dimmed" mr={4}>
              登録されているデータ:
            </Text>
            {rows.map((r) => (
              <Text span size="xs" key={r.key} data-testid={`count-${r.key}`} mr={8} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {r.label} {r.value.toLocaleString('ja-JP')}件
              </Text>
            ))}
          </Group>
          <Text size="xs" c="dimmed" data-testid="home-environment" className="banso-eng-ellipsis" title={info.dbPath}>
            {face() === 'desktop' ? 'デスクトップ' : 'ブラウザーモード'} ・ {info.appName} {info.appVersion} ・ スキーマ v{info.schemaVersion} ・ データの場所 {info.dataDir}
          </Text>
        </Box>
      ) : null}
    </Page>
  );
}
