import { Alert, Badge, Box, Button, Center, DataList, Divider, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconBooks, IconPencil, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ORGANIZATION_TYPES, type Case, type OrganizationType } from '../../../../shared/domain/case.ts';
import { InfoItem } from '../../components/InfoItem.tsx';
import { AttachCase } from '../../components/AttachCase.tsx';
import { fiscalYearLong, place, wareki } from '../../lib/format.ts';
import { localIsoDate } from '../../../../shared/domain/dates.ts';
import { Markdown } from '../../components/DocBlocks.tsx';
import { useOpenCase } from './data.ts';
import { useCases } from './store.ts';

const ORIGIN_LABELS: Record<string, string> = { seed: '初期データ', user: '手入力', import: '取り込み' };

function isOrganizationType(v: string): v is OrganizationType {
  return Object.prototype.hasOwnProperty.call(ORGANIZATION_TYPES, v);
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-label={title}>
      <Title order={3} size="h4" mb={4} c="gray.8">
        {title}
      </Title>
      {children}
    </Box>
  );
}

function Badges({ label, values, color }: { label: string; values: readonly string[]; color: string }) {
  if (values.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap" align="center">
      <Text span size="xs" c="dimmed" w="3em" style={{ flex: 'none' }}>
        {label}
      </Text>
      {values.map((v) => (
        <Badge key={v} color={color} variant="light" style={{ textTransform: 'none' }}>
          {v}
        </Badge>
      ))}
    </Group>
  );
}

function CaseView({ c, onDelete }: { c: Case; onDelete: () => void }) {
  const startEdit = useCases((s) => s.startEdit);
  const orgType = c.organizationType && isOrganizationType(c.organizationType) ? ORGANIZATION_TYPES[c.organizationType] : '';
  return (
    <Stack gap="sm" data-testid="case-view" data-id={c.id}>
      <Group
        justify="space-between"
        wrap="nowrap"
        gap="sm"
        py={6}
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 2,
          background: 'var(--mantine-color-body)',
          borderBottom: '1px solid var(--mantine-color-gray-2)',
        }}
      >
        <Text size="xs" c="dimmed" className="banso-case-line">
          {ORIGIN_LABELS[c.origin] ?? c.origin} ・ 更新 {wareki(localIsoDate(new Date(c.updatedAt)))}
        </Text>
        <Group gap={6} wrap="nowrap" style={{ flex: 'none' }}>
          <Button variant="default" leftSection={<IconPencil size={14} />} data-testid="case-edit" onClick={startEdit}>
            編集
          </Button>
          <Button
            variant="default"
            color="red"
            leftSection={<IconTrash size={14} />}
            data-testid="case-delete"
            onClick={onDelete}
          >
            削除
          </Button>
        </Group>
      </Group>
      <Title order={2} size="h3" data-testid="case-detail-title">
        {c.title}
      </Title>

      <DataList labelWidth="6em">
        <InfoItem label="地域">{place(c.prefecture, c.municipality) || '—'}</InfoItem>
        <InfoItem label="団体">{c.organization || '—'}</InfoItem>
        {orgType ? <InfoItem label="種類">{orgType}</InfoItem> : null}
        <InfoItem label="年度">{fiscalYearLong(c.fiscalYear) || '—'}</InfoItem>
        {c.size ? <InfoItem label="規模">{c.size}</InfoItem> : null}
        <InfoItem label="登録元">{ORIGIN_LABELS[c.origin] ?? c.origin}</InfoItem>
      </DataList>

      <Stack gap={4}>
        <Badges label="分野" values={c.fields} color="teal" />
        <Badges label="技術" values={c.technologies} color="blue" />
        <Badges label="制度" values={c.programs} color="grape" />
        <Badges label="タグ" values={c.tags} color="gray" />
      </Stack>

      <AttachCase caseId={c.id} />

      {c.summary ? (
        <Section title="概要">
          <Text style={{ whiteSpace: 'pre-wrap' }}>{c.summary}</Text>
        </Section>
      ) : null}

      {c.body ? (
        <Section title="本文">
          <Markdown source={c.body} />
        </Section>
      ) : null}

      {c.outcomes.length > 0 ? (
        <Section title="成果">
          <Table withTableBorder withColumnBorders={false} data-testid="case-outcomes">
            <Table.Tbody>
              {c.outcomes.map((o, i) => (
                <Table.Tr key={i}>
                  <Table.Td c="gray.7">{o.label}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    <Text span fw={600}>
                      {o.value}
                    </Text>
                    {o.unit ? (
                      <Text span size="xs" ml={2}>
                        {o.unit}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      ) : null}

      {c.sources.length > 0 ? (
        <Section title="出典">
          <Box component="ol" m={0} pl="1.4em" data-testid="case-sources">
            {c.sources.map((s, i) => (
              <li key={i}>
                <Text size="xs">
                  {s.document}
                  {s.section ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      — {s.section}
                    </Text>
                  ) : null}
                </Text>
              </li>
            ))}
          </Box>
        </Section>
      ) : null}
      <Divider />
      <Text size="xs" c="dimmed">
        登録 {wareki(localIsoDate(new Date(c.createdAt)))}
      </Text>
    </Stack>
  );
}

/** The right pane when no form is open: the case, or what to do. */
export function CaseDetail({ onDelete }: { onDelete: (c: Case) => void }) {
  const detail = useOpenCase();
  const open = useCases((s) => s.open);

  if (detail.case) {
    return (
      <CaseView
        c={detail.case}
        onDelete={() => {
          if (detail.case) onDelete(detail.case);
        }}
      />
    );
  }
  if (detail.status === 'loading') {
    return (
      <Center h="100%">
        <Loader size="sm" />
      </Center>
    );
  }
  if (detail.status === 'error') {
    return (
      <Alert color="gray" icon={<IconAlertCircle size={16} />} title="事例を表示できません" data-testid="case-detail-error">
        <Text size="sm">{detail.error}</Text>
        <Button
          mt="xs"
          variant="default"
          onClick={() => {
            open(null);
          }}
        >
          閉じる
        </Button>
      </Alert>
    );
  }
  return (
    <Center h="100%" data-testid="case-detail-empty">
      <Stack align="center" gap={6}>
        <IconBooks size={28} stroke={1.4} color="var(--mantine-color-gray-5)" />
        <Text c="dimmed" ta="center" size="sm">
          一覧から事例を選ぶと、ここに内容が表示されます。
          <br />
          ↑↓ で移動、Enter で開きます。
        </Text>
      </Stack>
    </Center>
  );
}
