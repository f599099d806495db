import { Badge, Box, Button, Group, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { Template, TemplateProblem } from '../../../../shared/domain/template.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { useContract, writeAndRefresh } from '../../api/query.ts';
import { notify } from '../../lib/notify.tsx';
import { problemsOf } from './store.ts';
import { ImportConflictModal, ImportProblemsModal } from './TemplateModals.tsx';

/** Read the id of template JSON text without judging it (the core validates). */
function idOf(json: string): string | null {
  try {
    const v = JSON.parse(json.replace(/^\uFEFF/, '')) as unknown;
    return typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null;
  } catch {
    return null;
  }
}

/** The templates (組み込み first, then the user's own) and JSON インポート. */
export function TemplateList({ selectedId, onSelect }: { selectedId: string | null; onSelect: (id: string) => void }) {
  const list = useContract('templates.list', {});
  const items = list.data?.items ?? null;
  const listError = list.error?.message ?? null;
  const fileInput = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ json: string; fileName: string } | null>(null);
  const [problems, setProblems] = useState<TemplateProblem[] | null>(null);
  const [conflict, setConflict] = useState<{ id: string; builtIn: boolean; message: string } | null>(null);

  const imported = async (t: Template, replaced: boolean) => {
    notify({ tone: 'ok', text: replaced ? `置き換えました: ${t.name}（版 ${t.version}）` : `取り込みました: ${t.name}` });
    onSelect(t.id);
  };

  const runImport = async (json: string, fileName: string, onConflict: 'error' | 'new-id' | 'replace') => {
    try {
      const r = await writeAndRefresh('templates.import', { json, onConflict });
      setPending(null);
      setConflict(null);
      await imported(r.template, r.replaced);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict' && e.path?.[0] === 'id' && onConflict === 'error') {
        const id = idOf(json) ?? '';
        setPending({ json, fileName });
        setConflict({ id, builtIn: items?.some((t) => t.id === id && t.builtIn) ?? false, message: e.message });
        return;
      }
      setConflict(null);
      if (e instanceof ApiError && e.code === 'invalid_input') {
        setPending({ json, fileName });
        setProblems(problemsOf(e));
        return;
      }
      notify({ tone: 'error', text: `取り込めませんでした: ${errorMessage(e)}` });
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch {
      notify({ tone: 'error', text: `ファイルを読み込めませんでした: ${file.name}` });
      return;
    }
    await runImport(text, file.name, 'error');
  };

  const builtIn = (items ?? []).filter((t) => t.builtIn);
  const custom = (items ?? []).filter((t) => !t.builtIn);
  const entry = (t: NonNullable<typeof items>[number]) => {
    const active = t.id === selectedId;
    return (
      <UnstyledButton
        key={t.id}
        onClick={() => onSelect(t.id)}
        aria-current={active ? 'true' : undefined}
        data-testid="tpl-item"
        data-id={t.id}
        px={8}
        py={4}
        style={{
          borderRadius: 4,
          background: active ? 'var(--mantine-color-blue-0)' : undefined,
          borderLeft: `3px solid ${active ? 'var(--mantine-color-blue-6)' : 'transparent'}`,
        }}
      >
        <Text size="xs" fw={600} lineClamp={2}>
          {t.name}
        </Text>
        <Group gap={4} mt={2}>
          {t.builtIn ? (
            <Badge size="xs" variant="light" color="gray" data-testid="tpl-builtin">
              組み込み
            </Badge>
          ) : (
            <Badge size="xs" variant="light" color="blue">
              自作 版{t.version}
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {t.phases}フェーズ・{t.questions}問{t.usedBy > 0 ? `・計画${t.usedBy}件` : ''}
          </Text>
        </Group>
      </UnstyledButton>
    );
  };

  return (
    <Stack gap={6} style={{ minHeight: 0, height: '100%' }} data-testid="tpl-list">
      <Group justify="space-between" gap={4}>
        <Text size="xs" fw={700}>
          テンプレート
        </Text>
        <Button variant="default" size="compact-xs" leftSection={<IconFileImport size={13} />} onClick={() => fileInput.current?.click()} data-testid="tpl-import">
          JSON インポート
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="tpl-import-file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            void onFile(file);
          }}
        />
      </Group>
      {listError && (
        <Text size="xs" c="red.9">
          {listError}
        </Text>
      )}
      <ScrollArea type="auto" style={{ flex: 1, minHeight: 0 }}>
        <Stack gap={2}>
          <Text size="xs" c="dimmed" mt={2}>
            組み込み（読み取り専用）
          </Text>
          {builtIn.map(entry)}
          <Text size="xs" c="dimmed" mt={8}>
            自作
          </Text>
          {custom.map(entry)}
          {items !== null && custom.length === 0 && (
            <Box px={8}>
              <Text size="xs" c="dimmed">
                まだありません。組み込みテンプレートを選んで「複製」すると編集できます。
              </Text>
            </Box>
          )}
        </Stack>
      </ScrollArea>
      <ImportProblemsModal
        problems={problems}
        fileName={pending?.fileName ?? ''}
        onClose={() => {
          setProblems(null);
          setPending(null);
        }}
      />
      <ImportConflictModal
        conflict={conflict}
        onClose={() => {
          setConflict(null);
          setPending(null);
        }}
        onChoose={async (how) => {
          if (pending) await runImport(pending.json, pending.fileName, how);
        }}
      />
    </Stack>
  );
}
