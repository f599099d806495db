import { ActionIcon, CloseButton, Code, Popover, Table, Text, TextInput } from '@mantine/core';
import { IconHelp, IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { isComposing } from '../../lib/ime.ts';
import { useCases } from './store.ts';

/** The placeholder's example: one that finds cases in the bundled library (checked by an e2e test). */
export const SEARCH_EXAMPLE = '事例を検索（例: テレワーク 移住 -観光、教育 OR 子育て）';

/** The short syntax help beside the search box. */
export function SearchSyntaxHelp() {
  return (
    <Popover width={340} position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <ActionIcon variant="default" size="lg" aria-label="検索の書き方" data-testid="case-search-help">
          <IconHelp size={16} stroke={1.6} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown data-testid="case-search-help-text">
        <Text size="sm" fw={600} mb={4}>
          検索の書き方
        </Text>
        <Table fz="xs" verticalSpacing={2} withRowBorders={false}>
          <Table.Tbody>
            {SYNTAX.map(([ex, what]) => (
              <Table.Tr key={ex}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Code>{ex}</Code>
                </Table.Td>
                <Table.Td>{what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" mt={4}>
          全角・半角、大文字・小文字は区別しません。同義語（テレワーク＝在宅勤務 など）も探します。
        </Text>
      </Popover.Dropdown>
    </Popover>
  );
}

const SYNTAX: [string, string][] = [
  ['テレワーク 移住', '両方を含む（AND と書いても同じ）'],
  ['教育 OR 子育て', 'どちらかを含む（| でも可）'],
  ['-観光', '含まないものだけ'],
  ['"地域課題"', '語句をそのまま（空白も含めて）'],
  ['テレ*', '末尾の * は省略可（語の一部でも見つかります）'],
];

/** Quiet time after the last keystroke before searching. */
export const SEARCH_DELAY_MS = 30;

/**
 * The search box. Searches SEARCH_DELAY_MS after typing stops and at once on
 * Enter — but never while an IME is composing: the half-converted reading is
 * not a query, and the Enter that confirms a conversion is not a search.
 */
export function SearchBar({ onArrowDown }: { onArrowDown?: () => void }) {
  const committed = useCases((s) => s.query);
  const search = useCases((s) => s.search);
  const typing = useCases((s) => s.typing);
  const [text, setText] = useState(committed);
  const composing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const cancel = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };

  const commit = (value: string) => {
    cancel();
    search({ query: value });
  };

  const schedule = (value: string) => {
    cancel();
    timer.current = setTimeout(() => {
      timer.current = null;
      // compositionend schedules again with the confirmed text.
      if (!composing.current) commit(value);
    }, SEARCH_DELAY_MS);
  };

  useEffect(() => cancel, []);
  // A query set elsewhere (a suggestion on an empty result) shows in the box.
  useEffect(() => {
    setText((t) => (t.trim() === committed.trim() ? t : committed));
  }, [committed]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (isComposing(e)) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      commit(e.currentTarget.value);
    } else if (e.key === 'Escape' && e.currentTarget.value !== '') {
      e.preventDefault();
      setText('');
      commit('');
    } else if (e.key === 'ArrowDown' && onArrowDown) {
      e.preventDefault();
      onArrowDown();
    }
  };

  return (
    <TextInput
      data-testid="case-search"
      aria-label="事例を検索"
      placeholder={SEARCH_EXAMPLE}
      leftSection={<IconSearch size={15} stroke={1.6} />}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label="検索語を消す"
            onClick={() => {
              setText('');
              commit('');
            }}
          />
        ) : null
      }
      value={text}
      autoComplete="off"
      spellCheck={false}
      style={{ flex: 1, minWidth: 200 }}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setText(value);
        typing();
        if (!composing.current) schedule(value);
      }}
      onCompositionStart={() => {
        composing.current = true;
        cancel();
      }}
      onCompositionEnd={(e) => {
        composing.current = false;
        schedule(e.currentTarget.value);
      }}
      onKeyDown={onKeyDown}
    />
  );
}
