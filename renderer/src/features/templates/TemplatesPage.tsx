import { Box } from '@mantine/core';
import { useCallback, useEffect } from 'react';
import { useBlocker, useSearchParams } from 'react-router';
import { useContract } from '../../api/query.ts';
import { Page } from '../../components/Page.tsx';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { PlansSwitch } from '../../components/PlansSwitch.tsx';
import { isDirty, useTemplates } from './store.ts';
import { TemplateEditor } from './TemplateEditor.tsx';
import { TemplateList } from './TemplateList.tsx';

/**
 * テンプレートの編集: the templates (built-in ones read-only), duplicating, editing a custom
 * template's phases, sections and questions, JSON import / export. The template shown is in the
 * URL (?template=ID), so a reload reopens it; leaving with unsaved changes asks first.
 */
export function TemplatesPage() {
  const [params, setParams] = useSearchParams();
  const templateId = params.get('template');
  const items = useContract('templates.list', {}).data?.items ?? null;
  const open = useTemplates((s) => s.open);
  const dirty = useTemplates((s) => isDirty(s));

  // No template chosen: open the first one.
  useEffect(() => {
    if (!templateId && items && items.length > 0) setParams({ template: items[0]!.id }, { replace: true });
  }, [templateId, items, setParams]);

  useEffect(() => {
    if (templateId) void open(templateId);
    else useTemplates.getState().close();
  }, [templateId, open]);

  const select = useCallback((id: string | null) => setParams(id ? { template: id } : {}), [setParams]);

  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search));

  return (
    <Page name="templates" title="計画テンプレート" subtitle="テンプレートの複製・編集・並べ替え、JSON の取り込みと書き出し" actions={<PlansSwitch value="edit" />}>
      <Box style={{ display: 'grid', gridTemplateColumns: '220px minmax(0, 1fr)', gap: 12, height: '100%', minHeight: 0 }}>
        <Box style={{ borderRight: '1px solid var(--mantine-color-gray-3)', paddingRight: 8, minHeight: 0 }}>
          <TemplateList selectedId={templateId} onSelect={select} />
        </Box>
        <Box style={{ minHeight: 0, minWidth: 0 }}>
          <TemplateEditor onSelectTemplate={select} />
        </Box>
      </Box>
      <ConfirmModal
        opened={blocker.state === 'blocked'}
        title="保存していない変更があります"
        confirmLabel="変更を破棄して移動"
        danger
        testId="tpl-leave-modal"
        onCancel={() => blocker.reset?.()}
        onConfirm={() => {
          useTemplates.getState().discard();
          blocker.proceed?.();
        }}
      >
        このテンプレートの変更はまだ保存されていません。移動すると変更は失われます。
      </ConfirmModal>
    </Page>
  );
}
