import type { ObjectSpec } from '../../core/catalogue.ts';

/**
 * `spend/`: a hand-kept CSV of cost per campaign per month, for campaigns whose export carries no
 * cost (HubSpot, mapped CRMs, ad platforms). One row per campaign and month:
 *
 * ```
 * campaign,month,cost,currency
 * Spring Webinar,2024-03,"1,250.00",USD
 * ```
 *
 * `campaign` holds the campaign's ID or its name, as whichever source knows it (`campaign_id` or
 * `campaign_name` headers are read the same way); staging matches it against both. `month` is
 * `2024-03`, `03/2024`, `Mar 2024` or any date in the month (stored as the month's first day).
 * `source` optionally names the system the campaign lives in (salesforce, hubspot, marketo, …).
 */
export const SPEND_OBJECTS: ObjectSpec[] = [
  {
    source: 'spend', object: 'campaign_spend', files: ['campaign_spend', 'spend', 'campaign_costs', 'costs'],
    columns: [
      { header: 'campaign', name: 'campaign', type: 'string', required: true, notNull: true, aliases: ['campaign_id', 'campaign_name', 'Campaign ID', 'Campaign Name', 'program', 'program_id'] },
      { header: 'month', name: 'month', type: 'month', required: true, notNull: true, aliases: ['period', 'date', 'start_date'] },
      { header: 'cost', name: 'cost', type: 'decimal', required: true, notNull: true, aliases: ['spend', 'amount'] },
      { header: 'currency', name: 'currency_code', type: 'string', aliases: ['currency_code', 'currency_iso_code'] },
      { header: 'source', name: 'campaign_source', type: 'string', aliases: ['source_system', 'system'] },
      { header: 'channel', name: 'channel', type: 'string' },
      { header: 'note', name: 'note', type: 'string', aliases: ['notes'] },
    ],
  },
];
