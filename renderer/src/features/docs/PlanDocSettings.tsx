import { Button, FileButton, Group, Input, NumberInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconFileSpreadsheet, IconFileUpload, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { PLAN_DOC_STATUSES, type PlanDocStatus } from '../../../../shared/domain/plan-doc.ts';
import { ask, useContract, write } from '../../api/query.ts';
import { saveFile } from '../../lib/files.ts';
import { notifyExported, notifyFailure } from '../../lib/notify.tsx';

const STATUS_OPTIONS = Object.entries(PLAN_DOC_STATUSES).map(([value, label]) => ({ value, label }));

async function fileBase64(f: File): Promise<string> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The plan document's own settings (docs.settings): its name, 段階 (素案 / 案 / 確定版), 計画期間, the
 * department, the municipality's reference .docx (様式), and the plan's tables as Excel. Text fields
 * save when they lose the focus (never while an IME is composing).
 */
export function PlanDocSettings({ engagementId }: { engagementId: string }) {
  const q = useContract('docs.settings', { engagementId });
  const s = q.data?.settings;
  const [title, setTitle] = useState('');
  const [department, setDepartment] = useState('');
  const [startFy, setStartFy] = useState<number | string>('');
  const [endFy, setEndFy] = useState<number | string>('');
  useEffect(() => {
    if (!s) return;
    setTitle(s.title);
    setDepartment(s.department);
    setStartFy(s.startFy ?? '');
    setEndFy(s.endFy ?? '');
  }, [s]);
  if (!q.data || !s) return null;
  const patch = async (p: Record<string, unknown>) => {
    try {
      await write('docs.updateSettings', { engagementId, patch: p });
    } catch (e) {
      notifyFailure('文書の設定を保存できませんでした', e);
    }
  };
  const fy = (v: number | string) => (typeof v === 'number' ? v : null);
  return (
    <Stack gap={6} data-testid="plan-doc-settings">
      <Text size="xs" fw={600}>
        計画書の設定
      </Text>
      <Text size="xs" c="dimmed" data-testid="plan-doc-title">
        {q.data.preview.title}
      </Text>
      <TextInput
        size="xs"
        label="計画の名前（空ならテンプレートの名前）"
        placeholder="テンプレートの名前"
        value={title}
        data-testid="plan-doc-name"
        onChange={(e) => setTitle(e.currentTarget.value)}
        onBlur={() => title !== s.title && void patch({ title })}
      />
      <Input.Wrapper label="段階（表紙とヘッダー）" size="xs">
        <SegmentedControl
          fullWidth
          size="xs"
          data={STATUS_OPTIONS}
          value={s.status}
          data-testid="plan-doc-status"
          onChange={(v) => v in PLAN_DOC_STATUSES && void patch({ status: v as PlanDocStatus })}
        />
      </Input.Wrapper>
      <Group gap={6} grow>
        <NumberInput size="xs" label="計画期間（西暦・始め）" placeholder="自動" min={2000} max={2100} value={startFy} onChange={setStartFy} onBlur={() => fy(startFy) !== s.startFy && void patch({ startFy: fy(startFy) })} data-testid="plan-doc-start" />
        <NumberInput size="xs" label="終わり" placeholder="自動" min={2000} max={2100} value={endFy} onChange={setEndFy} onBlur={() => fy(endFy) !== s.endFy && void patch({ endFy: fy(endFy) })} data-testid="plan-doc-end" />
      </Group>
      <Text size="xs" c="dimmed" data-testid="plan-doc-period">
        {q.data.preview.period}
      </Text>
      <TextInput size="xs" label="担当部署（表紙）" placeholder="総務課 企画係" value={department} onChange={(e) => setDepartment(e.currentTarget.value)} onBlur={() => department !== s.department && void patch({ department })} data-testid="plan-doc-department" />
      <Input.Wrapper label="団体の様式（.docx のスタイル・余白・ヘッダー）" size="xs">
        <Group gap={6} wrap="nowrap">
          <FileButton
            accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            onChange={(f) => {
              if (!f) return;
              void (async () => {
                try {
                  await write('docs.setReference', { engagementId, reference: { fileName: f.name, contentBase64: await fileBase64(f) } });
                } catch (e) {
                  notifyFailure('様式を取り込めませんでした', e);
                }
              })();
            }}
          >
            {(props) => (
              <Button {...props} size="compact-xs" variant="default" leftSection={<IconFileUpload size={12} />} data-testid="plan-doc-reference">
                取り込む
              </Button>
            )}
          </FileButton>
          {q.data.reference ? (
            <>
              <Text size="xs" truncate title={q.data.reference.name}>
                {q.data.reference.name}
              </Text>
              <Button size="compact-xs" variant="subtle" color="gray" aria-label="様式を外す" onClick={() => void write('docs.setReference', { engagementId, reference: null }).catch((e: unknown) => notifyFailure('様式を外せませんでした', e))}>
                <IconX size={12} />
              </Button>
            </>
          ) : (
            <Text size="xs" c="dimmed">
              なし（既定の書式）
            </Text>
          )}
        </Group>
      </Input.Wrapper>
      <Button
        size="compact-xs"
        variant="default"
        leftSection={<IconFileSpreadsheet size={12} />}
        data-testid="plan-doc-xlsx"
        title="KPI・施策体系・事業一覧・工程表"
        onClick={() =>
          void (async () => {
            try {
              const out = await ask('docs.tablesXlsx', { engagementId });
              notifyExported(out, await saveFile(out));
            } catch (e) {
              notifyFailure('表を保存できませんでした', e);
            }
          })()
        }
      >
        表を Excel で保存
      </Button>
    </Stack>
  );
}
