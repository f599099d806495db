import { ActionIcon, Box, Button, Checkbox, Group, NumberInput, Select, Stack, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { TemplateProblem } from '../../../../shared/domain/template.ts';
import { fieldId } from './draft.ts';

/**
 * Inputs of the template editor. Each is bound to the path the core reports problems at
 * (phases[0].sections[1].questions[2].label), shows that problem under itself in Japanese and
 * carries the id the problem list focuses (fieldId(path)). Built-in templates render read-only.
 */

interface EditorFieldContext {
  problems: ReadonlyMap<string, string[]>;
  readOnly: boolean;
}

const Ctx = createContext<EditorFieldContext>({ problems: new Map(), readOnly: true });

export function FieldContext({ problems, readOnly, children }: { problems: readonly TemplateProblem[]; readOnly: boolean; children: ReactNode }) {
  const value = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const p of problems) map.set(p.path, [...(map.get(p.path) ?? []), p.message]);
    return { problems: map, readOnly };
  }, [problems, readOnly]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useReadOnly(): boolean {
  return useContext(Ctx).readOnly;
}

/** The problems reported exactly at `path`, joined (undefined when there are none). */
export function useProblem(path: string): string | undefined {
  const msgs = useContext(Ctx).problems.get(path);
  return msgs && msgs.length > 0 ? msgs.join(' ') : undefined;
}

/** Problems at a path that has no input of its own (a list, an object): shown as a line of text. */
export function ProblemLine({ path }: { path: string }) {
  const msg = useProblem(path);
  if (!msg) return null;
  return (
    <Text size="xs" c="red.9" role="alert" data-testid="field-problem" data-path={path} id={fieldId(path)} tabIndex={-1}>
      {msg}
    </Text>
  );
}

interface Common {
  path: string;
  label?: ReactNode;
  description?: ReactNode;
  w?: number | string;
  testId?: string;
  ariaLabel?: string;
}

/** The props every input of the editor shares: id for jumps, read-only look, size, the core's problem. */
function useFieldProps({ path, label, description, w, testId, ariaLabel }: Common) {
  const readOnly = useReadOnly();
  const error = useProblem(path);
  return {
    readOnly,
    props: {
      id: fieldId(path),
      variant: readOnly ? 'filled' : 'default',
      size: 'xs',
      label,
      description,
      w,
      readOnly,
      error,
      'aria-label': ariaLabel,
      'data-testid': testId,
      'data-path': path,
    } as const,
  };
}

export function TextField({ value, onChange, placeholder, required, ...common }: Common & { value: string; onChange: (v: string) => void; placeholder?: string; required?: boolean }) {
  const { props } = useFieldProps(common);
  return <TextInput {...props} value={value} placeholder={placeholder} withAsterisk={required} onChange={(e) => onChange(e.currentTarget.value)} />;
}

export function AreaField({ value, onChange, placeholder, minRows = 2, ...common }: Common & { value: string; onChange: (v: string) => void; placeholder?: string; minRows?: number }) {
  const { props } = useFieldProps({ ...common, w: undefined });
  return <Textarea {...props} autosize minRows={minRows} maxRows={10} value={value} placeholder={placeholder} onChange={(e) => onChange(e.currentTarget.value)} />;
}

export function NumField({ value, onChange, min, max, allowEmpty = false, w = 110, ...common }: Common & { value: number | undefined; onChange: (v: number | undefined) => void; min?: number; max?: number; allowEmpty?: boolean }) {
  const { props } = useFieldProps({ ...common, w });
  return (
    <NumberInput
      {...props}
      value={value ?? ''}
      min={min}
      max={max}
      onChange={(v) => {
        if (v === '' || v === undefined) onChange(allowEmpty ? undefined : 0);
        else onChange(typeof v === 'number' ? v : Number(v));
      }}
    />
  );
}

export function SelectField({ value, onChange, data, placeholder, clearable = false, ...common }: Common & {
  value: string | null;
  onChange: (v: string | null) => void;
  data: { value: string; label: string }[];
  placeholder?: string;
  clearable?: boolean;
}) {
  const { props, readOnly } = useFieldProps(common);
  // A reference to something that no longer exists is still shown (and reported by the core).
  const options = value && !data.some((d) => d.value === value) ? [...data, { value, label: `${value}（見つかりません）` }] : data;
  return (
    <Select
      {...props}
      data={options}
      value={value || null}
      placeholder={placeholder ?? '選んでください'}
      clearable={clearable && !readOnly}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      onChange={(v) => onChange(v)}
    />
  );
}

export function CheckField({ path, label, testId, checked, onChange }: Common & { checked: boolean; onChange: (v: boolean) => void }) {
  const readOnly = useReadOnly();
  const error = useProblem(path);
  return (
    <Checkbox
      id={fieldId(path)}
      size="xs"
      label={label}
      checked={checked}
      disabled={readOnly}
      error={error}
      data-testid={testId}
      data-path={path}
      onChange={(e) => onChange(e.currentTarget.checked)}
    />
  );
}

/**
 * A list of rows (options, checklist items, columns, goals, gates) with ↑ ↓ and delete on each
 * row and an add button: every reordering works with the keyboard (no drag).
 */
export function ListEditor<T>({
  path,
  items,
  onChange,
  render,
  make,
  addLabel,
  itemName,
  testId,
  min = 0,
}: {
  path: string;
  items: readonly T[];
  onChange: (items: T[]) => void;
  render: (item: T, index: number, set: (item: T) => void) => ReactNode;
  make: () => T;
  addLabel: string;
  itemName: string;
  testId?: string;
  min?: number;
}) {
  const readOnly = useReadOnly();
  const move = (i: number, step: -1 | 1) => {
    const j = i + step;
    if (j < 0 || j >= items.length) return;
    const out = [...items];
    const [x] = out.splice(i, 1);
    out.splice(j, 0, x as T);
    onChange(out);
  };
  return (
    <Stack gap={4} data-testid={testId}>
      <ProblemLine path={path} />
      {items.map((item, i) => (
        <Group key={i} gap={4} wrap="nowrap" align="flex-start" data-testid={testId ? `${testId}-row` : undefined}>
          <Box style={{ flex: 1, minWidth: 0 }}>
            {render(item, i, (next) => onChange(items.map((x, k) => (k === i ? next : x))))}
            <ProblemLine path={`${path}[${i}]`} />
          </Box>
          {!readOnly && (
            <Group gap={0} wrap="nowrap" style={{ flex: 'none' }} mt={2}>
              <Tooltip label="上へ">
                <ActionIcon variant="subtle" color="gray" size="sm" disabled={i === 0} aria-label={`${itemName} ${i + 1} を上へ`} onClick={() => move(i, -1)}>
                  <IconArrowUp size={13} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="下へ">
                <ActionIcon variant="subtle" color="gray" size="sm" disabled={i === items.length - 1} aria-label={`${itemName} ${i + 1} を下へ`} onClick={() => move(i, 1)}>
                  <IconArrowDown size={13} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="削除">
                <ActionIcon variant="subtle" color="red" size="sm" disabled={items.length <= min} aria-label={`${itemName} ${i + 1} を削除`} onClick={() => onChange(items.filter((_, k) => k !== i))}>
                  <IconTrash size={13} />
                </ActionIcon>
              </Tooltip>
            </Group>
          )}
        </Group>
      ))}
      {items.length === 0 && (
        <Text size="xs" c="dimmed">
          （なし）
        </Text>
      )}
      {!readOnly && (
        <Box>
          <Button variant="subtle" size="compact-xs" leftSection={<IconPlus size={12} />} onClick={() => onChange([...items, make()])} data-testid={testId ? `${testId}-add` : undefined}>
            {addLabel}
          </Button>
        </Box>
      )}
    </Stack>
  );
}
