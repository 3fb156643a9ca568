// Client-side chart island: draws the line and bar charts described in each canvas's data-chart attribute.
// Registers only the Chart.js parts those two chart types use (no chart.js/auto).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip);

/** What a page puts in data-chart: labels, one or more series, and how to show the values. */
export interface ChartSpec {
  type: 'line' | 'bar';
  labels: string[];
  /** Axis title of the values. */
  yTitle: string;
  /** How values are shown on the axis and in tooltips. */
  format: 'count' | 'percent' | 'money' | 'minutes';
  currency?: string;
  /** Bars run left to right (long labels such as campaign names). */
  horizontal?: boolean;
  stacked?: boolean;
  series: Array<{ label: string; values: Array<number | null>; color: string; dashed?: boolean; asPoints?: boolean }>;
  /** Intervals drawn as thin floating bars behind the series (e.g. a rate's 95% interval), null where there is none. */
  ranges?: { label: string; values: Array<[number, number] | null>; color: string };
}

function formatter(spec: ChartSpec): (value: number) => string {
  switch (spec.format) {
    case 'percent':
      return (v) => `${Math.round(v * 100)}%`;
    case 'money': {
      const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: spec.currency ?? 'USD', notation: 'compact', maximumFractionDigits: 1 });
      return (v) => money.format(v);
    }
    case 'minutes':
      return (v) => (v < 60 ? `${Math.round(v)} min` : `${Math.round(v / 6) / 10} h`);
    default:
      return (v) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(v);
  }
}

function config(spec: ChartSpec): ChartConfiguration<'line' | 'bar'> {
  const format = formatter(spec);
  const valueAxis = {
    beginAtZero: true,
    stacked: spec.stacked ?? false,
    ticks: { callback: (value: string | number) => format(Number(value)), ...(spec.format === 'count' ? { precision: 0 } : {}) },
    title: { display: true, text: spec.yTitle },
  };
  const categoryAxis = { stacked: spec.stacked ?? false };
  const series = spec.series.map((s) => ({
    ...(s.asPoints ? { type: 'line' as const, showLine: false, pointRadius: 6 } : { pointRadius: 3 }),
    label: s.label,
    data: s.values,
    borderColor: s.color,
    backgroundColor: s.color,
    borderWidth: spec.type === 'line' || s.asPoints ? 2 : 0,
    borderDash: s.dashed ? [6, 4] : [],
    pointStyle: s.dashed ? 'rect' : 'circle',
    tension: 0,
  }));
  const ranges = spec.ranges
    ? [{ type: 'bar' as const, label: spec.ranges.label, data: spec.ranges.values, backgroundColor: spec.ranges.color, borderWidth: 0, barPercentage: 0.25, grouped: false }]
    : [];
  const show = (raw: unknown) => (Array.isArray(raw) ? `${format(Number(raw[0]))} to ${format(Number(raw[1]))}` : format(Number(raw)));
  return {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: [...series, ...ranges] as ChartConfiguration<'line' | 'bar'>['data']['datasets'],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: true,
      aspectRatio: spec.horizontal ? 1.6 : 2.4,
      indexAxis: spec.horizontal ? 'y' : 'x',
      interaction: { mode: 'index', intersect: false },
      scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        legend: { labels: { usePointStyle: true } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${show(item.raw)}` } },
      },
    },
  };
}

/** Draws every canvas[data-chart] under root; a bad spec is reported and leaves the table to speak. */
export function mountCharts(root: ParentNode): Chart[] {
  const charts: Chart[] = [];
  for (const canvas of Array.from(root.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]'))) {
    let spec: ChartSpec;
    try {
      spec = JSON.parse(canvas.dataset.chart ?? '') as ChartSpec;
    } catch (error) {
      console.error('Chart data is not valid JSON; the table beside the chart has the numbers.', error);
      continue;
    }
    charts.push(new Chart(canvas, config(spec)));
  }
  return charts;
}
