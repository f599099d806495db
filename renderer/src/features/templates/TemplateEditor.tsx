import { Alert, Badge, Box, Button, Group, Loader, ScrollArea, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCopy, IconDeviceFloppy, IconFileExport, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Template } from '../../../../shared/domain/template.ts';
import { errorMessage } from '../../api/client.ts';
import { ask, useContract, writeAndRefresh } from '../../api/query.ts';
import { isComposing } from '../../lib/ime.ts';
import { saveFile } from '../../lib/files.ts';
import { bytesToBase64 } from '../../lib/files.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notify, notifyExported, notifyFailure } from '../../lib/notify.tsx';
import { addPhase, addQuestion, addSection, fieldId, moveNode, questionPath, removeNode, replaced, sectionPath, phasePath, selectionOfPath, type Selection } from './draft.ts';
import { FieldContext } from './fields.tsx';
import { PhaseForm, SectionForm, TemplateForm } from './NodeForms.tsx';
import { Outline, outlineRowId } from './Outline.tsx';
import { QuestionForm } from './QuestionForm.tsx';
import { isDirty, useTemplates } from './store.ts';
import { DuplicateModal } from './TemplateModals.tsx';

/** The problem list scrolls beyond about four lines, so the form stays in view. */
const PROBLEMS_HEIGHT = 76;
const REVALIDATE_MS = 400;

function focusSoon(id: string) {
  requestAnimationFrame(() => {
    const el = document.getElementById(id);
    if (el) {
      el.scrollIntoView({ block: 'nearest' });
      el.focus();
    }
  });
}

/** Export a template as JSON: the desktop app's save dialog, or a download in browser mode. */
export async function exportTemplate(id: string): Promise<void> {
  try {
    const r = await ask('templates.export', { id });
    const file = { fileName: r.fileName, mimeType: 'application/json', contentBase64: await bytesToBase64(new TextEncoder().encode(r.json)) };
    const saved = await saveFile(file);
    notifyExported(file, saved);
  } catch (e) {
    notifyFailure('書き出せませんでした', e);
  }
}

/** The template being edited: its actions, its outline and the form of the selected node. */
export function TemplateEditor({ onSelectTemplate }: { onSelectTemplate: (id: string | null) => void }) {
  const draft = useTemplates((s) => s.draft);
  const loaded = useTemplates((s) => s.loaded);
  const loading = useTemplates((s) => s.loading);
  const loadError = useTemplates((s) => s.loadError);
  const selection = useTemplates((s) => s.selection);
  const problems = useTemplates((s) => s.problems);
  const saving = useTemplates((s) => s.saving);
  const conflict = useTemplates((s) => s.conflict);
  const items = useContract('templates.list', {}).data?.items ?? null;
  const { setDraft, select, save, discard, revalidate, open } = useTemplates.getState();
  const dirty = useMemo(() => isDirty({ draft, loaded }), [draft, loaded]);
  const [duplicating, setDuplicating] = useState<{ id: string; name: string } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const readOnly = loaded?.builtIn ?? true;
  const summary = items?.find((t) => t.id === loaded?.id);

  // Problems shown: check again while the user fixes them.
  const showingProblems = problems.length > 0;
  useEffect(() => {
    if (!showingProblems) return;
    const timer = setTimeout(() => void revalidate(), REVALIDATE_MS);
    return () => clearTimeout(timer);
  }, [draft, showingProblems, revalidate]);

  // Ctrl+S / ⌘S saves (never while an IME is composing).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's' && !isComposing(e)) {
        e.preventDefault();
        if (!useTemplates.getState().loaded?.builtIn) void useTemplates.getState().save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (loading && !draft) return <Loader size="sm" />;
  if (loadError) {
    return (
      <Alert color="red" title="テンプレートを開けませんでした">
        {loadError}
      </Alert>
    );
  }
  if (!draft || !loaded) {
    return (
      <Text size="sm" c="dimmed">
        左の一覧からテンプレートを選んでください。
      </Text>
    );
  }
  const t = draft;

  const apply = (r: { template: Template; selection: Selection } | null, focusOutline = false) => {
    if (!r) return;
    setDraft(r.template, r.selection);
    if (focusOutline) focusSoon(outlineRowId(r.selection));
  };
  const move = (sel: Selection, step: -1 | 1, focusOutline = false) => apply(moveNode(t, sel, step), focusOutline);
  const jumpTo = (path: string) => {
    const sel = selectionOfPath(path);
    select(sel);
    requestAnimationFrame(() => {
      const el = document.getElementById(fieldId(path));
      if (el) focusSoon(fieldId(path));
      else focusSoon(outlineRowId(sel));
    });
  };

  const setPhase = (p: number, phase: Template['phases'][number]) => setDraft({ ...t, phases: replaced(t.phases, p, phase) });
  const setSection = (p: number, s: number, section: Template['phases'][number]['sections'][number]) => {
    const phase = t.phases[p];
    if (phase) setPhase(p, { ...phase, sections: replaced(phase.sections, s, section) });
  };
  const setQuestion = (p: number, s: number, q: number, question: Template['phases'][number]['sections'][number]['questions'][number]) => {
    const section = t.phases[p]?.sections[s];
    if (section) setSection(p, s, { ...section, questions: replaced(section.questions, q, question) });
  };

  let form: ReactNode = null;
  let crumb = 'テンプレート情報';
  if (selection.kind === 'template') form = <TemplateForm template={t} onChange={(next) => setDraft(next)} />;
  else {
    const phase = t.phases[selection.p];
    if (phase && selection.kind === 'phase') {
      crumb = `フェーズ ${selection.p + 1}`;
      form = <PhaseForm template={t} phase={phase} path={phasePath(selection.p)} onChange={(next) => setPhase(selection.p, next)} />;
    }
    const section = selection.kind !== 'phase' ? phase?.sections[selection.s] : undefined;
    if (phase && section && selection.kind === 'section') {
      crumb = `${phase.name} › セクション ${selection.s + 1}`;
      form = <SectionForm section={section} path={sectionPath(selection.p, selection.s)} onChange={(next) => setSection(selection.p, selection.s, next)} />;
    }
    if (phase && section && selection.kind === 'question') {
      const question = section.questions[selection.q];
      crumb = `${phase.name} › ${section.title} › 設問 ${selection.q + 1}`;
      if (question) {
        form = (
          <QuestionForm
            key={questionPath(selection.p, selection.s, selection.q)}
            template={t}
            question={question}
            path={questionPath(selection.p, selection.s, selection.q)}
            onChange={(next) => setQuestion(selection.p, selection.s, selection.q, next)}
            onOutlineChange={(document) => setDraft({ ...t, document })}
          />
        );
      }
    }
  }

  const kindName = selection.kind === 'phase' ? 'フェーズ' : selection.kind === 'section' ? 'セクション' : selection.kind === 'question' ? '設問' : '';
  const canMoveUp = selection.kind !== 'template' && moveNode(t, selection, -1) !== null;
  const canMoveDown = selection.kind !== 'template' && moveNode(t, selection, 1) !== null;

  return (
    <Stack gap={6} style={{ height: '100%', minHeight: 0 }} data-testid="tpl-editor" data-id={loaded.id} data-dirty={dirty ? 'true' : 'false'} data-version={loaded.version}>
      {/* The template and its actions */}
      <Group justify="space-between" wrap="nowrap" gap={8}>
        <Group gap={6} wrap="nowrap" miw={0}>
          <Title order={2} size="h4" lineClamp={1} data-testid="tpl-title" title={t.name}>
            {t.name || '（名前なし）'}
          </Title>
          {readOnly ? (
            <Badge variant="light" color="gray" size="sm" style={{ flex: 'none' }}>
              組み込み
            </Badge>
          ) : (
            <Badge variant="light" color="blue" size="sm" style={{ flex: 'none' }}>
              自作 版{loaded.version}
            </Badge>
          )}
          {!readOnly && (
            <Text size="xs" c={dirty ? 'orange.9' : 'dimmed'} style={{ whiteSpace: 'nowrap' }} data-testid="tpl-save-state" aria-live="polite">
              {saving ? '保存中…' : dirty ? '未保存の変更があります' : '保存済み'}
            </Text>
          )}
        </Group>
        <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
          {!readOnly && (
            <>
              <Tooltip label="Ctrl+S">
                <Button size="xs" leftSection={<IconDeviceFloppy size={14} />} disabled={!dirty} loading={saving} onClick={() => void save()} data-testid="tpl-save">
                  保存
                </Button>
              </Tooltip>
              <Button size="xs" variant="default" disabled={!dirty || saving} onClick={discard} data-testid="tpl-discard">
                変更を破棄
              </Button>
            </>
          )}
          <Button size="xs" variant={readOnly ? 'filled' : 'default'} leftSection={<IconCopy size={14} />} onClick={() => setDuplicating({ id: loaded.id, name: JSON.parse(loaded.baseline).name as string })} data-testid="tpl-duplicate">
            複製
          </Button>
          <Tooltip label={dirty ? '保存済みの版を書き出します' : 'JSON ファイルに書き出す'}>
            <Button size="xs" variant="default" leftSection={<IconFileExport size={14} />} onClick={() => void exportTemplate(loaded.id)} data-testid="tpl-export">
              JSON エクスポート
            </Button>
          </Tooltip>
          {!readOnly && (
            <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(true)} data-testid="tpl-delete">
              削除
            </Button>
          )}
        </Group>
      </Group>

      {readOnly && (
        <Alert color="gray" py={6} data-testid="tpl-readonly">
          <Text size="xs">組み込みテンプレートは読み取り専用です。「複製」すると、編集できる自作テンプレートになります。</Text>
        </Alert>
      )}
      {conflict && (
        <Alert color="yellow" py={6} data-testid="tpl-conflict" title="ほかの操作で保存されています">
          <Text size="xs">このテンプレートは開いたあとに保存されています（現在 版{conflict.version}）。読み込み直すと、ここでの変更は破棄されます。</Text>
          <Group gap={6} mt={6}>
            <Button size="compact-xs" variant="default" onClick={() => void open(loaded.id)}>
              読み込み直す（変更を破棄）
            </Button>
            <Button size="compact-xs" color="yellow" onClick={() => void save({ overwrite: true })} data-testid="tpl-overwrite">
              この内容で上書き保存
            </Button>
          </Group>
        </Alert>
      )}
      {problems.length > 0 && (
        <Alert color="red" py={6} data-testid="tpl-problems" title={`誤りが${problems.length}件あります（直すまで保存できません。クリックでその項目へ）`}>
          <ScrollArea.Autosize mah={PROBLEMS_HEIGHT} type="auto">
            <Stack gap={1}>
              {problems.map((p, i) => (
                <UnstyledButton key={`${p.path}-${String(i)}`} onClick={() => jumpTo(p.path)} data-testid="tpl-problem" data-path={p.path} style={{ fontSize: 'var(--mantine-font-size-xs)' }}>
                  <Text span ff="monospace" size="xs" fw={600}>
                    {p.path || '(全体)'}
                  </Text>
                  : {p.message}
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Alert>
      )}

      <FieldContext problems={problems} readOnly={readOnly}>
        <Box style={{ display: 'grid', gridTemplateColumns: '290px minmax(0, 1fr)', gap: 10, flex: 1, minHeight: 0 }}>
          <ScrollArea type="auto" style={{ borderRight: '1px solid var(--mantine-color-gray-3)' }} pr={6}>
            <Outline
              template={t}
              selection={selection}
              problems={problems}
              readOnly={readOnly}
              onSelect={select}
              onMove={(sel, step) => move(sel, step, true)}
              onAdd={(what, at) => apply(what === 'phase' ? addPhase(t, at) : what === 'section' ? addSection(t, at) : addQuestion(t, at))}
            />
          </ScrollArea>
          <ScrollArea type="auto" data-testid="tpl-detail">
            <Stack gap={8} pr={14} pb="md">
              <Group justify="space-between" gap={6} wrap="nowrap">
                <Text size="xs" c="dimmed" truncate data-testid="tpl-crumb" title={crumb}>
                  {crumb}
                </Text>
                {!readOnly && selection.kind !== 'template' && (
                  <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
                    <Tooltip label="Alt+↑（構成の中で）">
                      <Button size="compact-xs" variant="default" leftSection={<IconArrowUp size={12} />} disabled={!canMoveUp} onClick={() => move(selection, -1)} data-testid="node-up">
                        上へ
                      </Button>
                    </Tooltip>
                    <Tooltip label="Alt+↓（構成の中で）">
                      <Button size="compact-xs" variant="default" leftSection={<IconArrowDown size={12} />} disabled={!canMoveDown} onClick={() => move(selection, 1)} data-testid="node-down">
                        下へ
                      </Button>
                    </Tooltip>
                    {(selection.kind === 'section' || selection.kind === 'question') && (
                      <Button size="compact-xs" variant="default" leftSection={<IconPlus size={12} />} onClick={() => apply(addQuestion(t, selection))} data-testid="node-add-question">
                        {selection.kind === 'question' ? 'この下に設問を追加' : '設問を追加'}
                      </Button>
                    )}
                    {(selection.kind === 'phase' || selection.kind === 'section') && (
                      <Button size="compact-xs" variant="default" leftSection={<IconPlus size={12} />} onClick={() => apply(addSection(t, selection))} data-testid="node-add-section">
                        セクションを追加
                      </Button>
                    )}
                    <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconTrash size={12} />} onClick={() => apply(removeNode(t, selection))} data-testid="node-remove">
                      この{kindName}を削除
                    </Button>
                  </Group>
                )}
              </Group>
              {form}
              {selection.kind === 'question' && !readOnly && (
                <Text size="xs" c="dimmed">
                  設問を削除・変更しても、作成済みの計画の回答は消えません。計画で「テンプレートを最新版に更新」すると、合わなくなった回答は「テンプレートにない回答」として残ります。
                </Text>
              )}
            </Stack>
          </ScrollArea>
        </Box>
      </FieldContext>

      <DuplicateModal
        source={duplicating}
        onClose={() => setDuplicating(null)}
        onDone={(copy) => {
          setDuplicating(null);
          notify({ tone: 'ok', text: `複製しました: ${copy.name}` });
          onSelectTemplate(copy.id);
        }}
      />
      <ConfirmModal
        opened={deleting}
        title="このテンプレートを削除しますか？"
        confirmLabel="削除"
        danger
        testId="tpl-delete-modal"
        onCancel={() => setDeleting(false)}
        onConfirm={async () => {
          try {
            const r = await writeAndRefresh('templates.delete', { id: loaded.id });
            setDeleting(false);
            notify({ tone: 'ok', text: `削除しました: ${r.deleted.name}` });
            useTemplates.getState().close();
            onSelectTemplate(null);
          } catch (e) {
            setDeleting(false);
            notify({ tone: 'error', text: `削除できませんでした: ${errorMessage(e)}` });
          }
        }}
      >
        <Stack gap={4}>
          <Text size="sm">「{t.name}」を削除します。元に戻せません（必要なら先に JSON エクスポートしてください）。</Text>
          <Text size="xs" c="dimmed">
            {summary && summary.usedBy > 0 ? `このテンプレートから作った計画（${summary.usedBy}件）は、テンプレートの写しを持っているため影響を受けません。` : 'このテンプレートを使っている計画はありません。'}
          </Text>
        </Stack>
      </ConfirmModal>
    </Stack>
  );
}
