import { TextInput, type TextInputProps } from '@mantine/core';
import { useRef, useState } from 'react';
import { parseDateInput } from '../../../shared/domain/date-input.ts';
import { formatDate } from '../../../shared/domain/wareki.ts';
import { currentDateStyle } from '../lib/format.ts';

type Props = Omit<TextInputProps, 'value' | 'onChange' | 'type'> & {
  /** The stored value: an ISO date, '' for none, or the text of a date that could not be read. */
  value: string;
  /**
   * Called on every keystroke with an ISO date when the text reads as one, '' when emptied, and
   * otherwise the text itself, so that the form's schema refuses it: a date is never dropped.
   */
  onChange: (value: string) => void;
  /** The description while empty (e.g. 未定). */
  emptyDescription?: string;
  /** In a table cell: no line under the field; what was understood is the field's tooltip. */
  compact?: boolean;
};

/**
 * The one date input of the app: accepts 2025-02-03, 2025/2/3, 令和7年2月3日, R7.2.3 (and full-width),
 * says what it understood under the field (令和7年2月3日(月), in the style chosen in 設定, while the field itself
 * shows the western date once left: both calendars are on screen), and refuses an impossible date
 * (02/30/2025) visibly, keeping the text as typed (shared/domain/date-input.ts parses).
 */
export function DateField({ value, onChange, emptyDescription, compact, description, error, onBlur, onFocus, ...rest }: Props) {
  const [text, setText] = useState(value);
  const [focused, setFocused] = useState(false);
  const emitted = useRef(value);
  if (value !== emitted.current) {
    // Changed from outside (undo, another record, a reset): show it.
    emitted.current = value;
    const current = parseDateInput(text);
    if (!(current.kind === 'ok' && current.iso === value)) setText(value);
  }
  const parsed = parseDateInput(text);
  const localError = parsed.kind === 'error' ? parsed.message : null;
  const shownError = focused ? undefined : (localError ?? error);
  const shownDescription =
    parsed.kind === 'ok' ? (description ?? formatDate(parsed.iso, currentDateStyle(), { weekday: true })) : parsed.kind === 'empty' ? (emptyDescription ?? description ?? ' ') : focused ? '2025-02-03・2025/2/3・令和7年2月3日・R7.2.3' : ' ';
  return (
    <TextInput
      {...rest}
      type="text"
      inputMode="text"
      autoComplete="off"
      placeholder={rest.placeholder ?? '2025-02-03 / 令和7年2月3日'}
      value={text}
      error={shownError}
      description={compact ? undefined : shownDescription}
      title={parsed.kind === 'ok' ? parsed.understood : undefined}
      aria-invalid={shownError ? true : undefined}
      data-iso={parsed.kind === 'ok' ? parsed.iso : ''}
      onFocus={(e) => {
        setFocused(true);
        onFocus?.(e);
      }}
      onBlur={(e) => {
        setFocused(false);
        if (parsed.kind === 'ok') setText(parsed.iso);
        onBlur?.(e);
      }}
      onChange={(e) => {
        const t = e.currentTarget.value;
        setText(t);
        const r = parseDateInput(t);
        const next = r.kind === 'ok' ? r.iso : r.kind === 'empty' ? '' : t.trim();
        emitted.current = next;
        onChange(next);
      }}
    />
  );
}
