import { Alert, Button, DataList, Input, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect, type KeyboardEvent } from 'react';
import { InfoItem } from '../../components/InfoItem.tsx';
import { Page } from '../../components/Page.tsx';
import { formatDate } from '../../lib/date.ts';
import { isPlainEnter } from '../../lib/ime.ts';
import { useAppInfo } from '../app/store.ts';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { BackupSection } from './BackupSection.tsx';
import { useSettings } from './store.ts';
import { Loading } from '../../components/Loading.tsx';

const DATE_STYLES = [
  { value: 'wareki', label: '和暦' },
  { value: 'seireki', label: '西暦' },
] as const;

function isDateStyle(v: string): v is 'wareki' | 'seireki' {
  return v === 'wareki' || v === 'seireki';
}

export function SettingsPage() {
  const draft = useSettings((s) => s.draft);
  const loadStatus = useSettings((s) => s.loadStatus);
  const loadError = useSettings((s) => s.loadError);
  const saveState = useSettings((s) => s.saveState);
  const saveError = useSettings((s) => s.saveError);
  const fieldErrors = useSettings((s) => s.fieldErrors);
  const load = useSettings((s) => s.load);
  const edit = useSettings((s) => s.edit);
  const flush = useSettings((s) => s.flush);
  const setComposing = useSettings((s) => s.setComposing);
  const info = useAppInfo((s) => s.info);

  useEffect(() => {
    void load();
  }, [load]);

  // Leaving the page saves at once rather than after the delay.
  useEffect(
    () => () => {
      setComposing(false);
      void flush();
    },
    [flush, setComposing],
  );

  /** Enter confirms the field now — but never the Enter that confirms an IME conversion. */
  const saveOnEnter = (e: KeyboardEvent<HTMLInputElement>) => {
    if (isPlainEnter(e)) {
      e.preventDefault();
      void flush();
    }
  };

  const imeProps = {
    onCompositionStart: () => {
      setComposing(true);
    },
    onCompositionEnd: () => {
      setComposing(false);
    },
    onKeyDown: saveOnEnter,
  };

  return (
    <Page
      name="settings"
      title="設定"
      subtitle="担当者の情報と表示の好み。入力すると自動で保存されます。"
      actions={draft ? <SaveIndicator state={saveState} error={saveError} /> : null}
    >
      <Stack gap="md" maw={640}>
        {loadStatus === 'error' && !draft ? (
          <Alert
            color="gray"
            icon={<IconPlugConnectedX size={18} />}
            title="設定を読み込めません"
            data-testid="settings-load-error"
          >
            <Text size="sm">{loadError}</Text>
            <Button
              mt="xs"
              variant="default"
              onClick={() => {
                void load();
              }}
            >
              もう一度読み込む
            </Button>
          </Alert>
        ) : null}

        {!draft && loadStatus !== 'error' ? (
          <Loading />
        ) : null}

        {saveError ? (
          <Alert color="red" icon={<IconAlertCircle size={18} />} data-testid="save-error">
            {saveError}
          </Alert>
        ) : null}

        {draft ? (
          <>
            <Paper withBorder p="sm" component="section" aria-labelledby="settings-advisor">
              <Title order={2} size="h4" id="settings-advisor" mb="xs">
                担当者
              </Title>
              <Stack gap="sm">
                <TextInput
                  label="担当者名"
                  description="ホーム画面や、今後つくる書類に使います。"
                  placeholder="例: 山田 花子"
                  data-testid="settings-advisorName"
                  value={draft.advisorName}
                  error={fieldErrors.advisorName}
                  autoComplete="off"
                  onChange={(e) => {
                    edit('advisorName', e.currentTarget.value);
                  }}
                  {...imeProps}
                />
                <TextInput
                  label="所属"
                  description="会社・団体・自治体など。"
                  placeholder="例: ○○県 地域DX推進センター"
                  data-testid="settings-organization"
                  value={draft.organization}
                  error={fieldErrors.organization}
                  autoComplete="off"
                  onChange={(e) => {
                    edit('organization', e.currentTarget.value);
                  }}
                  {...imeProps}
                />
              </Stack>
            </Paper>

            <Paper withBorder p="sm" component="section" aria-labelledby="settings-display">
              <Title order={2} size="h4" id="settings-display" mb="xs">
                表示
              </Title>
              <Input.Wrapper
                label="日付の表示"
                description={`例: ${formatDate(new Date(), draft.dateStyle)}`}
                error={fieldErrors.dateStyle}
              >
                <div>
                  <SegmentedControl
                    mt={4}
                    data-testid="settings-dateStyle"
                    aria-label="日付の表示"
                    data={[...DATE_STYLES]}
                    value={draft.dateStyle}
                    onChange={(v) => {
                      if (isDateStyle(v)) edit('dateStyle', v, { immediate: true });
                    }}
                  />
                </div>
              </Input.Wrapper>
            </Paper>
          </>
        ) : null}

        <BackupSection />

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
