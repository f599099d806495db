import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useContract, write } from '../../api/query.ts';
import { notify, notifyFailure } from '../../lib/notify.tsx';

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 80)}…` : v;
  if (typeof v === 'number') return v.toLocaleString('ja-JP');
  return JSON.stringify(v).slice(0, 80);
}

/** 受け渡し / 同期: records changed here and on another laptop in the same fields; a person decides. */
export function SyncConflicts() {
  const q = useContract('sync.conflicts', {});
  const items = q.data?.items ?? [];
  if (items.length === 0) return null;
  const resolve = async (id: number, choice: 'local' | 'remote') => {
    try {
      await write('sync.resolve', { id, choice });
      notify({ tone: 'ok', text: choice === 'local' ? 'この端末の版を残しました。次の同期でチームに伝わります。' : 'ハブの版にしました。次の同期でチームに伝わります。' });
    } catch (e) {
      notifyFailure('競合を解決できませんでした', e);
    }
  };
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="sync-conflicts" data-testid="sync-conflicts">
      <Title order={2} size="h4" id="sync-conflicts" mb={4}>
        同期の競合（{items.length}件）
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        同じ項目が、この端末とほかの担当者の端末の両方で変更されました。どちらも残してあります。残す版を選んでください。
      </Text>
      <Stack gap="xs">
        {items.map((c) => (
          <Paper key={c.id} withBorder p="xs" data-testid="sync-conflict" data-id={c.id}>
            <Text size="sm" fw={600} mb={4}>
              {c.label}（{c.remoteAuthor} さんの変更と競合）
            </Text>
            <Table withTableBorder fz="xs" layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="20%">項目</Table.Th>
                  <Table.Th>この端末</Table.Th>
                  <Table.Th>ハブ（{c.remoteAuthor}）</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {Object.keys(c.remoteFields).map((k) => (
                  <Table.Tr key={k}>
                    <Table.Td>{k}</Table.Td>
                    <Table.Td>{show(c.localFields[k])}</Table.Td>
                    <Table.Td>{show(c.remoteFields[k])}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group gap="xs" mt={6}>
              <Button size="xs" variant="default" onClick={() => void resolve(c.id, 'local')} data-testid="sync-keep-local">
                この端末の版を残す
              </Button>
              <Button size="xs" variant="default" onClick={() => void resolve(c.id, 'remote')} data-testid="sync-keep-remote">
                ハブの版にする
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
