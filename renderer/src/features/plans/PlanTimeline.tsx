import { Box, Group, Progress, Text, Tooltip } from '@mantine/core';
import type { PlanView } from '../../../../shared/contract/plans.ts';
import { daysBetween, seireki } from './model.ts';
import { slashDate, wareki } from '../../lib/format.ts';

/** The schedule as one compact strip (24 px): phases by their dates, today marked; the dates of each phase in its tooltip. */
export function PlanTimeline({ plan }: { plan: PlanView }) {
  const s = plan.schedule;
  const span = Math.max(1, daysBetween(s.start, s.end) + 1);
  const todayAt = daysBetween(s.start, s.today);
  const todayPct = Math.min(100, Math.max(0, (todayAt / span) * 100));
  const colors = ['blue', 'teal', 'grape', 'orange', 'cyan', 'indigo'];
  return (
    <Group data-testid="plan-timeline" gap={8} wrap="nowrap" align="center">
      <Box pos="relative" h={24} style={{ flex: 1, minWidth: 0, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4, overflow: 'hidden' }}>
        {s.phases.map((p, i) => {
          const left = (daysBetween(s.start, p.start) / span) * 100;
          const width = ((daysBetween(p.start, p.end) + 1) / span) * 100;
          const prog = plan.progress.phases.find((x) => x.phaseId === p.phaseId);
          const color = colors[i % colors.length] ?? 'blue';
          return (
            <Tooltip key={p.phaseId} label={`${p.name} ・ 第${p.weeks.from}〜${p.weeks.to}週 ・ ${p.startWareki}〜${p.endWareki}（${seireki(p.start)}〜${seireki(p.end)}）`} withArrow>
              <Box
                pos="absolute"
                top={0}
                bottom={0}
                left={`${String(left)}%`}
                w={`${String(width)}%`}
                px={6}
                bg={`var(--mantine-color-${color}-0)`}
                style={{ borderRight: '1px solid var(--mantine-color-gray-3)', overflow: 'hidden', display: 'flex', alignItems: 'center' }}
                data-testid="timeline-phase"
                data-state={p.state}
              >
                <Text size="xs" fw={600} truncate lh={1.2}>
                  {i + 1}. {p.name}
                  <Text span size="xs" c="dimmed" fw={400}>
                    {' '}
                    第{p.weeks.from}〜{p.weeks.to}週 ・ {slashDate(p.start)}〜
                  </Text>
                </Text>
                {prog && (
                  <Progress.Root size={2} pos="absolute" bottom={1} left={6} right={6}>
                    <Progress.Section value={prog.ratio * 100} color={color} aria-label={`${p.name}の進み具合 ${Math.round(prog.ratio * 100)}%`} />
                  </Progress.Root>
                )}
              </Box>
            </Tooltip>
          );
        })}
        {todayAt >= 0 && todayAt < span && (
          <Box pos="absolute" top={0} bottom={0} left={`${String(todayPct)}%`} w={2} bg="red.6" title={`今日 ${s.today}`} data-testid="timeline-today" />
        )}
      </Box>
      <Text size="xs" c="dimmed" style={{ flex: 'none', whiteSpace: 'nowrap' }} title={`${seireki(s.start)}〜${seireki(s.end)}`}>
        {wareki(s.start)}〜{wareki(s.end)} ・ 今日 {slashDate(s.today)}
        {todayAt < 0 ? '（開始前）' : todayAt >= span ? '（終了後）' : ''}
      </Text>
    </Group>
  );
}
