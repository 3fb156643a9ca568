// The site's data contract: one zod schema per JSON file the publisher writes from the marts.
import { z } from 'zod';

const count = z.number().int().nonnegative();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as "YYYY-MM"');
const isoTime = z.iso.datetime({ offset: true });
const share = z.number().min(0).max(1);

export const sourceCategories = ['marketing', 'sales', 'partner', 'unknown'] as const;

export const responseBands = [
  'under 5 min',
  '5 to 15 min',
  '15 to 60 min',
  '1 to 4 h',
  '4 to 24 h',
  'over 24 h',
  'never',
] as const;

// A stored rate must agree with its own counts, so a wrong mart is caught before it is published.
function sameShare(stored: number | null, part: number, whole: number): boolean {
  if (whole === 0) return stored === null;
  return stored !== null && Math.abs(stored - part / whole) < 0.0005;
}

/** meta.json: who the numbers are for, when they were cut, and the agreed SLA. */
export const metaSchema = z.object({
  company: z.string().min(1),
  as_of: isoTime,
  generated_at: isoTime,
  calendar: z.string().min(1),
  response_sla_minutes: z.number().positive(),
  compliance_target: share,
});

/** funnel_monthly.json: people reaching each stage in a month (period view). */
export const funnelMonthlySchema = z.array(
  z.object({
    month,
    source_category: z.enum(sourceCategories),
    inquiries: count,
    mqls: count,
    sals: count,
    sqls: count,
    won: count,
    rejected: count,
    recycled: count,
  }),
);

/** response_sla_monthly.json: response SLA outcomes per owner and handoff month. */
export const responseSlaMonthlySchema = z.array(
  z
    .strictObject({
      month,
      team: z.string().min(1),
      owner_id: z.string().min(1),
      owner_name: z.string().min(1),
      handed_off: count,
      met: count,
      late: count,
      breached: count,
      pending: count,
      compliance: share.nullable(),
      median_business_minutes: z.number().nonnegative().nullable(),
      p90_business_minutes: z.number().nonnegative().nullable(),
    })
    .refine((row) => row.met + row.late + row.breached + row.pending === row.handed_off, {
      message: 'met + late + breached + pending must equal handed_off',
      path: ['handed_off'],
    })
    .refine((row) => sameShare(row.compliance, row.met, row.met + row.late + row.breached), {
      message: 'must be met / (met + late + breached), or null when that is 0 / 0',
      path: ['compliance'],
    }),
);

/** response_bands.json: leads by first-response band, with how many became SQLs. */
export const responseBandsSchema = z.array(
  z
    .strictObject({
      band: z.enum(responseBands),
      band_order: z.number().int(),
      leads: count,
      sqls: count,
      conversion_rate: share.nullable(),
    })
    .refine((row) => row.sqls <= row.leads, {
      message: 'sqls cannot exceed leads',
      path: ['sqls'],
    })
    .refine((row) => sameShare(row.conversion_rate, row.sqls, row.leads), {
      message: 'must be sqls / leads, or null when leads is 0',
      path: ['conversion_rate'],
    }),
);

export type Meta = z.infer<typeof metaSchema>;
export type FunnelRow = z.infer<typeof funnelMonthlySchema>[number];
export type SlaRow = z.infer<typeof responseSlaMonthlySchema>[number];
export type BandRow = z.infer<typeof responseBandsSchema>[number];
export type SourceCategory = (typeof sourceCategories)[number];

/** Everything the pages read, validated. */
export interface SiteData {
  meta: Meta;
  funnel: FunnelRow[];
  sla: SlaRow[];
  bands: BandRow[];
}
