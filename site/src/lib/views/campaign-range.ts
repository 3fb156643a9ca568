// The campaigns page's one-screen chart: each campaign's ROI under all six attribution models as a range, the default
// model marked, so a reader sees at a glance both the verdict and how much it depends on the model.
import type { ChartSpec } from '../chart.ts';
import { models } from '../schema.ts';
import { DEFAULT_MODEL } from './campaign-periods.ts';
import { MODEL_LABELS, type Campaign } from './campaigns.ts';

/**
 * The ROI range chart over the campaigns with a known cost, highest default-model ROI first; null when none has one.
 * `of` is the number of campaigns in all, when `all` is only those the page shows.
 */
export function roiRangeChart(all: Campaign[], of = all.length): { spec: ChartSpec; caption: string } | null {
  const rated = all
    .map((c) => ({ c, rois: models.map((m) => c.byModel.get(m)?.roi ?? null).filter((r): r is number => r !== null), chosen: c.byModel.get(DEFAULT_MODEL)?.roi ?? null }))
    .filter((x) => x.rois.length > 0)
    .sort((a, b) => (b.chosen ?? -Infinity) - (a.chosen ?? -Infinity) || a.c.name.localeCompare(b.c.name, 'en'));
  if (rated.length === 0) return null;
  const unknown = all.length - rated.length;
  return {
    spec: {
      type: 'bar',
      horizontal: true,
      labels: rated.map((x) => x.c.name),
      yTitle: 'ROI',
      format: 'percent',
      series: [{ label: `ROI, ${MODEL_LABELS[DEFAULT_MODEL].toLowerCase()} model (the default)`, values: rated.map((x) => x.chosen), color: '#8a2b0c', asPoints: true }],
      ranges: { label: 'ROI range across the six models', values: rated.map((x) => [Math.min(...x.rois), Math.max(...x.rois)]), color: '#6f95c9' },
    },
    caption: `ROI of ${of > all.length ? `the ${all.length} campaigns with the highest cost (of ${of.toLocaleString('en-US')})` : 'each campaign'} under the six attribution models, from the lowest to the highest, with the ${MODEL_LABELS[DEFAULT_MODEL].toLowerCase()} model (the default) marked; highest first.${
      unknown > 0 ? ` ${unknown} ${unknown === 1 ? 'campaign has' : 'campaigns have'} no recorded cost, so no ROI.` : ''
    } People, MQLs and opportunities are in the table below.`,
  };
}
