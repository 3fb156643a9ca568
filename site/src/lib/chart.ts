// Client-side chart island: draws line charts described in a canvas's data-chart attribute.
import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

/** What a page puts in data-chart: month labels and one or more series of counts. */
export interface ChartSpec {
  labels: string[];
  yTitle: string;
  series: Array<{ label: string; values: number[]; color: string; dashed?: boolean }>;
}

function draw(canvas: HTMLCanvasElement, spec: ChartSpec): Chart {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: s.values,
        borderColor: s.color,
        backgroundColor: s.color,
        borderWidth: 2,
        borderDash: s.dashed ? [6, 4] : [],
        pointStyle: s.dashed ? 'rect' : 'circle',
        pointRadius: 3,
        tension: 0,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: true,
      aspectRatio: 2.4,
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: spec.yTitle } },
      },
      plugins: { legend: { labels: { usePointStyle: true } } },
    },
  });
}

/** Draws every canvas[data-chart] under root; a bad spec is reported and leaves the table to speak. */
export function mountCharts(root: ParentNode): Chart[] {
  const charts: Chart[] = [];
  for (const canvas of root.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')) {
    let spec: ChartSpec;
    try {
      spec = JSON.parse(canvas.dataset.chart ?? '') as ChartSpec;
    } catch (error) {
      console.error('Chart data is not valid JSON; the table below the chart has the numbers.', error);
      continue;
    }
    charts.push(draw(canvas, spec));
  }
  return charts;
}
