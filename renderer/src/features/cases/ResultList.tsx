import { Alert, Badge, Box, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconSearchOff } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useState, type KeyboardEvent, type RefObject } from 'react';
import { useQueries } from '@tanstack/react-query';
import type { CaseHit, CaseSearchResult } from '../../../../shared/contract/index.ts';
import { querySuggestions } from '../../../../shared/search/query.ts';
import { contractQuery } from '../../api/query.ts';
import { isComposing } from '../../lib/ime.ts';
import { fiscalYearShort, formatCount, place } from '../../lib/format.ts';
import { Highlight } from './Highlight.tsx';
import { hitAt, useFirstPage, useResultPages } from './data.ts';
import { hasFilters, PAGE_SIZE, useCases } from './store.ts';

/** Every row has the same height: the list can hold 100,000 results. */
export const ROW_HEIGHT = 64;
/** Wait this long after scrolling stops before asking for missing pages. */
const FETCH_DELAY_MS = 60;
const MAX_BADGES = 3;

function Row({ hit }: { hit: CaseHit }) {
  const meta = [place(hit.prefecture, hit.municipality), fiscalYearShort(hit.fiscalYear)].filter(Boolean).join(' · ');
  return (
    <>
      <div className="banso-case-line banso-case-row-title">
        <Highlight parts={hit.titleParts} fallback={hit.title} />
      </div>
      <Group gap={6} wrap="nowrap" className="banso-case-row-meta">
        <Text span size="xs" c="dimmed" className="banso-case-line" style={{ flex: 'none', maxWidth: '60%' }}>
          {meta || hit.organization || '—'}
        </Text>
        <Group gap={3} wrap="nowrap" style={{ overflow: 'hidden', minWidth: 0 }}>
          {hit.fields.slice(0, MAX_BADGES).map((f) => (
            <Badge key={f} size="xs" variant="light" color="gray" style={{ flex: 'none' }}>
              {f}
            </Badge>
          ))}
          {hit.fields.length > MAX_BADGES ? (
            <Text span size="xs" c="dimmed">
              +{hit.fields.length - MAX_BADGES}
            </Text>
          ) : null}
        </Group>
      </Group>
      <div className="banso-case-line banso-case-row-snippet">
        <Highlight parts={hit.snippetParts} />
      </div>
    </>
  );
}

/** Wider queries that find something, offered when a query found nothing (with their counts). */
function Suggestions({ query }: { query: string }) {
  const filters = useCases((s) => s.filters);
  const search = useCases((s) => s.search);
  const candidates = querySuggestions(query);
  const counts = useQueries({
    queries: candidates.map((q) => contractQuery('cases.search', { query: q, filters, sort: 'relevance', offset: 0, limit: 1 })),
  });
  const found = candidates
    .map((q, i) => ({ q, total: (counts[i]?.data as CaseSearchResult | undefined)?.total ?? 0 }))
    .filter((x) => x.total > 0);
  if (found.length === 0) return null;
  return (
    <Stack gap={4} align="center" data-testid="case-suggestions">
      <Text size="sm">こちらで探してみますか:</Text>
      <Group gap={6} justify="center">
        {found.map((x) => (
          <Button key={x.q} size="compact-sm" variant="light" data-testid="case-suggestion" onClick={() => search({ query: x.q })}>
            {x.q}（{formatCount(x.total)}件）
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

function EmptyResult() {
  const filters = useCases((s) => s.filters);
  const query = useCases((s) => s.query);
  const clearFilters = useCases((s) => s.clearFilters);
  return (
    <Center h="100%" p="md">
      <Stack align="center" gap={6} maw={420}>
        <IconSearchOff size={28} stroke={1.4} color="var(--mantine-color-gray-6)" />
        <Text ta="center">{query || hasFilters(filters) ? '条件に合う事例はありません。' : '事例はまだ登録されていません。'}</Text>
        {query ? <Suggestions query={query} /> : null}
        {query ? (
          <Text size="xs" ta="center">
            語を減らす、OR でつなぐ（教育 OR 子育て）、-除外 を外すと広がります。
          </Text>
        ) : null}
        {hasFilters(filters) ? (
          <Button variant="default" onClick={clearFilters}>
            絞り込みの条件をクリア
          </Button>
        ) : null}
      </Stack>
    </Center>
  );
}

/**
 * The result list: virtualised, fixed-height rows, pages of PAGE_SIZE loaded
 * as they scroll into view. ↑/↓ move the cursor, Enter opens the case.
 */
export function ResultList({ scrollRef }: { scrollRef: RefObject<HTMLDivElement | null> }) {
  const { params, result, status: searchStatus, error: searchError, refetch } = useFirstPage();
  const total = result?.total ?? null;
  const cursor = useCases((s) => s.cursor);
  const openId = useCases((s) => s.openId);
  const query = params.query;
  const setCursorIn = useCases((s) => s.setCursor);
  const setCursor = (i: number) => setCursorIn(i, total ?? 0);
  const requestOpen = useCases((s) => s.requestOpen);
  // Pages in view once scrolling pauses (not every page flown past).
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const pages = useResultPages(params, range[0], range[1], searchStatus === 'ready');
  const first = result?.items;

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (lastRow < 0 || total === null) return;
    const t = setTimeout(() => {
      const firstPage = Math.floor(firstRow / PAGE_SIZE);
      const lastPage = Math.floor(Math.min(lastRow, total - 1) / PAGE_SIZE);
      setRange((r) => (r[0] === firstPage && r[1] === lastPage ? r : [firstPage, lastPage]));
    }, FETCH_DELAY_MS);
    return () => {
      clearTimeout(t);
    };
  }, [firstRow, lastRow, total]);

  // A new search starts at the top. (Asked only when scrolled: scrollToOffset reads the list's
  // scroll height, a forced layout of the whole page on every keystroke's answer.)
  const searchKey = JSON.stringify(params);
  useEffect(() => {
    if ((virtualizer.scrollOffset ?? 0) !== 0) virtualizer.scrollToOffset(0);
  }, [searchKey, virtualizer]);

  const moveTo = (index: number) => {
    if (!total) return;
    const i = Math.max(0, Math.min(total - 1, index));
    setCursor(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isComposing(e) || !total) return;
    const perPage = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 8) / ROW_HEIGHT) - 1);
    // A cursor scrolled out of sight: continue from what is on screen.
    const el = scrollRef.current;
    const top = el ? Math.ceil(el.scrollTop / ROW_HEIGHT) : 0;
    const bottom = el ? Math.floor((el.scrollTop + el.clientHeight) / ROW_HEIGHT) - 1 : total - 1;
    const visible = cursor >= top && cursor <= bottom;
    const at = cursor >= 0 && visible ? cursor : e.key === 'ArrowUp' ? bottom + 1 : top - 1;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(at + 1);
        break;
      case 'ArrowUp':
        moveTo(at - 1);
        break;
      case 'PageDown':
        moveTo(at + perPage);
        break;
      case 'PageUp':
        moveTo(at - perPage);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(total - 1);
        break;
      case 'Enter': {
        const hit = hitAt(first, pages, at);
        if (hit) requestOpen(hit.id);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  const showError = searchError !== null && (total === null || searchStatus === 'error');

  return (
    <Box pos="relative" h="100%" style={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
      {searchError && !showError ? (
        <Alert color="red" icon={<IconAlertCircle size={16} />} p={6} mb={4} style={{ flex: 'none' }}>
          <Text size="xs">{searchError}</Text>
        </Alert>
      ) : null}
      <div
        ref={scrollRef}
        className="banso-case-list banso-case-scroll"
        data-testid="case-list"
        data-status={searchStatus}
        data-query={query}
        role={total ? 'listbox' : 'group'}
        aria-label="検索結果"
        aria-activedescendant={cursor >= 0 && hitAt(first, pages, cursor) ? `case-row-${cursor}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={{ flex: 1, position: 'relative' }}
      >
        {showError ? (
          <Center h="100%" p="md">
            <Stack align="center" gap="xs" maw={360}>
              <IconAlertCircle size={28} stroke={1.4} color="var(--mantine-color-red-6)" />
              <Text ta="center" data-testid="case-search-error">
                検索できませんでした。{searchError}
              </Text>
              <Button
                variant="default"
                onClick={() => {
                  void refetch();
                }}
              >
                もう一度検索
              </Button>
            </Stack>
          </Center>
        ) : total === null ? (
          <Center h="100%">
            <Loader size="sm" />
          </Center>
        ) : total === 0 ? (
          <EmptyResult />
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((v) => {
              const hit = hitAt(first, pages, v.index);
              const style = { height: ROW_HEIGHT, transform: `translateY(${v.start}px)` };
              if (!hit) {
                return (
                  <div key={v.key} className="banso-case-row" style={style} data-testid="case-row-loading" aria-hidden>
                    <div className="banso-case-skeleton" style={{ width: '55%' }} />
                    <div className="banso-case-skeleton" style={{ width: '30%' }} />
                    <div className="banso-case-skeleton" style={{ width: '80%' }} />
                  </div>
                );
              }
              return (
                <div
                  key={v.key}
                  id={`case-row-${v.index}`}
                  role="option"
                  aria-selected={hit.id === openId}
                  className="banso-case-row"
                  data-testid="case-row"
                  data-id={hit.id}
                  data-index={v.index}
                  data-cursor={v.index === cursor || undefined}
                  data-open={hit.id === openId || undefined}
                  style={style}
                  onClick={() => {
                    setCursor(v.index);
                    requestOpen(hit.id);
                  }}
                >
                  <Row hit={hit} />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </Box>
  );
}
