import { CloseButton, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { isComposing } from '../../lib/ime.ts';
import { useCases } from './store.ts';

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
      placeholder={'事例を検索（例: テレワーク 教育 -観光 "地域課題"）'}
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
