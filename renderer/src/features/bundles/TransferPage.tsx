import { Alert, Badge, Button, Group, Paper, PasswordInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { SyncConflicts } from './SyncConflicts.tsx';
import { IconAlertTriangle, IconBooks, IconCheck, IconFileExport, IconFileImport } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ConflictView } from '../../../../shared/contract/index.ts';
import { Page } from '../../components/Page.tsx';
import { useContract } from '../../api/query.ts';
import { useTransfer, type Outcome } from './store.ts';
import { Loading } from '../../components/Loading.tsx';

function stamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function OutcomeLine({ outcome, testId }: { outcome: Outcome | null; testId: string }) {
  if (!outcome) return null;
  return (
    <Alert
      color={outcome.tone === 'ok' ? 'teal' : outcome.tone === 'warning' ? 'orange' : 'red'}
      icon={outcome.tone === 'ok' ? <IconCheck size={16} /> : <IconAlertTriangle size={16} />}
      py={6}
      data-testid={testId}
      data-tone={outcome.tone}
    >
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {outcome.text}
      </Text>
    </Alert>
  );
}

function ExportSection() {
  const engagements = useContract('engagements.list', {}).data?.items ?? [];
  const busy = useTransfer((s) => s.busy);
  const outcome = useTransfer((s) => s.exportOutcome);
  const exportBundle = useTransfer((s) => s.exportBundle);
  const [params] = useSearchParams();
  const [engagementId, setEngagementId] = useState<string | null>(params.get('engagement'));
  const [passphrase, setPassphrase] = useState('');
  const short = passphrase.length > 0 && [...passphrase].length < 8;
  const options = engagements.map((e) => ({ value: e.id, label: `${e.displayName}（${e.clientName}）` }));

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="transfer-export">
      <Title order={2} size="h4" id="transfer-export" mb={4}>
        書き出す
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        案件ひとつ（支援先・支援記録・計画と回答・関連する好事例）か、事例ライブラリ全体を1つのファイルにします。相手のパソコンの Bansō で「取り込む」と、同じ記録として入ります。
        担当者の連絡先も含まれるので、ファイルの扱いに注意してください。
      </Text>
      <Group align="flex-end" gap="xs">
        <Select
          label="案件"
          placeholder="案件を選ぶ"
          data={options}
          value={engagementId}
          onChange={setEngagementId}
          searchable
          nothingFoundMessage="該当する案件がありません"
          data-testid="transfer-engagement"
          style={{ flex: 1, minWidth: 260 }}
        />
        <Button
          leftSection={<IconFileExport size={14} />}
          disabled={!engagementId || busy !== null || short}
          loading={busy === 'export'}
          data-testid="transfer-export-engagement"
          onClick={() => {
            if (engagementId) void exportBundle({ engagementId }, passphrase || undefined);
          }}
        >
          案件を書き出す
        </Button>
        <Button
          variant="default"
          leftSection={<IconBooks size={14} />}
          disabled={busy !== null}
          data-testid="transfer-export-library"
          onClick={() => void exportBundle({ library: true })}
        >
          事例ライブラリを書き出す
        </Button>
      </Group>
      <PasswordInput
        mt="xs"
        maw={360}
        label="パスフレーズ（案件のファイルを暗号化）"
        description="8 文字以上。相手にはファイルとは別の方法（電話など）で伝えてください。空欄だと暗号化しません。"
        value={passphrase}
        error={short ? '8 文字以上にしてください。' : undefined}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
        autoComplete="new-password"
        data-testid="transfer-export-passphrase"
      />
      <Stack mt="xs" gap={0}>
        <OutcomeLine outcome={outcome} testId="transfer-export-result" />
      </Stack>
    </Paper>
  );
}

function ImportSection() {
  const busy = useTransfer((s) => s.busy);
  const outcome = useTransfer((s) => s.importOutcome);
  const importFile = useTransfer((s) => s.importFile);
  const sealedFile = useTransfer((s) => s.sealedFile);
  const [secret, setSecret] = useState('');
  const input = useRef<HTMLInputElement>(null);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="transfer-import">
      <Title order={2} size="h4" id="transfer-import" mb={4}>
        取り込む
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        Bansō が書き出した受け渡しファイル（.json）を選ぶと、内容を検査してから取り込みます。壊れたファイルは何も変更せずに理由を表示します。
        同じファイルを何度取り込んでも記録は増えません。両方のパソコンで変更された記録は上書きせず、下の「競合」に両方の版を並べます。
      </Text>
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconFileImport size={14} />}
          loading={busy === 'import'}
          disabled={busy !== null}
          data-testid="transfer-import-choose"
          onClick={() => input.current?.click()}
        >
          ファイルを選んで取り込む
        </Button>
        {outcome?.fileName ? (
          <Text size="sm" c="dimmed" data-testid="transfer-import-file">
            {outcome.fileName}
          </Text>
        ) : null}
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          data-testid="transfer-import-input"
          style={{ display: 'none' }}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void importFile(file);
          }}
        />
      </Group>
      <Stack mt="xs" gap={0}>
        <OutcomeLine outcome={outcome} testId="transfer-import-result" />
      </Stack>
      {sealedFile ? (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            if (secret) void importFile(sealedFile, secret);
          }}
        >
          <Group align="flex-end" gap="xs" mt="xs">
            <PasswordInput label="受け渡しファイルのパスフレーズ" value={secret} onChange={(e) => setSecret(e.currentTarget.value)} autoComplete="off" data-testid="transfer-import-passphrase" style={{ flex: 1, maxWidth: 360 }} />
            <Button type="submit" disabled={!secret || busy !== null} loading={busy === 'import'} data-testid="transfer-import-unseal">
              パスフレーズで開いて取り込む
            </Button>
          </Group>
        </form>
      ) : null}
    </Paper>
  );
}

function ConflictCard({ c }: { c: ConflictView }) {
  const resolving = useTransfer((s) => s.resolving.has(c.id));
  const resolve = useTransfer((s) => s.resolve);
  const error = useTransfer((s) => (s.resolveError?.id === c.id ? s.resolveError.text : null));
  return (
    <Paper withBorder p="sm" data-testid="conflict" data-entity={c.entity} data-id={c.id}>
      <Group justify="space-between" align="flex-start" gap="xs" mb={6}>
        <div style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Badge variant="light" color="orange">
              {c.entityLabel}
            </Badge>
            <Text fw={600} size="sm" data-testid="conflict-label">
              {c.label}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" mt={2}>
            取り込んだファイルの書き出し日時: {stamp(c.bundleExportedAt)} ／ 取り込んだ日時: {stamp(c.createdAt)}
            {c.localExists ? '' : ' ／ このパソコンの記録はその後削除されています'}
          </Text>
        </div>
        <Group gap={6} wrap="nowrap">
          <Button variant="default" size="xs" loading={resolving} data-testid="conflict-keep-mine" onClick={() => void resolve(c.id, 'mine')}>
            自分の版を残す
          </Button>
          <Button size="xs" loading={resolving} data-testid="conflict-take-theirs" onClick={() => void resolve(c.id, 'theirs')}>
            取り込んだ版を採用
          </Button>
        </Group>
      </Group>
      <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm" data-testid="conflict-fields" style={{ tableLayout: 'fixed' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={{ width: '16%' }}>項目</Table.Th>
            <Table.Th>自分の版（このパソコン）</Table.Th>
            <Table.Th>取り込んだ版</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.fields.map((f) => (
            <Table.Tr key={f.field} data-testid="conflict-field" data-field={f.field}>
              <Table.Td>{f.label}</Table.Td>
              <Table.Td data-testid="conflict-mine" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {f.mine ?? '（削除されています）'}
              </Table.Td>
              <Table.Td data-testid="conflict-theirs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {f.theirs}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {error ? (
        <Alert color="red" py={6} mt={6} data-testid="conflict-error">
          {error}
        </Alert>
      ) : null}
    </Paper>
  );
}

function ConflictsSection() {
  const conflicts = useContract('conflicts.list', {}).data?.items ?? [];
  const error = useTransfer((s) => (s.resolveError?.id === 0 ? s.resolveError.text : null));
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="transfer-conflicts" data-testid="conflicts">
      <Group gap={8} mb={4}>
        <Title order={2} size="h4" id="transfer-conflicts">
          競合
        </Title>
        <Badge color={conflicts.length > 0 ? 'orange' : 'gray'} variant="light" data-testid="conflicts-count">
          {conflicts.length}件
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        両方のパソコンで変更された記録です。どちらの版も残してあります。項目ごとの違いを見て、自分の版を残すか、取り込んだ版を採用してください（採用した変更は変更履歴に残り、元に戻せます）。
      </Text>
      {error ? (
        <Alert color="red" py={6} mb="xs">
          {error}
        </Alert>
      ) : null}
      {conflicts.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="conflicts-empty">
          未解決の競合はありません。
        </Text>
      ) : (
        <Stack gap="xs">
          {conflicts.map((c) => (
            <ConflictCard key={c.id} c={c} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** 受け渡し: hand-off bundles between machines and the conflicts they leave. */
export function TransferPage() {
  const engagements = useContract('engagements.list', {});
  const conflicts = useContract('conflicts.list', {});
  const failed = engagements.error ?? conflicts.error;
  const status = failed ? 'error' : engagements.isPending || conflicts.isPending ? 'loading' : 'ready';
  const error = failed?.message ?? null;
  const load = () => {
    void engagements.refetch();
    void conflicts.refetch();
  };

  return (
    <Page name="transfer" title="受け渡し" subtitle="案件や事例ライブラリをファイルにして、別のパソコンの Bansō と受け渡します（通信は使いません）。">
      <Stack gap="md" maw={1000}>
        <SyncConflicts />
        {status === 'error' ? (
          <Alert color="red" title="読み込めません" data-testid="transfer-load-error">
            <Text size="sm">{error}</Text>
            <Button mt="xs" variant="default" onClick={load}>
              もう一度読み込む
            </Button>
          </Alert>
        ) : null}
        {status === 'loading' ? (
          <Loading />
        ) : null}
        <ExportSection />
        <ImportSection />
        <ConflictsSection />
      </Stack>
    </Page>
  );
}
