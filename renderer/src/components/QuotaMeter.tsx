import { Box, Group, Popover, Progress, Text, ActionIcon } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { EngagementProgram } from '../../../shared/domain/engagement.ts';
import type { QuotaStatus } from '../../../shared/domain/quota.ts';
import { quotaRuleOf, useCatalogue } from '../lib/catalogue.ts';
import { datesIn, fiscalYearShort, slashDate } from '../lib/format.ts';

export type QuotaLevel = 'none' | 'ok' | 'near' | 'over';

export function quotaLevel(q: QuotaStatus | null): QuotaLevel {
  if (!q) return 'none';
  return q.exceeded ? 'over' : q.near ? 'near' : 'ok';
}

export const LEVEL_COLORS: Record<QuotaLevel, string> = { none: 'gray', ok: 'teal', near: 'yellow', over: 'red' };

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('ja-JP') : n.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

interface Shown {
  used: number;
  limit: number;
  unit: string;
  remaining: number;
  note: string | null;
}

/**
 * What to show. An advisor year without any counted entry is not yet "with visits" or
 * "online only": show the dispatch limit (回) and mention the online-only limit.
 */
function shown(q: QuotaStatus, visitLimit: number | null, hoursLimit: number | null): Shown {
  if (q.type === 'client-fiscal-year' && q.entries === 0 && visitLimit !== null) {
    return {
      used: 0,
      limit: visitLimit,
      unit: '回',
      remaining: visitLimit,
      note: `訪問を含む場合は年度に${visitLimit}回まで。オンラインのみの場合は合計${hoursLimit ?? 10}時間までです。`,
    };
  }
  return { used: q.used, limit: q.limit, unit: q.unit, remaining: q.remaining, note: null };
}

/** Used / limit / remaining of an engagement's quota with a bar (warning colours near and over). */
export function QuotaMeter({ quota, program, docs }: { quota: QuotaStatus | null; program: EngagementProgram; docs?: string | null }) {
  const catalogue = useCatalogue();
  const rule = quotaRuleOf(catalogue, program);
  const help = docs ?? rule?.docs ?? null;

  if (!quota) {
    return (
      <Box data-testid="quota" data-level="none" className="banso-eng-quota">
        <Text size="xs" c="dimmed">
          この事業には回数や期間の上限はありません。
        </Text>
      </Box>
    );
  }
  const level = quotaLevel(quota);
  const s = shown(quota, rule?.type === 'client-fiscal-year' ? rule.visitLimit : null, rule?.type === 'client-fiscal-year' ? rule.hoursLimit : null);
  const percent = s.limit > 0 ? Math.min(100, (s.used / s.limit) * 100) : 100;
  const title =
    quota.type === 'client-fiscal-year'
      ? `${quota.fiscalYear !== null ? fiscalYearShort(quota.fiscalYear) : ''}・支援先ごと`
      : `予定期間 〜${slashDate(quota.plannedEnd)}`;
  const basis =
    quota.type === 'duration'
      ? datesIn(quota.message)
      : quota.basis === 'visits'
        ? '訪問を含む年度: 記録1件を1回と数えます（メールは数えません）。'
        : 'オンラインのみの年度: 時間の合計で数えます（訪問の記録があると回数で数えます）。';
  return (
    <Box
      data-testid="quota"
      data-level={level}
      data-used={s.used}
      data-limit={s.limit}
      data-unit={s.unit}
      data-remaining={s.remaining}
      className="banso-eng-quota"
      data-tone={level}
    >
      <Group justify="space-between" gap={6} wrap="nowrap" mb={2}>
        <Text size="xs" c="dimmed" className="banso-eng-ellipsis">
          上限の使用状況 ・ {title}
        </Text>
        {help ? (
          <Popover width={360} position="bottom-end" withArrow shadow="sm">
            <Popover.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label="数え方" data-testid="quota-help">
                <IconInfoCircle size={14} />
              </ActionIcon>
            </Popover.Target>
            <Popover.Dropdown>
              <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                {help}
              </Text>
            </Popover.Dropdown>
          </Popover>
        ) : null}
      </Group>
      <Group gap={10} align="baseline" wrap="nowrap">
        <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid="quota-used">
          {fmt(s.used)}
          <Text span size="sm" fw={400} c="dimmed">
            {' '}
            / {fmt(s.limit)}
            {s.unit}
          </Text>
        </Text>
        <Text size="sm" c={level === 'over' ? 'red.9' : level === 'near' ? 'yellow.9' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
          {level === 'over' ? `${fmt(Math.max(0, s.used - s.limit))}${s.unit}超過` : `残り ${fmt(s.remaining)}${s.unit}`}
        </Text>
      </Group>
      <Progress value={percent} color={LEVEL_COLORS[level]} size="sm" mt={4} aria-label="上限の使用状況" />
      <Text size="xs" c={level === 'over' && quota.type === 'duration' ? 'red.9' : 'dimmed'} mt={4}>
        {s.note ?? basis}
      </Text>
    </Box>
  );
}
