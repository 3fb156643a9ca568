import { parseConfig, type HandoffConfig } from '../core/config.ts';

/** The demo company's config: its name, CRM address, monthly MQL targets and score field, so every page has them. */
export function demoConfig(asOf: string): HandoffConfig {
  const months: Record<string, number> = {};
  const end = new Date(asOf);
  for (let back = 0; back < 13; back++) {
    const month = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back, 1));
    months[month.toISOString().slice(0, 7)] = 100;
  }
  return parseConfig({
    company: { name: 'Brightlane Software (demo)', crm_url: 'https://brightlane.my.salesforce.com' },
    funnel: { mql_targets: months },
    // The demo's Salesforce org keeps its score in a custom field; marketing hands leads over at 50 points.
    scoring: { score_columns: { salesforce: 'Lead_Score__c' }, mql_threshold: 50 },
  }, 'demo config');
}
