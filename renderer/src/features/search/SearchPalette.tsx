import './search.css';
import { Group, Text } from '@mantine/core';
import { Spotlight } from '@mantine/spotlight';
import { IconBooks, IconBriefcase, IconBuilding, IconListCheck, IconNotebook, IconSearch, IconTemplate, type Icon } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { SnippetPart } from '../../../../shared/contract/cases.ts';
import type { GlobalHit, GlobalSearchResult, SearchKind } from '../../../../shared/contract/search.ts';
import { errorMessage } from '../../api/client.ts';
import { ask } from '../../api/query.ts';
import { NAV_ITEMS } from '../../nav.ts';
import { pathOfHit } from './open.ts';
import { searchStore, selectFirstIfNone } from './store.ts';

/** Wait this long after the last keystroke before searching. */
const DEBOUNCE_MS = 120;
/** Results per kind in the palette. */
const PER_KIND = 5;

const KIND_ICONS: Record<SearchKind, Icon> = {
  client: IconBuilding,
  engagement: IconBriefcase,
  log: IconNotebook,
  plan: IconListCheck,
  case: IconBooks,
  template: IconTemplate,
};

/** The search typed, answered by search.global (the latest query wins; older answers are dropped). */
function useGlobalSearch(query: string): { result: GlobalSearchResult | null; error: string | null; searching: boolean } {
  const [state, setState] = useState<{ for: string; result: GlobalSearchResult | null; error: string | null }>({ for: '', result: null, error: null });
  const q = query.trim();
  useEffect(() => {
    if (q === '') return;
    let current = true;
    const timer = setTimeout(() => {
      ask('search.global', { query: q, limit: PER_KIND }).then(
        (result) => current && setState({ for: q, result, error: null }),
        (e: unknown) => current && setState({ for: q, result: null, error: errorMessage(e) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q]);
  if (q === '') return { result: null, error: null, searching: false };
  // The last answer stays on screen while the next one comes (no flicker while typing).
  return { result: state.result, error: state.error, searching: state.for !== q };
}

function Marked({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.hit ? (
          <mark key={i} className="gsearch-hit">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

function HitBody({ hit }: { hit: GlobalHit }) {
  const KindIcon = KIND_ICONS[hit.kind];
  return (
    <Group gap={8} wrap="nowrap" align="flex-start" style={{ width: '100%', minWidth: 0 }}>
      <KindIcon size={16} stroke={1.5} style={{ flex: 'none', marginTop: 2 }} aria-hidden />
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" fw={500} truncate="end" data-testid="gsearch-title">
          <Marked parts={hit.titleParts} />
        </Text>
        {hit.context && (
          <Text size="xs" c="gray.7" truncate="end" data-testid="gsearch-context">
            {hit.context}
          </Text>
        )}
        {hit.snippetParts.length > 0 && (
          <Text size="xs" c="gray.8" lineClamp={1}>
            <Marked parts={hit.snippetParts} />
          </Text>
        )}
      </div>
    </Group>
  );
}

const norm = (s: string) => s.normalize('NFKC').toLowerCase();

/**
 * Ctrl+K / ⌘K: the one search box. Page jumps (移動) as before, and below them what the global
 * search found, grouped by kind with where it belongs; ↑↓ to choose, Enter to open, Esc to close.
 */
export function SearchPalette() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const { result, error, searching } = useGlobalSearch(query);

  const pages = useMemo(() => {
    const q = norm(query.trim());
    return NAV_ITEMS.filter((item) => q === '' || [item.label, item.description, ...item.keywords].some((w) => norm(w).includes(q)));
  }, [query]);

  const groups = query.trim() === '' ? [] : (result?.groups ?? []);
  // Results come after the query: with nothing selected yet, the first one is (Enter opens it).
  useEffect(() => {
    if (groups.length > 0) selectFirstIfNone();
  }, [result]);
  const nothing = query.trim() !== '' && !searching && pages.length === 0 && groups.length === 0;

  return (
    <Spotlight.Root
      store={searchStore}
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K', 'ctrl + K']}
      // Work from inside text fields too; the search box itself is IME-aware.
      tagsToIgnore={[]}
      scrollable
      maxHeight={480}
      size="lg"
      overlayProps={{ backgroundOpacity: 0.2, blur: 0 }}
    >
      <Spotlight.Search
        leftSection={<IconSearch size={18} stroke={1.5} />}
        placeholder="移動先や機能、支援先・案件・記録・計画・事例・テンプレートを検索…"
        aria-label="支援先・案件・記録・計画・事例・テンプレートを検索、または移動先を選ぶ"
        data-testid="gsearch-input"
      />
      <Spotlight.ActionsList data-testid="gsearch-list">
        {pages.length > 0 && (
          <Spotlight.ActionsGroup label="移動">
            {pages.map((item) => {
              const ItemIcon = item.icon;
              return (
                <Spotlight.Action
                  key={item.name}
                  label={item.label}
                  description={item.description}
                  leftSection={<ItemIcon size={18} stroke={1.5} />}
                  onClick={() => void navigate(item.path)}
                />
              );
            })}
          </Spotlight.ActionsGroup>
        )}
        {groups.map((g) => (
          <Spotlight.ActionsGroup key={g.kind} label={`${g.label}${g.more ? `（上位${g.items.length}件）` : ''}`} data-testid={`gsearch-group-${g.kind}`}>
            {g.items.map((hit) => (
              <Spotlight.Action key={`${hit.kind}:${hit.id}`} onClick={() => void navigate(pathOfHit(hit))} data-testid="gsearch-hit" data-kind={hit.kind}>
                <HitBody hit={hit} />
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        ))}
        {result && result.pending > 0 && query.trim() !== '' && (
          <Text size="xs" c="gray.7" p="xs" data-testid="gsearch-pending">
            検索用の索引を作成中です（残り {result.pending.toLocaleString('ja-JP')}件）。すべての結果が出るまで少しお待ちください。
          </Text>
        )}
        {error && (
          <Text size="xs" c="red.7" p="xs" role="alert">
            検索できませんでした: {error}
          </Text>
        )}
        {searching && groups.length === 0 && (
          <Text size="xs" c="gray.7" p="xs">
            検索しています…
          </Text>
        )}
        {nothing && <Spotlight.Empty>見つかりません</Spotlight.Empty>}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
