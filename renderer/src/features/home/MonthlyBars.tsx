import '@mantine/charts/styles.css';

import { BarChart } from '@mantine/charts';
import { formatNumber } from '../../lib/format.ts';

/** 月別の支援時間と訪問 as bars (loaded after the first screen: the chart library is large). */
export function MonthlyBars({ data }: { data: { label: string; hours: number; visits: number }[] }) {
  return (
    <BarChart
      h={176}
      data={data}
      dataKey="label"
      series={[
        { name: 'hours', label: '支援時間（時間）', color: 'teal.6' },
        { name: 'visits', label: '訪問（回）', color: 'blue.4' },
      ]}
      withLegend
      legendProps={{ verticalAlign: 'top', height: 24 }}
      styles={{ legendItemName: { fontSize: 'var(--mantine-font-size-xs)' } }}
      tickLine="none"
      gridAxis="y"
      maxBarWidth={14}
      barProps={{ radius: 2 }}
      xAxisProps={{ interval: 0, tick: { fontSize: 10 } }}
      yAxisProps={{ width: 28, allowDecimals: false, tick: { fontSize: 10 } }}
      tooltipAnimationDuration={0}
      valueFormatter={(v) => formatNumber(Math.round(v * 10) / 10)}
    />
  );
}
