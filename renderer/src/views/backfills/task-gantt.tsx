import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { CustomChart } from 'echarts/charts';
import type { RunDetail } from '../../../../api/jobs-api';
import { EChart, type ChartOption } from '../../components/echart';

// The Gantt bars are an ECharts custom series; registering it here keeps the shared wrapper lean.
echarts.use([CustomChart]);

const COLORS: Record<string, string> = { succeeded: '#2e9e57', failed: '#d64541', running: '#2f7ae5', retrying: '#d9a521', cancelled: '#a58b5c', interrupted: '#a58b5c' };

interface BarApi {
  value(dim: number): number;
  coord(point: [number, number]): [number, number];
  size(point: [number, number]): [number, number];
  style(extra?: Record<string, unknown>): Record<string, unknown>;
}

/** One bar per task attempt from start to end (still running: to now), tasks down the axis. */
export function TaskGantt({ detail }: { detail: RunDetail }) {
  const option = useMemo<ChartOption>(() => {
    const tasks = detail.tasks.map((t) => t.taskId);
    const now = Date.now();
    const data = detail.tasks.flatMap((t, i) =>
      t.attempts.map((a) => ({
        name: `${t.taskId} #${a.attempt} ${a.state}`,
        value: [i, Date.parse(a.startedAt), a.endedAt ? Date.parse(a.endedAt) : now, a.attempt],
        itemStyle: { color: COLORS[a.state] ?? '#888' },
      })),
    );
    return {
      tooltip: { trigger: 'item', formatter: (p: { name: string }) => p.name },
      grid: { left: 110, right: 20, top: 10, bottom: 30 },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
      yAxis: { type: 'category', data: tasks, inverse: true },
      series: [
        {
          type: 'custom',
          encode: { x: [1, 2], y: 0 },
          data,
          renderItem: (_params: unknown, api: BarApi) => {
            const start = api.coord([api.value(1), api.value(0)]);
            const end = api.coord([api.value(2), api.value(0)]);
            const h = api.size([0, 1])[1] * 0.6;
            return { type: 'rect', shape: { x: start[0], y: start[1] - h / 2, width: Math.max(2, end[0] - start[0]), height: h }, style: api.style() };
          },
        },
      ],
    };
  }, [detail]);
  const attempts = detail.tasks.reduce((n, t) => n + t.attempts.length, 0);
  return <EChart option={option} testId="task-gantt" className="chart-sm" label={`task timeline of run ${detail.run.runId}`} data={{ 'data-bars': attempts }} paintKey={`${detail.run.runId}:${attempts}`} />;
}
