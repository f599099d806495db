import { Alert, Badge, Box, Button, CloseButton, Group, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { normalizeText } from '../../../../shared/search/normalize.ts';
import { kindLabel } from '../../lib/format.ts';
import { useClients, useEngagementsUi, useSelection } from './store.ts';
import { Loading } from '../../components/Loading.tsx';
import { paths } from '../../routes.ts';

/** The left column: every client (name, kind, prefecture), filtered as you type. */
export function ClientList({ onNew }: { onNew: () => void }) {
  const { clients, status, error } = useClients();
  const query = useEngagementsUi((s) => s.query);
  const setQuery = useEngagementsUi((s) => s.setQuery);
  const selected = useSelection().clientId;
  const navigate = useNavigate();

  const shown = useMemo(() => {
    const q = normalizeText(query).trim();
    if (!q) return clients;
    return clients.filter((c) => normalizeText(`${c.name} ${c.prefecture} ${kindLabel(c.kind)}`).includes(q));
  }, [clients, query]);

  const open = (id: string) => {
    void navigate(paths.engagements({ client: id }));
  };

  return (
    <Box style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
      <Group gap={6} wrap="nowrap" mb={6} style={{ flex: 'none' }}>
        <TextInput
          size="xs"
          placeholder="名称・都道府県で絞り込み"
          aria-label="支援先を絞り込む"
          leftSection={<IconSearch size={13} />}
          value={query}
          data-testid="client-search"
          style={{ flex: 1 }}
          rightSection={query ? <CloseButton size="xs" aria-label="クリア" onClick={() => setQuery('')} /> : null}
          onChange={(e) => setQuery(e.currentTarget.value)}
        />
      </Group>
      <Button size="xs" leftSection={<IconPlus size={14} />} mb={6} data-testid="client-new" onClick={onNew} style={{ flex: 'none' }}>
        新規支援先
      </Button>
      <Box
        className="banso-eng-list"
        data-testid="client-list"
        data-status={status}
        data-count={shown.length}
        // A listbox must hold options (axe aria-required-children): an empty list is a plain group with its message.
        role={shown.length > 0 ? 'listbox' : 'group'}
        aria-label="支援先"
        style={{ flex: 1, minHeight: 0 }}
      >
        {status === 'loading' && clients.length === 0 ? (
          <Loading p="xs" />
        ) : null}
        {status === 'error' ? (
          <Alert color="gray" m={4} py={6}>
            {error}
          </Alert>
        ) : null}
        {status === 'ready' && clients.length === 0 ? (
          <Text size="xs" c="dimmed" p="xs">
            支援先はまだありません。「新規支援先」から登録します。
          </Text>
        ) : null}
        {status === 'ready' && clients.length > 0 && shown.length === 0 ? (
          <Text size="xs" c="dimmed" p="xs">
            一致する支援先はありません。
          </Text>
        ) : null}
        {shown.map((c) => (
          <Box
            key={c.id}
            className="banso-eng-crow"
            role="option"
            tabIndex={0}
            aria-selected={selected === c.id}
            data-testid="client-row"
            data-id={c.id}
            data-selected={selected === c.id || undefined}
            onClick={() => open(c.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.nativeEvent.isComposing) open(c.id);
            }}
          >
            <Group gap={4} wrap="nowrap" justify="space-between">
              <Text size="sm" fw={600} className="banso-eng-ellipsis" title={c.name}>
                {c.name}
              </Text>
              {c.activeEngagements > 0 ? (
                <Badge size="xs" color="teal" variant="light" title="実施中・準備中の案件">
                  {c.activeEngagements}
                </Badge>
              ) : null}
            </Group>
            <Text size="xs" c="dimmed" className="banso-eng-ellipsis">
              {kindLabel(c.kind)} ・ {c.prefecture}
              {c.engagements > 0 ? ` ・ 案件${c.engagements}件` : ''}
            </Text>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
