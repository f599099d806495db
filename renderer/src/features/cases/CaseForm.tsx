import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  Input,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconPlus, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { CASE_FIELDS, ORGANIZATION_TYPES, type Case } from '../../../../shared/domain/case.ts';
import { MAX_YEAR, MIN_YEAR, formatFiscalYearWareki } from '../../../../shared/domain/wareki.ts';
import { isComposing, isPlainEnter } from '../../lib/ime.ts';
import { useForm } from '@mantine/form';
import { CaseInputSchema } from '../../../../shared/domain/case.ts';
import { applyApiError, schemaCheck } from '../../lib/form.ts';
import { compactDraft, draftOf, emptyDraft, inputOf, isCaseFieldValue, isDraftErrorKey, PREFECTURE_OPTIONS, rowKey, type CaseDraft, type OutcomeRow, type SourceRow } from './draft.ts';
import { useFacets } from './data.ts';
import { useCases } from './store.ts';

const ORG_TYPE_OPTIONS = Object.entries(ORGANIZATION_TYPES).map(([value, label]) => ({ value, label }));
/** Japanese writers separate with 、 as often as with a comma. */
const SPLIT_CHARS = [',', '、', '，'];

function RowsLabel({ label, error, onAdd, addTestId }: { label: string; error?: string; onAdd: () => void; addTestId: string }) {
  return (
    <Group justify="space-between" gap={4} mb={4}>
      <Input.Label>{label}</Input.Label>
      <Group gap={6}>
        {error ? (
          <Text size="xs" c="red.9">
            {error}
          </Text>
        ) : null}
        <Button variant="subtle" size="compact-xs" leftSection={<IconPlus size={12} />} data-testid={addTestId} onClick={onAdd}>
          行を追加
        </Button>
      </Group>
    </Group>
  );
}

interface CaseFormProps {
  /** The case being edited; null to create a new one. */
  initial: Case | null;
}

/** The form's check: the shared schema of a case, on what would be sent. */
const checkCase = schemaCheck(CaseInputSchema, (d: CaseDraft) => inputOf(d));

/** Create or edit a case, in the detail pane. */
export function CaseForm({ initial }: CaseFormProps) {
  const save = useCases((s) => s.save);
  const cancelEdit = useCases((s) => s.cancelEdit);
  const setDirty = useCases((s) => s.setDirty);
  const { facets } = useFacets();
  const start = useMemo(() => (initial ? draftOf(initial) : emptyDraft()), [initial]);
  const form = useForm<CaseDraft>({ mode: 'controlled', initialValues: start });
  const draft = form.getValues();
  const errors = form.errors as Record<string, string | undefined>;
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const dirty = form.isDirty();
  useEffect(() => {
    setDirty(dirty);
  }, [dirty, setDirty]);

  const edit = <K extends keyof CaseDraft & string>(key: K, value: CaseDraft[K]) => {
    form.setFieldValue(key, value as never);
  };

  /** Drop the messages under these keys (or under every key starting with a prefix). */
  const clearErrors = (match: (key: string) => boolean) => {
    form.setErrors(Object.fromEntries(Object.entries(form.errors).filter(([k]) => !match(k))));
  };

  const editOutcome = (i: number, patch: Partial<OutcomeRow>) => {
    for (const [k, v] of Object.entries(patch)) form.setFieldValue(`outcomes.${i}.${k}`, v as never);
    clearErrors((k) => k === 'outcomes');
  };
  const editSource = (i: number, patch: Partial<SourceRow>) => {
    for (const [k, v] of Object.entries(patch)) form.setFieldValue(`sources.${i}.${k}`, v as never);
    clearErrors((k) => k === 'sources');
  };
  const removeRow = (list: 'outcomes' | 'sources', i: number) => {
    form.removeListItem(list, i);
    // Row numbers shift: the messages no longer point at the right rows.
    clearErrors((k) => k === list || k.startsWith(`${list}.`));
  };

  /** After the messages are drawn: bring the first field with a problem (or the general message) into view. */
  const focusFirstError = () => {
    requestAnimationFrame(() => {
      const form = document.querySelector('[data-testid="case-form"]');
      const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (field) field.focus();
      else form?.querySelector('[data-testid="case-form-error"]')?.scrollIntoView({ block: 'nearest' });
    });
  };

  const submit = async () => {
    if (saving) return;
    // Empty rows are dropped first, so a message's row number is the row shown.
    const compact = compactDraft(form.getValues());
    if (compact !== draft) form.setValues(compact);
    const local = checkCase(compact);
    form.setErrors(local);
    setGeneral(null);
    if (Object.keys(local).length > 0) {
      focusFirstError();
      return;
    }
    setSaving(true);
    try {
      await save(inputOf(compact), initial);
    } catch (e) {
      setGeneral(applyApiError(form, e, isDraftErrorKey));
      focusFirstError();
    } finally {
      setSaving(false);
    }
  };

  /** Enter in a one-line field saves — never the Enter that confirms an IME conversion. */
  const saveOnEnter = (e: KeyboardEvent<HTMLInputElement>) => {
    if (isPlainEnter(e)) {
      e.preventDefault();
      void submit();
    }
  };

  /** Ctrl+Enter (⌘+Enter) saves from anywhere in the form, text areas included. */
  const onFormKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !isComposing(e)) {
      e.preventDefault();
      void submit();
    }
  };

  const err = (key: string): ReactNode => errors[key];
  const year = draft.fiscalYear;
  const yearHint =
    typeof year === 'number' && year >= MIN_YEAR && year <= MAX_YEAR ? formatFiscalYearWareki(year) : '西暦で入力（例: 2021）';
  const known = (values: readonly { value: string }[] | undefined) => (values ?? []).map((v) => v.value);

  return (
    <Box
      component="form"
      data-testid="case-form"
      data-mode={initial ? 'edit' : 'create'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
      }}
      onKeyDown={onFormKeyDown}
    >
      <Group
        justify="space-between"
        wrap="nowrap"
        py={6}
        mb="xs"
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 2,
          background: 'var(--mantine-color-body)',
          borderBottom: '1px solid var(--mantine-color-gray-3)',
        }}
      >
        <Title order={2} size="h3">
          {initial ? '事例を編集' : '事例を登録'}
        </Title>
        <Group gap={6} wrap="nowrap">
          <Button variant="default" data-testid="case-cancel" onClick={cancelEdit} disabled={saving}>
            キャンセル
          </Button>
          <Button
            data-testid="case-save"
            loading={saving}
            onClick={() => {
              void submit();
            }}
          >
            保存
          </Button>
        </Group>
      </Group>

      <Stack gap="xs">
        {general ? (
          <Alert color="red" icon={<IconAlertCircle size={16} />} data-testid="case-form-error" p="xs">
            <Text size="sm">{general}</Text>
          </Alert>
        ) : null}

        <TextInput
          label="題名"
          required
          data-testid="case-field-title"
          value={draft.title}
          error={err('title')}
          maxLength={200}
          autoComplete="off"
          onChange={(e) => {
            edit('title', e.currentTarget.value);
          }}
          onKeyDown={saveOnEnter}
        />
        <Textarea
          label="概要"
          data-testid="case-field-summary"
          value={draft.summary}
          error={err('summary')}
          autosize
          minRows={2}
          maxRows={6}
          onChange={(e) => {
            edit('summary', e.currentTarget.value);
          }}
        />
        <Textarea
          label="本文"
          description="段落は空行で区切ります。「- 」で始まる行は箇条書き（字下げで入れ子）、## 見出し、**太字**、*斜体*、| 表 | が使えます（文書と同じ書き方）。"
          data-testid="case-field-body"
          value={draft.body}
          error={err('body')}
          autosize
          minRows={5}
          maxRows={14}
          onChange={(e) => {
            edit('body', e.currentTarget.value);
          }}
        />

        <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
          <Select
            label="都道府県"
            data-testid="case-field-prefecture"
            data={[...PREFECTURE_OPTIONS]}
            value={draft.prefecture || null}
            error={err('prefecture')}
            searchable
            clearable
            nothingFoundMessage="該当なし"
            onChange={(v) => {
              edit('prefecture', v ?? '');
            }}
          />
          <TextInput
            label="市区町村"
            data-testid="case-field-municipality"
            value={draft.municipality}
            error={err('municipality')}
            autoComplete="off"
            onChange={(e) => {
              edit('municipality', e.currentTarget.value);
            }}
            onKeyDown={saveOnEnter}
          />
          <TextInput
            label="団体"
            data-testid="case-field-organization"
            value={draft.organization}
            error={err('organization')}
            autoComplete="off"
            onChange={(e) => {
              edit('organization', e.currentTarget.value);
            }}
            onKeyDown={saveOnEnter}
          />
          <Select
            label="団体の種類"
            data-testid="case-field-organizationType"
            data={ORG_TYPE_OPTIONS}
            value={draft.organizationType || null}
            error={err('organizationType')}
            clearable
            onChange={(v) => {
              edit('organizationType', v ?? '');
            }}
          />
          <NumberInput
            label="年度"
            description={yearHint}
            data-testid="case-field-fiscalYear"
            value={draft.fiscalYear}
            error={err('fiscalYear')}
            min={MIN_YEAR}
            max={MAX_YEAR}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator={false}
            hideControls
            onChange={(v) => {
              edit('fiscalYear', typeof v === 'number' ? v : v === '' ? '' : Number.isFinite(Number(v)) ? Number(v) : '');
            }}
            onKeyDown={saveOnEnter}
          />
          <TextInput
            label="規模"
            description="人口・予算・参加者数など"
            data-testid="case-field-size"
            value={draft.size}
            error={err('size')}
            autoComplete="off"
            onChange={(e) => {
              edit('size', e.currentTarget.value);
            }}
            onKeyDown={saveOnEnter}
          />
        </SimpleGrid>

        <MultiSelect
          label="分野"
          data-testid="case-field-fields"
          data={[...CASE_FIELDS]}
          value={draft.fields}
          error={err('fields')}
          searchable
          clearable
          nothingFoundMessage="該当なし"
          onChange={(v) => {
            edit('fields', v.filter(isCaseFieldValue));
          }}
        />
        <TagsInput
          label="技術"
          description="Enter または「、」で区切ります"
          data-testid="case-field-technologies"
          data={known(facets?.technology)}
          value={draft.technologies}
          error={err('technologies')}
          splitChars={SPLIT_CHARS}
          clearable
          onChange={(v) => {
            edit('technologies', v);
          }}
        />
        <TagsInput
          label="活用した制度"
          data-testid="case-field-programs"
          data={known(facets?.program)}
          value={draft.programs}
          error={err('programs')}
          splitChars={SPLIT_CHARS}
          clearable
          onChange={(v) => {
            edit('programs', v);
          }}
        />
        <TagsInput
          label="タグ"
          data-testid="case-field-tags"
          value={draft.tags}
          error={err('tags')}
          splitChars={SPLIT_CHARS}
          clearable
          onChange={(v) => {
            edit('tags', v);
          }}
        />

        <Box data-testid="case-field-outcomes">
          <RowsLabel
            label="成果"
            error={errors.outcomes}
            addTestId="case-outcome-add"
            onAdd={() => {
              form.insertListItem('outcomes', { key: rowKey(), label: '', value: '', unit: '' });
            }}
          />
          <Stack gap={4}>
            {draft.outcomes.map((o, i) => (
              <Group key={o.key} gap={4} wrap="nowrap" align="flex-start" data-testid="case-outcome-row">
                <TextInput
                  size="xs"
                  aria-label={`成果${i + 1}の名前`}
                  placeholder="名前（例: 進出企業）"
                  value={o.label}
                  error={err(`outcomes.${i}.label`)}
                  style={{ flex: 3 }}
                  onChange={(e) => {
                    editOutcome(i, { label: e.currentTarget.value });
                  }}
                  onKeyDown={saveOnEnter}
                />
                <TextInput
                  size="xs"
                  aria-label={`成果${i + 1}の値`}
                  placeholder="値"
                  value={o.value}
                  error={err(`outcomes.${i}.value`)}
                  style={{ flex: 1.4 }}
                  onChange={(e) => {
                    editOutcome(i, { value: e.currentTarget.value });
                  }}
                  onKeyDown={saveOnEnter}
                />
                <TextInput
                  size="xs"
                  aria-label={`成果${i + 1}の単位`}
                  placeholder="単位"
                  value={o.unit}
                  error={err(`outcomes.${i}.unit`)}
                  style={{ flex: 1 }}
                  onChange={(e) => {
                    editOutcome(i, { unit: e.currentTarget.value });
                  }}
                  onKeyDown={saveOnEnter}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size={30}
                  aria-label={`成果${i + 1}を削除`}
                  onClick={() => {
                    removeRow('outcomes', i);
                  }}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        </Box>

        <Box data-testid="case-field-sources">
          <RowsLabel
            label="出典"
            error={errors.sources}
            addTestId="case-source-add"
            onAdd={() => {
              form.insertListItem('sources', { key: rowKey(), document: '', section: '' });
            }}
          />
          <Stack gap={4}>
            {draft.sources.map((s, i) => (
              <Group key={s.key} gap={4} wrap="nowrap" align="flex-start" data-testid="case-source-row">
                <TextInput
                  size="xs"
                  aria-label={`出典${i + 1}の資料名`}
                  placeholder="資料名"
                  value={s.document}
                  error={err(`sources.${i}.document`)}
                  style={{ flex: 3 }}
                  onChange={(e) => {
                    editSource(i, { document: e.currentTarget.value });
                  }}
                  onKeyDown={saveOnEnter}
                />
                <TextInput
                  size="xs"
                  aria-label={`出典${i + 1}の箇所`}
                  placeholder="箇所（章・ページ）"
                  value={s.section}
                  error={err(`sources.${i}.section`)}
                  style={{ flex: 2 }}
                  onChange={(e) => {
                    editSource(i, { section: e.currentTarget.value });
                  }}
                  onKeyDown={saveOnEnter}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size={30}
                  aria-label={`出典${i + 1}を削除`}
                  onClick={() => {
                    removeRow('sources', i);
                  }}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        </Box>
        <Text size="xs" c="dimmed">
          Ctrl+Enter でも保存できます。
        </Text>
      </Stack>
    </Box>
  );
}
