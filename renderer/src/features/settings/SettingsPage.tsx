import { Alert, Button, DataList, Input, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconPlugConnectedX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { InfoItem } from '../../components/InfoItem.tsx';
import { Page } from '../../components/Page.tsx';
import { localIsoDate } from '../../../../shared/domain/dates.ts';
import { formatDate } from '../../../../shared/domain/wareki.ts';
import { lineProps } from '../../lib/ime.ts';
import type { Settings } from '../../../../shared/contract/index.ts';
import { write } from '../../api/query.ts';
import { useAppInfo, useSettings } from '../../lib/appInfo.ts';
import { useAutosave } from '../../lib/autosave.ts';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { BackupSection } from './BackupSection.tsx';
import { SecuritySection } from './SecuritySection.tsx';
import { SyncSection } from './SyncSection.tsx';
import { Loading } from '../../components/Loading.tsx';

const DATE_STYLES = [
  { value: 'wareki', label: '和暦' },
  { value: 'seireki', label: '西暦' },
] as const;

function isDateStyle(v: string): v is 'wareki' | 'seireki' {
  return v === 'wareki' || v === 'seireki';
}

export function SettingsPage() {
  const settings = useSettings();
  // The form starts from the settings as first read; later reads never overwrite what is typed.
  if (settings.data) return <SettingsForm initial={settings.data} />;
  return (
    <SettingsShell>
        {settings.status === 'error' ? (
          <Alert color="gray" icon={<IconPlugConnectedX size={18} />} title="設定を読み込めません" data-testid="settings-load-error">
            <Text size="sm">{settings.error.message}</Text>
            <Button
              mt="xs"
              variant="default"
              onClick={() => {
                void settings.refetch();
              }}
            >
              もう一度読み込む
            </Button>
          </Alert>
        ) : (
          <Loading />
        )}
    </SettingsShell>
  );
}

/** The page around the settings form: the backups and this environment below it. */
function SettingsShell({ actions, children }: { actions?: ReactNode; children: ReactNode }) {
  const { data: info } = useAppInfo();
  return (
    <Page name="settings" title="設定" subtitle="担当者の情報と表示の好み。入力すると自動で保存されます。" actions={actions}>
      <Stack gap="md" maw={640}>
        {children}
        <SecuritySection />
        <BackupSection />
        <SyncSection />

        <Paper withBorder p="sm" component="section" aria-labelledby="settings-environment">
          <Title order={2} size="h4" id="settings-environment" mb="xs">
            この環境
          </Title>
          <Text size="xs" c="dimmed" mb={6}>
            表示のみです。データの場所は起動時の設定で決まります。
          </Text>
          <DataList labelWidth="10em">
            <InfoItem label="データの場所" testId="settings-dataDir">
              {info?.dataDir ?? '—'}
            </InfoItem>
            <InfoItem label="アプリのバージョン" testId="settings-appVersion">
              {info ? `${info.appName} ${info.appVersion}` : '—'}
            </InfoItem>
          </DataList>
        </Paper>
      </Stack>
    </Page>
  );
}

const ADVISOR_FIELDS = [
  { key: 'advisorName', label: '担当者名', description: 'ホーム画面や、今後つくる書類に使います。', placeholder: '例: 山田 花子' },
  { key: 'organization', label: '所属', description: '会社・団体・自治体など。', placeholder: '例: ○○県 地域DX推進センター' },
] as const;

/** 担当者 and 表示, autosaved like every form. */
function SettingsForm({ initial }: { initial: Settings }) {
  const form = useAutosave<Settings>({
    initial,
    save: (patch) => write('settings.update', patch),
  });
  const { draft, errors } = form;
  const line = lineProps(form);
  return (
    <SettingsShell actions={<SaveIndicator state={form.saveState} error={form.general} />}>
      {form.general ? (
        <Alert color="red" icon={<IconAlertCircle size={18} />} data-testid="save-error">
          {form.general}
        </Alert>
      ) : null}
      <Paper withBorder p="sm" component="section" aria-labelledby="settings-advisor">
        <Title order={2} size="h4" id="settings-advisor" mb="xs">
          担当者
        </Title>
        <Stack gap="sm">
          {ADVISOR_FIELDS.map((f) => (
            <TextInput
              key={f.key}
              label={f.label}
              description={f.description}
              placeholder={f.placeholder}
              data-testid={`settings-${f.key}`}
              value={draft[f.key]}
              error={errors[f.key]}
              autoComplete="off"
              onChange={(e) => {
                form.edit(f.key, e.currentTarget.value);
              }}
              {...line}
            />
          ))}
        </Stack>
      </Paper>

      <Paper withBorder p="sm" component="section" aria-labelledby="settings-display">
        <Title order={2} size="h4" id="settings-display" mb="xs">
          表示
        </Title>
        <Input.Wrapper label="日付の表示" description={`例: ${formatDate(localIsoDate(new Date()), draft.dateStyle, { weekday: true })}`} error={errors.dateStyle}>
          <div>
            <SegmentedControl
              mt={4}
              data-testid="settings-dateStyle"
              aria-label="日付の表示"
              data={[...DATE_STYLES]}
              value={draft.dateStyle}
              onChange={(v) => {
                if (isDateStyle(v)) form.edit('dateStyle', v, { immediate: true });
              }}
            />
          </div>
        </Input.Wrapper>
      </Paper>
    </SettingsShell>
  );
}
