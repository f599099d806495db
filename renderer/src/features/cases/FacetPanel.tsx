import { Box, Button, Checkbox, Group, Select, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { CaseFacets } from '../../../../shared/contract/index.ts';
import { currentDateStyle, fiscalYearTiny } from '../../lib/format.ts';
import { formatCount } from '../../lib/format.ts';
import { useFacets } from './data.ts';
import { hasFilters, selectedValues, useCases, type FacetGroup } from './store.ts';

/** Options shown before 「すべて表示」. */
const COLLAPSED = 8;

const GROUPS: { group: FacetGroup; label: string; key: keyof Omit<CaseFacets, 'year'> }[] = [
  { group: 'prefecture', label: '都道府県', key: 'prefecture' },
  { group: 'field', label: '分野', key: 'field' },
  { group: 'technology', label: '技術', key: 'technology' },
  { group: 'program', label: '制度', key: 'program' },
];

function FacetList({ group, label, values }: { group: FacetGroup; label: string; values: { value: string; count: number }[] }) {
  const filters = useCases((s) => s.filters);
  const toggle = useCases((s) => s.toggleFilter);
  const [expanded, setExpanded] = useState(false);
  const selected = selectedValues(filters, group);

  // Selected values stay visible even when the current search has none of them.
  const counted = new Map(values.map((v) => [v.value, v.count]));
  const missing = selected.filter((v) => !counted.has(v)).map((value) => ({ value, count: 0 }));
  const all = [...missing, ...values];
  const shown = expanded ? all : all.filter((v, i) => i < COLLAPSED || selected.includes(v.value));

  return (
    <Box component="section" data-testid={`facet-${group}`} aria-label={label}>
      <Text size="xs" fw={600} c="dimmed" mb={4}>
        {label}
      </Text>
      {all.length === 0 ? (
        <Text size="xs" c="dimmed">
          該当なし
        </Text>
      ) : (
        <Stack gap={3}>
          {shown.map((v) => (
            <Checkbox
              key={v.value}
              size="xs"
              wrapperProps={{ 'data-testid': 'facet-option', 'data-value': v.value, 'data-count': v.count }}
              checked={selected.includes(v.value)}
              onChange={() => {
                toggle(group, v.value);
              }}
              label={
                <Group gap={4} wrap="nowrap" justify="space-between" w="100%">
                  <Text size="xs" className="banso-case-line" title={v.value}>
                    {v.value}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ flex: 'none', fontVariantNumeric: 'tabular-nums' }}>
                    {formatCount(v.count)}
                  </Text>
                </Group>
              }
              styles={{ body: { alignItems: 'center' }, labelWrapper: { flex: 1, minWidth: 0 }, label: { paddingInlineStart: 6 } }}
            />
          ))}
          {all.length > shown.length || expanded ? (
            <UnstyledButton
              onClick={() => {
                setExpanded((x) => !x);
              }}
            >
              <Text size="xs" c="teal.9">
                {expanded ? '少なく表示' : `すべて表示（${all.length}）`}
              </Text>
            </UnstyledButton>
          ) : null}
        </Stack>
      )}
    </Box>
  );
}

function YearRange({ years }: { years: { value: number; count: number }[] }) {
  const filters = useCases((s) => s.filters);
  const setYears = useCases((s) => s.setYears);
  const values = new Set(years.map((y) => y.value));
  if (filters.yearFrom !== null) values.add(filters.yearFrom);
  if (filters.yearTo !== null) values.add(filters.yearTo);
  const data = [...values].sort((a, b) => b - a).map((y) => ({ value: String(y), label: currentDateStyle() === 'wareki' ? `${y}（${fiscalYearTiny(y)}）` : String(y) }));
  const parse = (v: string | null) => (v === null || v === '' ? null : Number(v));

  return (
    <Box component="section" data-testid="facet-year" aria-label="年度">
      <Text size="xs" fw={600} c="dimmed" mb={4}>
        年度
      </Text>
      <Group gap={4} wrap="nowrap" align="center">
        <Select
          size="xs"
          aria-label="年度（から）"
          data-testid="facet-year-from"
          placeholder="から"
          data={data}
          value={filters.yearFrom === null ? null : String(filters.yearFrom)}
          onChange={(v) => {
            setYears(parse(v), filters.yearTo);
          }}
          clearable
          allowDeselect
          comboboxProps={{ width: 150, position: 'bottom-start' }}
          style={{ flex: 1 }}
        />
        <Text size="xs" c="dimmed">
          〜
        </Text>
        <Select
          size="xs"
          aria-label="年度（まで）"
          data-testid="facet-year-to"
          placeholder="まで"
          data={data}
          value={filters.yearTo === null ? null : String(filters.yearTo)}
          onChange={(v) => {
            setYears(filters.yearFrom, parse(v));
          }}
          clearable
          allowDeselect
          comboboxProps={{ width: 150, position: 'bottom-start' }}
          style={{ flex: 1 }}
        />
      </Group>
    </Box>
  );
}

/** The left column: facet groups with live counts for the current search. */
export function FacetPanel() {
  const { facets, error: facetsError, query: facetsQuery, loading: facetsLoading } = useFacets();
  const filters = useCases((s) => s.filters);
  const clearFilters = useCases((s) => s.clearFilters);

  return (
    <Stack
      gap="sm"
      data-testid="case-facets"
      data-status={facetsLoading ? 'loading' : 'ready'}
      data-query={facetsQuery ?? undefined}
    >
      <Group justify="space-between" gap={4}>
        <Text size="sm" fw={600}>
          絞り込み
        </Text>
        <Button
          variant="subtle"
          size="compact-xs"
          data-testid="facet-clear"
          disabled={!hasFilters(filters)}
          onClick={clearFilters}
        >
          条件をクリア
        </Button>
      </Group>
      {facetsError ? (
        <Text size="xs" c="red.9">
          {facetsError}
        </Text>
      ) : null}
      {GROUPS.map((g) => (
        <FacetList key={g.group} group={g.group} label={g.label} values={facets?.[g.key] ?? []} />
      ))}
      <YearRange years={facets?.year ?? []} />
    </Stack>
  );
}
