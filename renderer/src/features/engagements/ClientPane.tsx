import { Alert, Badge, Box, Button, Center, Group, Select, SimpleGrid, Stack, Tabs, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconBriefcase, IconPlus } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Client } from '../../../../shared/domain/client.ts';
import { errorMessage } from '../../api/client.ts';
import { readFresh, write } from '../../api/query.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { useAutosave, type Autosave } from '../../lib/autosave.ts';
import { clientDraftOf, prepareClientField, type ClientDraft } from './clientDraft.ts';
import { ContactsEditor } from './ContactsEditor.tsx';
import { EligibilityPanel } from './EligibilityPanel.tsx';
import { CLIENT_KIND_OPTIONS, PREFECTURE_OPTIONS, isClientKind, kindLabel, programLabel, programShort, slashDate, STATUS_COLORS, statusLabel } from '../../lib/format.ts';
import { HistoryPanel } from '../../components/HistoryPanel.tsx';
import { areaProps, lineProps } from '../../lib/ime.ts';
import { NewEngagementModal } from './NewEngagementModal.tsx';
import { notify } from '../../lib/notify.tsx';
import { RecordActions } from '../../components/RecordActions.tsx';
import { clientSaved, deleteClient, useSelection } from './store.ts';
import { paths } from '../../routes.ts';

const SPLIT = [',', '、', '，'];

function ClientForm({ form }: { form: Autosave<ClientDraft> }) {
  const d = form.draft;
  const e = form.errors;
  const line = lineProps(form);
  const text = (key: 'name' | 'industry' | 'population' | 'fiscalStrength' | 'employees' | 'capitalYen' | 'previousPartnerMunicipalities') => ({
    size: 'xs' as const,
    value: d[key],
    error: e[key],
    autoComplete: 'off',
    'data-testid': `client-field-${key}`,
    onChange: (ev: { currentTarget: HTMLInputElement }) => {
      form.edit(key, ev.currentTarget.value);
    },
    ...line,
  });
  return (
    <Stack gap={8} data-testid="client-form">
      <TextInput label="名称" required {...text('name')} />
      <SimpleGrid cols={2} spacing={8} verticalSpacing={8}>
        <Select
          size="xs"
          label="種別"
          data={CLIENT_KIND_OPTIONS}
          value={d.kind}
          allowDeselect={false}
          error={e.kind}
          data-testid="client-field-kind"
          onChange={(v) => {
            if (isClientKind(v)) form.edit('kind', v, { immediate: true });
          }}
        />
        <Select
          size="xs"
          label="都道府県"
          data={PREFECTURE_OPTIONS}
          value={d.prefecture}
          searchable
          allowDeselect={false}
          error={e.prefecture}
          data-testid="client-field-prefecture"
          onChange={(v) => {
            if (v) form.edit('prefecture', v, { immediate: true });
          }}
        />
        <TextInput label="人口" inputMode="numeric" placeholder="例: 5000" rightSection={<Text size="xs" c="dimmed">人</Text>} {...text('population')} />
        <TextInput label="財政力指数" inputMode="decimal" placeholder="例: 0.45" {...text('fiscalStrength')} />
        <TextInput label="職員数・従業員数" inputMode="numeric" rightSection={<Text size="xs" c="dimmed">人</Text>} {...text('employees')} />
        <TextInput label="資本金" inputMode="numeric" placeholder="企業のとき" rightSection={<Text size="xs" c="dimmed">円</Text>} {...text('capitalYen')} />
      </SimpleGrid>
      <TextInput label="業種" placeholder="例: 製造業、観光" {...text('industry')} />
      {d.kind === 'prefecture' ? (
        <SimpleGrid cols={2} spacing={8}>
          <TagsInput
            size="xs"
            label="共同申請する市町村"
            description="推進体制構築支援の判定に使います"
            placeholder="市町村名、Enter"
            value={d.partnerMunicipalities}
            splitChars={SPLIT}
            error={e.partnerMunicipalities}
            data-testid="client-field-partnerMunicipalities"
            onChange={(v) => {
              form.edit('partnerMunicipalities', v);
            }}
            {...areaProps(form)}
          />
          <TextInput label="前回の共同申請市町村数" description="前回選定されたとき（なければ空）" inputMode="numeric" {...text('previousPartnerMunicipalities')} />
        </SimpleGrid>
      ) : null}
      <Textarea
        size="xs"
        label="メモ"
        description="Markdown で書けます"
        autosize
        minRows={2}
        maxRows={10}
        value={d.notes}
        error={e.notes}
        data-testid="client-field-notes"
        onChange={(ev) => {
          form.edit('notes', ev.currentTarget.value);
        }}
        {...areaProps(form)}
      />
      <ContactsEditor form={form} />
    </Stack>
  );
}

function EngagementTable({ clientId, onNew }: { clientId: string; onNew: () => void }) {
  const { engagements, engagementId: selected } = useSelection();
  const navigate = useNavigate();
  return (
    <Box component="section" aria-label="案件" data-testid="engagement-list" data-count={engagements.length}>
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h4">
          案件
          <Text span size="xs" c="dimmed" ml={6}>
            {engagements.length}件
          </Text>
        </Title>
        <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} data-testid="engagement-new" onClick={onNew}>
          新規案件
        </Button>
      </Group>
      {engagements.length === 0 ? (
        <Text size="xs" c="dimmed">
          まだ案件はありません。「新規案件」で事業と開始日を選んで登録します。
        </Text>
      ) : (
        <Box className="banso-eng-table">
          {engagements.map((e) => (
            <Box
              key={e.id}
              className="banso-eng-erow"
              data-testid="engagement-row"
              data-id={e.id}
              data-program={e.program}
              data-status={e.status}
              data-selected={selected === e.id || undefined}
              role="button"
              tabIndex={0}
              aria-current={selected === e.id ? 'true' : undefined}
              onClick={() => {
                void navigate(paths.engagements({ client: clientId, engagement: e.id }));
              }}
              onKeyDown={(ev) => {
                if (ev.key === 'Enter' && !ev.nativeEvent.isComposing) void navigate(paths.engagements({ client: clientId, engagement: e.id }));
              }}
            >
              <Text size="sm" fw={500} className="banso-eng-ellipsis" title={`${programLabel(e.program)}${e.title ? ` ・ ${e.title}` : ''}`}>
                {programShort(e.program)}
                {e.title ? (
                  <Text span size="xs" c="dimmed" ml={6}>
                    {e.title}
                  </Text>
                ) : null}
              </Text>
              <Badge color={STATUS_COLORS[e.status]} variant="light">
                {statusLabel(e.status)}
              </Badge>
              <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                {slashDate(e.startDate)} 〜 {e.plannedEnd ? slashDate(e.plannedEnd) : ''}
              </Text>
              <Text size="xs" c="dimmed" ta="right" style={{ whiteSpace: 'nowrap' }}>
                記録 {e.entries}件
              </Text>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}

/** The selected client: header, its engagements, and tabs for its details, eligibility and history. */
function ClientEditor({ client }: { client: Client }) {
  const [tab, setTab] = useState<string | null>('info');
  const [newOpen, setNewOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const updatedAt = useRef(client.updatedAt);
  const navigate = useNavigate();

  const form = useAutosave<ClientDraft>({
    initial: clientDraftOf(client),
    prepare: (key, _value, all) => prepareClientField(key, all),
    save: async (patch) => {
      const c = await write('clients.update', { id: client.id, patch, expectedUpdatedAt: updatedAt.current });
      updatedAt.current = c.updatedAt;
      clientSaved(c);
      return clientDraftOf(c);
    },
    reload: async () => {
      const c = await readFresh('clients.get', { id: client.id });
      updatedAt.current = c.updatedAt;
      return clientDraftOf(c);
    },
  });

  const undo = async () => {
    setUndoing(true);
    try {
      await form.flush();
      await write('history.undo', { entity: 'client', id: client.id, expectedUpdatedAt: updatedAt.current });
      const c = await readFresh('clients.get', { id: client.id });
      updatedAt.current = c.updatedAt;
      form.reset(clientDraftOf(c));
      clientSaved(c);
      notify({ tone: 'ok', text: '直前の変更を元に戻しました' });
    } catch (e) {
      notify({ tone: 'error', text: `元に戻せませんでした: ${errorMessage(e)}` });
    } finally {
      setUndoing(false);
    }
  };

  const name = form.draft.name.trim() || client.name;
  return (
    <Stack gap={10} data-testid="client-pane" data-id={client.id}>
      <Group justify="space-between" wrap="nowrap" gap={8} className="banso-eng-sticky">
        <Box miw={0}>
          <Title order={2} size="h3" className="banso-eng-ellipsis" data-testid="client-title" title={name}>
            {name}
          </Title>
          <Text size="xs" c="dimmed">
            {kindLabel(form.draft.kind)} ・ {form.draft.prefecture}
          </Text>
        </Box>
        <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
          <RecordActions
            prefix="client"
            saveState={form.saveState}
            error={form.general}
            undoing={undoing}
            onUndo={() => void undo()}
            deleteLabel="この支援先を削除"
            onDelete={() => setConfirmDelete(true)}
          />
        </Group>
      </Group>
      {form.general ? (
        <Alert color="red" py={6} data-testid="client-save-error">
          {form.general}
        </Alert>
      ) : null}

      <EngagementTable clientId={client.id} onNew={() => setNewOpen(true)} />

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="info" data-testid="client-tab-info">
            基本情報
          </Tabs.Tab>
          <Tabs.Tab value="eligibility" data-testid="client-tab-eligibility">
            対象となる事業
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="client-tab-history">
            変更履歴
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="info" pt={8}>
          <ClientForm form={form} />
        </Tabs.Panel>
        <Tabs.Panel value="eligibility" pt={8}>
          <EligibilityPanel clientId={client.id} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt={8}>
          <HistoryPanel entity="client" id={client.id} />
        </Tabs.Panel>
      </Tabs>

      <NewEngagementModal
        opened={newOpen}
        client={client}
        onClose={() => setNewOpen(false)}
        onCreated={(id) => {
          setNewOpen(false);
          void navigate(paths.engagements({ client: client.id, engagement: id }));
        }}
      />
      <ConfirmModal
        opened={confirmDelete}
        title="この支援先を削除しますか？"
        confirmLabel="削除"
        danger
        testId="client-delete-modal"
        onCancel={() => setConfirmDelete(false)}
        onConfirm={async () => {
          await form.flush();
          const ok = await deleteClient(client);
          setConfirmDelete(false);
          if (ok) void navigate(paths.engagements());
        }}
      >
        <Text size="sm" fw={600}>
          {name}
        </Text>
        <Text size="xs" c="dimmed" mt={4}>
          案件がある支援先は削除できません。削除したあと、しばらくの間は「元に戻す」で戻せます。
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

/** The middle pane: the selected client, or what to do. */
export function ClientPane() {
  const { client, clientStatus: status, clientError: error, clientId } = useSelection();
  if (client && client.id === clientId) return <ClientEditor key={client.id} client={client} />;
  if (status === 'error') {
    return (
      <Alert color="gray" title="支援先を表示できません" data-testid="client-error">
        {error}
      </Alert>
    );
  }
  if (status === 'loading') return null;
  return (
    <Center h="100%" data-testid="client-empty">
      <Stack align="center" gap={6}>
        <IconBriefcase size={28} stroke={1.4} color="var(--mantine-color-gray-5)" />
        <Text c="dimmed" ta="center" size="sm">
          左の一覧から支援先を選ぶと、基本情報と案件が表示されます。
          <br />
          新しい支援先は「新規支援先」で登録します。
        </Text>
      </Stack>
    </Center>
  );
}
