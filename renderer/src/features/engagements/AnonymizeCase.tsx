import { Alert, Box, Button, Group, List, Modal, ScrollArea, Stack, Text, TextInput, Textarea, type ButtonProps } from '@mantine/core';
import { IconBooks } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { ask, write } from '../../api/query.ts';
import { paths } from '../../routes.ts';
import { notify } from '../../lib/notify.tsx';
import { CaseInputSchema, type CaseInput } from '../../../../shared/domain/case.ts';
import { applyApiError, useSchemaForm } from '../../lib/form.ts';
import { Markdown } from '../../components/DocBlocks.tsx';

/**
 * 「匿名化して事例にする」: the engagement becomes a 好事例 draft without the client's name, people,
 * contact details or notes (shared/domain/anonymize.ts). The user reads and edits the title and
 * summary, then adds it to the library; nothing is saved before that.
 */
export function AnonymizeCaseButton({ engagementId, beforeOpen, ...props }: { engagementId: string; beforeOpen?: () => Promise<unknown> } & Omit<ButtonProps, 'children' | 'onClick'>) {
  const navigate = useNavigate();
  const [draft, setDraftState] = useState<CaseInput | null>(null);
  // Title and summary are checked by the shared schema of a case before anything is saved.
  const form = useSchemaForm<{ title: string; summary: string }>({ title: '', summary: '' }, CaseInputSchema.pick({ title: true, summary: true }));
  const setDraft = (d: CaseInput | null) => {
    setDraftState(d);
    if (d) {
      form.setValues({ title: d.title, summary: d.summary });
      form.clearErrors();
    }
  };
  const [removed, setRemoved] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      await beforeOpen?.().catch(() => {});
      const r = await ask('cases.draftFromEngagement', { engagementId });
      setDraft(r.draft);
      setRemoved(r.removed);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const save = form.onSubmit(async ({ title, summary }) => {
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await write('cases.create', { ...draft, title, summary });
      setDraft(null);
      void navigate(paths.cases(saved.id));
      notify({ tone: 'ok', text: `匿名化した事例「${saved.title}」を登録しました。` });
    } catch (e) {
      setError(applyApiError(form, e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <>
      <Button variant="subtle" leftSection={<IconBooks size={14} />} loading={busy && !draft} data-testid="anonymize-case" {...props} onClick={() => void open()}>
        匿名化して事例に
      </Button>
      {error && !draft ? (
        <Alert color="red" py={4} data-testid="anonymize-error">
          {error}
        </Alert>
      ) : null}
      <Modal opened={draft !== null} onClose={() => setDraft(null)} title="匿名化した好事例として事例ライブラリに登録" size="xl" data-testid="anonymize-modal">
        {draft && (
          <Stack gap={8}>
            <Text size="xs" c="dimmed">
              取り除いたもの: {removed.join('、')}。都道府県・団体の種類・規模の目安・事業・年度・議題と決定事項（固有名詞は「〇〇」）が残ります。登録前に内容を確かめてください。
            </Text>
            <TextInput label="題名" data-testid="anonymize-title" {...form.getInputProps('title')} />
            <Textarea label="概要" autosize minRows={2} maxRows={5} data-testid="anonymize-summary" {...form.getInputProps('summary')} />
            <Text size="xs" fw={600}>
              本文
            </Text>
            <ScrollArea.Autosize mah={260} type="auto">
              <Box data-testid="anonymize-body" fz="sm">
                <Markdown source={draft.body} />
              </Box>
            </ScrollArea.Autosize>
            <List size="xs" c="dimmed">
              <List.Item>
                {draft.prefecture || '（都道府県なし）'}・{draft.size || '規模不明'}・{draft.fiscalYear ?? '年度不明'}年度・{draft.programs.join('、')}
              </List.Item>
            </List>
            {error ? (
              <Alert color="red" py={4}>
                {error}
              </Alert>
            ) : null}
            <Group justify="flex-end" gap={8}>
              <Button variant="default" onClick={() => setDraft(null)}>
                やめる
              </Button>
              <Button loading={busy} onClick={() => save()} data-testid="anonymize-save">
                事例ライブラリに登録
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
