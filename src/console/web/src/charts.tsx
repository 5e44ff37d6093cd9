import { useEffect, useRef } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, AriaComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<import('echarts/charts').BarSeriesOption | import('echarts/components').GridComponentOption | import('echarts/components').LegendComponentOption | import('echarts/components').TooltipComponentOption | import('echarts/components').AriaComponentOption>;

/**
 * An Apache ECharts chart (only the bar chart and the components it needs are bundled). The
 * canvas gets a generated description (ECharts' aria option) and `label` for screen readers; the
 * same figures are always in a table beside it.
 */
export function Chart({ option, label, height = 320 }: { option: ChartOption; label: string; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(undefined);
  useEffect(() => {
    chart.current = echarts.init(element.current!, undefined, { renderer: 'canvas' });
    const resize = () => chart.current?.resize();
    const observer = new ResizeObserver(resize);
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, animation: false, ...option }, true);
  }, [option]);
  return <div ref={element} role="img" aria-label={label} className="chart" style={{ height }} />;
}
