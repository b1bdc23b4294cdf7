/**
 * The only module that imports chart.js, loaded by dynamic import when a chart is first opened. Only the parts the
 * four charts use are registered (chart.js/auto would bring every controller, scale and plugin).
 */
import {
  BarController, BarElement, CategoryScale, Chart, LineController, LineElement, LinearScale, PointElement, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip);

export interface ChartSpec {
  type: 'bar' | 'line';
  labels: string[];
  values: number[];
  /** The dataset's name (what the values are), for the tooltip. */
  label: string;
  /** Bars along the y axis (long creator names read better that way). */
  horizontal?: boolean;
}

export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): Chart {
  const accent = getComputedStyle(canvas).getPropertyValue('--accent').trim() || '#c7820a';
  const muted = getComputedStyle(canvas).getPropertyValue('--muted').trim() || '#5d6470';
  return new Chart(canvas, {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: [{ label: spec.label, data: spec.values, backgroundColor: accent, borderColor: accent, pointRadius: spec.type === 'line' ? 2 : 0 }],
    },
    options: {
      animation: false,
      responsive: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      plugins: { legend: { display: false }, tooltip: { enabled: true } },
      scales: {
        x: { ticks: { color: muted, maxRotation: 0, autoSkip: true }, grid: { display: false } },
        y: { ticks: { color: muted }, beginAtZero: spec.type === 'bar' },
      },
    },
  });
}
