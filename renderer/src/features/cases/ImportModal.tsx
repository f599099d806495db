import { Alert, Button, Checkbox, Group, Modal, Progress, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconAlertCircle, IconFileImport } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { CaseImportResult } from '../../../../shared/contract/index.ts';
import { CASE_COLUMN_LABELS } from '../../../../shared/domain/case.ts';
import { errorMessage } from '../../api/client.ts';
import { ask, write } from '../../api/query.ts';
import { notify } from '../../lib/notify.tsx';
import { bytesToBase64, readFileBytes } from '../../lib/files.ts';
import { formatCount } from '../../lib/format.ts';

type Format = 'csv' | 'json';
type Phase = 'idle' | 'reading' | 'encoding' | 'checking' | 'importing';

const PHASE_LABEL: Record<Phase, string> = {
  idle: '',
  reading: 'ファイルを読み込んでいます…',
  encoding: 'ファイルを変換しています…',
  checking: '内容を確認しています…',
  importing: '取り込んでいます…',
};
/** Problems listed in the table; the rest are counted. */
const MAX_PROBLEMS = 500;

function formatOf(name: string): Format | null {
  const ext = name.toLowerCase().split('.').pop();
  return ext === 'csv' || ext === 'json' ? ext : null;
}

interface Loaded {
  fileName: string;
  format: Format;
  contentBase64: string;
}

function Stat({ label, value, color, testId }: { label: string; value: number; color?: string; testId: string }) {
  return (
    <Stack gap={0} align="center" data-testid={testId} data-count={value}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg" c={value > 0 ? color : 'dimmed'} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatCount(value)}件
      </Text>
    </Stack>
  );
}

/** CSV / JSON import: choose a file, see what would change, then write. */
export function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [preview, setPreview] = useState<CaseImportResult | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const busy = phase !== 'idle';

  const reset = () => {
    setLoaded(null);
    setPreview(null);
    setPhase('idle');
    setProgress(0);
    setError(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const close = () => {
    if (busy) return;
    reset();
    setSkipInvalid(false);
    onClose();
  };

  const runPreview = async (file: Loaded, skip: boolean) => {
    setPhase('checking');
    setError(null);
    try {
      const result = await ask('cases.importPreview', { ...file, skipInvalid: skip });
      setPreview(result);
    } catch (e) {
      setPreview(null);
      setError(errorMessage(e));
    } finally {
      setPhase('idle');
    }
  };

  const choose = async (file: File | undefined) => {
    reset();
    if (!file) return;
    const format = formatOf(file.name);
    if (!format) {
      setError('CSV（.csv）か JSON（.json）のファイルを選んでください。');
      return;
    }
    try {
      // Reading is the first half of the bar, encoding the second.
      setPhase('reading');
      const bytes = await readFileBytes(file, (r) => {
        setProgress(r * 50);
      });
      setPhase('encoding');
      const contentBase64 = await bytesToBase64(bytes, (r) => {
        setProgress(50 + r * 50);
      });
      const next = { fileName: file.name, format, contentBase64 };
      setLoaded(next);
      await runPreview(next, skipInvalid);
    } catch (e) {
      setPhase('idle');
      setError(errorMessage(e));
    }
  };

  const confirm = async () => {
    if (!loaded) return;
    setPhase('importing');
    setError(null);
    try {
      const result = await write('cases.import', { ...loaded, skipInvalid });
      if (!result.written) {
        setPreview(result);
        setError('誤りのある行があるため、取り込みませんでした。');
        setPhase('idle');
        return;
      }
      setPhase('idle');
      notify({
        tone: 'ok',
        text: `取り込みました（追加 ${formatCount(result.imported)}件・更新 ${formatCount(result.updated)}件${
          result.rejected.length > 0 ? `・飛ばした行 ${formatCount(result.rejected.length)}件` : ''
        }）`,
      });
      reset();
      setSkipInvalid(false);
      onClose();
    } catch (e) {
      setPhase('idle');
      setError(errorMessage(e));
    }
  };

  const errors = preview?.rejected.length ?? 0;
  const canImport = !!loaded && !!preview && !busy && (errors === 0 || skipInvalid) && preview.imported + preview.updated > 0;

  return (
    <Modal opened={opened} onClose={close} title="事例の取り込み" size="lg" data-testid="case-import-modal" closeOnClickOutside={!busy}>
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          CSV（UTF-8 または Shift_JIS）か JSON のファイルを選ぶと、取り込む前に結果を確認できます。同じ ID の事例は更新されます。
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconFileImport size={14} />}
            disabled={busy}
            onClick={() => fileInput.current?.click()}
          >
            ファイルを選ぶ
          </Button>
          <Text size="sm" c={loaded ? undefined : 'dimmed'} data-testid="case-import-file">
            {loaded ? loaded.fileName : '選ばれていません'}
          </Text>
          <input
            ref={fileInput}
            type="file"
            accept=".csv,.json"
            data-testid="case-import-input"
            style={{ display: 'none' }}
            onChange={(e) => {
              void choose(e.currentTarget.files?.[0]);
            }}
          />
        </Group>
        <Checkbox
          label="誤りのある行を飛ばして取り込む"
          data-testid="case-import-skip"
          checked={skipInvalid}
          disabled={busy}
          onChange={(e) => {
            setSkipInvalid(e.currentTarget.checked);
          }}
        />

        {busy ? (
          <Stack gap={4} data-testid="case-import-progress">
            <Text size="xs" c="dimmed">
              {PHASE_LABEL[phase]}
            </Text>
            {phase === 'reading' || phase === 'encoding' ? (
              <Progress value={progress} size="sm" transitionDuration={100} />
            ) : (
              <Progress value={100} size="sm" animated striped />
            )}
          </Stack>
        ) : null}

        {error ? (
          <Alert color="red" icon={<IconAlertCircle size={16} />} p="xs" data-testid="case-import-error">
            <Text size="sm">{error}</Text>
          </Alert>
        ) : null}

        {preview ? (
          <Stack gap="xs" data-testid="case-import-preview">
            <SimpleGrid cols={4} spacing="xs">
              <Stat label="追加" value={preview.imported} color="teal.8" testId="case-import-added" />
              <Stat label="更新" value={preview.updated} color="blue.8" testId="case-import-updated" />
              <Stat label="変更なし" value={preview.unchanged} testId="case-import-unchanged" />
              <Stat label="エラー" value={errors} color="red.7" testId="case-import-errors" />
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              {formatCount(preview.rows)}行 ・ 文字コード {preview.encoding}
              {preview.imported + preview.updated === 0 && errors === 0 ? ' ・ 追加・更新する事例はありません。' : ''}
            </Text>
            {errors > 0 ? (
              <>
                <Text size="xs" c={skipInvalid ? 'dimmed' : 'red.9'}>
                  {skipInvalid
                    ? '誤りのある行は飛ばして、残りを取り込みます。'
                    : '誤りのある行があります。直してから選び直すか、「誤りのある行を飛ばして取り込む」を選んでください。'}
                </Text>
                <ScrollArea.Autosize mah={220} type="auto">
                  <Table striped stickyHeader data-testid="case-import-problems">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={60}>行</Table.Th>
                        <Table.Th w={110}>列</Table.Th>
                        <Table.Th>内容</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.rejected.slice(0, MAX_PROBLEMS).map((p, i) => (
                        <Table.Tr key={i}>
                          <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{p.row}</Table.Td>
                          <Table.Td>{CASE_COLUMN_LABELS[p.column] ?? p.column}</Table.Td>
                          <Table.Td>{p.message}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea.Autosize>
                {errors > MAX_PROBLEMS ? (
                  <Text size="xs" c="dimmed">
                    ほか {formatCount(errors - MAX_PROBLEMS)}件
                  </Text>
                ) : null}
              </>
            ) : null}
          </Stack>
        ) : null}

        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close} disabled={busy}>
            キャンセル
          </Button>
          <Button
            data-testid="case-import-confirm"
            disabled={!canImport}
            loading={phase === 'importing'}
            onClick={() => {
              void confirm();
            }}
          >
            取り込む
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
