import './cases.css';

import { Box, Button, Group, Loader, Select, Text, Tooltip } from '@mantine/core';
import { IconFileImport, IconLanguageHiragana, IconPlus } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { CaseSort } from '../../../../shared/contract/index.ts';
import type { Case } from '../../../../shared/domain/case.ts';
import { Page } from '../../components/Page.tsx';
import { CaseDetail } from './CaseDetail.tsx';
import { CaseForm } from './CaseForm.tsx';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ExportMenu } from './ExportMenu.tsx';
import { FacetPanel } from './FacetPanel.tsx';
import { formatCount } from '../../lib/format.ts';
import { ImportModal } from './ImportModal.tsx';
import { ResultList } from './ResultList.tsx';
import { SearchBar, SearchSyntaxHelp } from './SearchBar.tsx';
import { SynonymsModal } from './SynonymsModal.tsx';
import { useFirstPage, useOpenCase, useSearchFollowUp } from './data.ts';
import { useCases } from './store.ts';

const SORTS: { value: CaseSort; label: string }[] = [
  { value: 'relevance', label: '関連度順' },
  { value: 'year-desc', label: '年度の新しい順' },
  { value: 'year-asc', label: '年度の古い順' },
];

function isSort(v: string | null): v is CaseSort {
  return SORTS.some((s) => s.value === v);
}

function ResultCount() {
  const { result, status } = useFirstPage();
  const total = result?.total ?? null;
  const lowerBound = result?.totalIsLowerBound ?? false;
  const terms = result?.terms ?? [];
  const tookMs = result?.tookMs ?? null;
  const label = (
    <Group gap={6} wrap="nowrap" miw={88} justify="flex-end">
      {status === 'loading' ? <Loader size={12} /> : null}
      <Text size="sm" fw={600} data-testid="case-total" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {total === null ? '—' : `${formatCount(total)}件${lowerBound ? '以上' : ''}`}
      </Text>
    </Group>
  );
  if (terms.length === 0) return label;
  return (
    <Tooltip
      label={`検索した語: ${terms.join('、')}${tookMs === null ? '' : `（${Math.max(1, Math.round(tookMs))}ミリ秒）`}`}
      multiline
      maw={360}
    >
      {label}
    </Tooltip>
  );
}

function SortSelect() {
  const sort = useCases((s) => s.sort);
  const search = useCases((s) => s.search);
  return (
    <Select
      aria-label="並べ替え"
      data-testid="case-sort"
      data={SORTS}
      value={sort}
      allowDeselect={false}
      w={150}
      onChange={(v) => {
        if (isSort(v)) search({ sort: v });
      }}
    />
  );
}

function DetailPane({ onDelete }: { onDelete: (c: Case) => void }) {
  const mode = useCases((s) => s.mode);
  const current = useOpenCase().case;
  if (mode === 'create') return <CaseForm key="new" initial={null} />;
  if (mode === 'edit' && current) return <CaseForm key={`edit-${current.id}`} initial={current} />;
  return <CaseDetail onDelete={onDelete} />;
}

/** 事例ライブラリ: search, filter, read, write, import and export good practices. */
export function CasesPage() {
  const startCreate = useCases((s) => s.startCreate);
  const remove = useCases((s) => s.remove);
  const mode = useCases((s) => s.mode);
  const dirty = useCases((s) => s.dirty);
  const pendingOpen = useCases((s) => s.pendingOpen);
  const confirmPendingOpen = useCases((s) => s.confirmPendingOpen);
  const cancelPendingOpen = useCases((s) => s.cancelPendingOpen);
  const cursor = useCases((s) => s.cursor);
  const setCursor = useCases((s) => s.setCursor);
  const requestOpen = useCases((s) => s.requestOpen);
  const openId = useCases((s) => s.openId);
  const total = useFirstPage().result?.total ?? 0;
  const [params, setParams] = useSearchParams();
  const caseParam = params.get('case');
  const listRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLDivElement>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [synonymsOpen, setSynonymsOpen] = useState(false);
  const [toDelete, setToDelete] = useState<Case | null>(null);

  useSearchFollowUp();

  // Opened from elsewhere (#/cases?case=ID): open it, then the address is the library's again.
  useEffect(() => {
    if (!caseParam) return;
    requestOpen(caseParam);
    setParams({}, { replace: true });
  }, [caseParam, requestOpen, setParams]);

  // Another case, or the form: start reading at the top.
  useEffect(() => {
    paneRef.current?.scrollTo({ top: 0 });
  }, [openId, mode]);

  return (
    <Page
      name="cases"
      title="事例ライブラリ"
      subtitle="地域DXの好事例を探して、支援に活かします"
      actions={
        <Group gap={6} wrap="nowrap">
          <Button
            leftSection={<IconPlus size={14} />}
            data-testid="case-new"
            disabled={mode !== 'view' && dirty}
            onClick={startCreate}
          >
            新規登録
          </Button>
          <Button
            variant="default"
            leftSection={<IconFileImport size={14} />}
            data-testid="case-import"
            onClick={() => {
              setImportOpen(true);
            }}
          >
            取り込み
          </Button>
          <ExportMenu />
          <Button
            variant="default"
            leftSection={<IconLanguageHiragana size={14} />}
            data-testid="case-synonyms"
            onClick={() => {
              setSynonymsOpen(true);
            }}
          >
            同義語
          </Button>
        </Group>
      }
    >
      <Box style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0, gap: 8 }}>
        <Group gap="xs" wrap="nowrap" style={{ flex: 'none' }}>
          <SearchBar
            onArrowDown={() => {
              listRef.current?.focus();
              if (cursor < 0) setCursor(0, total);
            }}
          />
          <SearchSyntaxHelp />
          <SortSelect />
          <ResultCount />
        </Group>

        <Box style={{ display: 'flex', flex: 1, minHeight: 0, gap: 12 }}>
          <Box component="aside" aria-label="絞り込み" className="banso-case-scroll" w={220} pr={4} style={{ flex: 'none' }}>
            <FacetPanel />
          </Box>
          <Box
            style={{
              flex: '55 1 0',
              minWidth: 0,
              border: '1px solid var(--mantine-color-gray-3)',
              borderRadius: 'var(--mantine-radius-sm)',
              overflow: 'hidden',
            }}
          >
            <ResultList scrollRef={listRef} />
          </Box>
          <Box
            ref={paneRef}
            component="section"
            aria-label="事例の詳細"
            data-testid="case-detail"
            data-mode={mode}
            className="banso-case-scroll"
            px="sm"
            style={{ flex: '45 1 0', minWidth: 0, borderLeft: '1px solid var(--mantine-color-gray-3)' }}
          >
            <DetailPane onDelete={setToDelete} />
          </Box>
        </Box>
      </Box>

      <ConfirmModal
        opened={toDelete !== null}
        title="この事例を削除しますか？"
        confirmLabel="削除"
        danger
        testId="case-delete-modal"
        onCancel={() => {
          setToDelete(null);
        }}
        onConfirm={async () => {
          if (toDelete) await remove(toDelete);
          setToDelete(null);
        }}
      >
        <Text size="sm" fw={600}>
          {toDelete?.title}
        </Text>
        <Text size="xs" c="dimmed" mt={4}>
          削除したあと、しばらくの間は「元に戻す」で戻せます。
        </Text>
      </ConfirmModal>

      <ConfirmModal
        opened={pendingOpen !== null}
        title="編集中の内容を破棄しますか？"
        confirmLabel="破棄して開く"
        danger
        testId="case-discard-modal"
        onCancel={cancelPendingOpen}
        onConfirm={confirmPendingOpen}
      >
        保存していない変更があります。
      </ConfirmModal>

      <ImportModal
        opened={importOpen}
        onClose={() => {
          setImportOpen(false);
        }}
      />
      <SynonymsModal
        opened={synonymsOpen}
        onClose={() => {
          setSynonymsOpen(false);
        }}
      />
    </Page>
  );
}
