import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTheme } from '../shell/theme';

// Modular imports keep ECharts' share of the bundle to the parts the views draw.
echarts.use([
  LineChart,
  BarChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  MarkLineComponent,
  MarkAreaComponent,
  TitleComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export interface EChartHandle {
  /** PNG of the chart as drawn (data URL), for the export buttons. */
  pngDataUrl(): string | undefined;
}

interface Props {
  option: ChartOption;
  testId: string;
  className?: string;
  /** Accessible description of what the chart shows (canvas has no text of its own). */
  label: string;
  /** Extra attributes tests read, e.g. the number of points drawn. */
  data?: Record<`data-${string}`, string | number>;
  /**
   * Names the data drawn: once ECharts has finished drawing it, the element gets
   * data-painted="<paintKey>" (tests and bench:ui wait on it; default "1").
   */
  paintKey?: string;
}

/**
 * One ECharts instance per element, re-created when the theme changes (ECharts themes are fixed
 * at init). Tooltips render as rich text on the canvas: HTML tooltips carry inline styles, which
 * the renderer's CSP (style-src 'self') refuses.
 */
export const EChart = forwardRef<EChartHandle, Props>(function EChart({ option, testId, className, label, data, paintKey = '1' }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  const theme = useTheme();
  const latest = useRef(option);
  const drawnKey = useRef(paintKey);

  useImperativeHandle(ref, () => ({
    pngDataUrl: () => chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: theme === 'dark' ? '#161b22' : '#ffffff' }),
  }));

  useEffect(() => {
    if (!host.current) return;
    const element = host.current;
    const instance = echarts.init(element, theme === 'dark' ? 'dark' : undefined);
    chart.current = instance;
    element.removeAttribute('data-painted');
    instance.on('finished', () => element.setAttribute('data-painted', drawnKey.current));
    instance.setOption(withDefaults(latest.current), { notMerge: true });
    // Resize only to a real, new size: a kept-alive view hidden with display: none reports 0x0,
    // and showing it again must not re-lay-out a chart whose size never changed.
    let size = `${element.clientWidth}x${element.clientHeight}`;
    const observer = new ResizeObserver(() => {
      const next = `${element.clientWidth}x${element.clientHeight}`;
      if (element.clientWidth === 0 || element.clientHeight === 0 || next === size) return;
      size = next;
      instance.resize();
    });
    observer.observe(host.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, [theme]);

  // Layout effect: the option and its key change together before ECharts' next frame can fire
  // 'finished' for the previous one. lazyUpdate: ECharts lays out and draws in its next animation
  // frame, a task of its own, instead of inside React's commit (together they went over 50 ms).
  useLayoutEffect(() => {
    latest.current = option;
    drawnKey.current = paintKey;
    chart.current?.setOption(withDefaults(option), { notMerge: true, lazyUpdate: true });
  }, [option, paintKey]);

  return <div ref={host} className={className ?? 'chart'} data-testid={testId} role="img" aria-label={label} {...data} />;
});

function withDefaults(option: ChartOption): ChartOption {
  const tooltip = (option.tooltip ?? { trigger: 'axis' }) as Record<string, unknown>;
  return { animation: false, backgroundColor: 'transparent', ...option, tooltip: { ...tooltip, renderMode: 'richText' } };
}
