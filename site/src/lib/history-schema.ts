// The data contract of month close: restatements.json, closed_figures.json and definition_changes.json, as
// functions/night/site-queries-history.ts writes them from the marts.
import { z } from 'zod';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as "YYYY-MM"');
const day = z.iso.date();

/** The metrics a closed month publishes (monthly_figures.metric). */
export const figureMetrics = [
  'inquiries', 'mqls', 'sals', 'sqls', 'opportunities_won', 'revenue_won',
  'response_handed_off', 'response_met', 'response_late', 'response_breached',
  'response_compliance', 'response_median_minutes', 'mql_to_sql_rate',
  'campaign_leads', 'campaign_mqls', 'campaign_sqls', 'campaign_pipeline', 'campaign_revenue_won', 'campaign_cost', 'campaign_roi',
] as const;
export const restatementCauses = [
  'merged_or_deleted', 'amount_changed', 'close_date_moved', 'status_history_backfilled',
  'definition_changed', 'record_edited', 'recorded_late', 'unexplained',
] as const;

const figureKey = {
  metric: z.enum(figureMetrics),
  month,
  breakdown_kind: z.enum(['source_category', 'team', 'campaign']),
  breakdown: z.string().min(1),
};

/** restatements.json: tonight's restated numbers of closed months, each with the records that moved it (bounded). */
export const restatementsSchema = z.array(
  z.strictObject({
    restated_on: day,
    previous_as_of_date: day,
    ...figureKey,
    // Empty for a rate, median or ROI that had (or has) no figure.
    old_value: z.number().nullable(),
    new_value: z.number().nullable(),
    records_total: z.number().int().nonnegative(),
    record_kind: z.enum(['lead', 'opportunity']).nullable(),
    record_id: z.string().nullable(),
    change: z.enum(['entered', 'left', 'changed']).nullable(),
    old_amount: z.number().nullable(),
    new_amount: z.number().nullable(),
    cause: z.enum(restatementCauses),
  }),
);

/** closed_figures.json: each closed month's figures as published, beside tonight's recomputation. */
export const closedFiguresSchema = z.array(
  z.strictObject({
    ...figureKey,
    published_on: day,
    published_value: z.number().nullable(),
    current_value: z.number().nullable(),
    is_restated: z.boolean(),
  }),
);

/** definition_changes.json: the dated change log of the settings the numbers depend on. */
export const definitionChangesSchema = z.array(
  z.strictObject({
    changed_on: day,
    definition_key: z.string().min(1),
    area: z.enum(['funnel', 'sla', 'revenue', 'all']),
    old_value: z.string().nullable(),
    new_value: z.string().nullable(),
  }),
);

export type RestatementRow = z.infer<typeof restatementsSchema>[number];
export type ClosedFigureRow = z.infer<typeof closedFiguresSchema>[number];
export type DefinitionChangeRow = z.infer<typeof definitionChangesSchema>[number];
export type FigureMetric = (typeof figureMetrics)[number];
export type RestatementCause = (typeof restatementCauses)[number];
