import { Alert, Anchor, Box, Button, DataList, Group, Loader, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import { Link } from 'react-router';
import { face } from '../../api/client.ts';
import { InfoItem } from '../../components/InfoItem.tsx';
import { Page } from '../../components/Page.tsx';
import { formatDate } from '../../lib/date.ts';
import { useAppInfo } from '../app/store.ts';
import { useSettings } from '../settings/store.ts';

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

export function HomePage() {
  const info = useAppInfo((s) => s.info);
  const status = useAppInfo((s) => s.status);
  const error = useAppInfo((s) => s.error);
  const loadInfo = useAppInfo((s) => s.load);
  const settings = useSettings((s) => s.saved);
  const loadSettings = useSettings((s) => s.load);

  useEffect(() => {
    // Counts change as data is added: refresh on every visit.
    void loadInfo();
    void loadSettings();
  }, [loadInfo, loadSettings]);

  const today = formatDate(new Date(), settings?.dateStyle ?? 'wareki');
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
          onClick={() => {
            void loadInfo();
          }}
        >
          最新の状態にする
        </Button>
      }
    >
      <Box mb="md">
        <Title order={2} data-testid="greeting">
          {name ? `${name}さん、おつかれさまです。` : 'ようこそ、Bansō へ。'}
        </Title>
        {settings?.organization ? (
          <Text c="dimmed" size="sm">
            {settings.organization}
          </Text>
        ) : null}
        {settings && !name ? (
          <Text c="dimmed" size="sm">
            <Anchor component={Link} to="/settings">
              設定
            </Anchor>
            で担当者名を登録すると、ここに表示されます。
          </Text>
        ) : null}
      </Box>

      {status === 'error' && !info ? (
        <Alert color="gray" icon={<IconPlugConnectedX size={18} />} title="接続できません" data-testid="home-error">
          {error}
        </Alert>
      ) : null}

      {!info && status !== 'error' ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text c="dimmed">読み込み中…</Text>
        </Group>
      ) : null}

      {info ? (
        <SimpleGrid cols={2} spacing="md" style={{ alignItems: 'start' }}>
          <Paper withBorder p="sm">
            <Title order={3} mb={6}>
              登録されているデータ
            </Title>
            {rows.length > 0 ? (
              <Table data-testid="home-counts" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>種類</Table.Th>
                    <Table.Th ta="right" w={90}>
                      件数
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.key} data-testid={`count-${r.key}`}>
                      <Table.Td>{r.label}</Table.Td>
                      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {r.value.toLocaleString('ja-JP')} 件
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Text c="dimmed" data-testid="home-counts-empty">
                まだデータはありません。
              </Text>
            )}
          </Paper>

          <Paper withBorder p="sm">
            <Title order={3} mb={6}>
              この環境
            </Title>
            <DataList labelWidth="7.5em" data-testid="home-environment">
              <InfoItem label="データの場所">{info.dataDir}</InfoItem>
              <InfoItem label="データベース">{info.dbPath}</InfoItem>
              <InfoItem label="スキーマ">v{info.schemaVersion}</InfoItem>
              <InfoItem label="バージョン">
                {info.appName} {info.appVersion}
              </InfoItem>
              <InfoItem label="起動方法">{face() === 'desktop' ? 'デスクトップ' : 'ブラウザーモード'}</InfoItem>
            </DataList>
          </Paper>
        </SimpleGrid>
      ) : null}
    </Page>
  );
}
