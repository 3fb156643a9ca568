// The site data offered as whole-series CSV files, with the title the definitions page lists.
import type { SiteData } from './schema.ts';

export const downloads: Record<string, { title: string; rows: (d: SiteData) => object[] }> = {
  funnel_monthly: { title: 'Funnel by month and source category (period view)', rows: (d) => d.funnel },
  funnel_cohorts: { title: 'Funnel cohorts by MQL month (cohort view)', rows: (d) => d.cohorts },
  sla_compliance: { title: 'SLA compliance by month, SLA and owner', rows: (d) => d.sla },
  response_bands: { title: 'Response bands by month', rows: (d) => d.bands },
  revenue_monthly: { title: 'Pipeline and revenue by month and source category', rows: (d) => d.revenue },
  campaign_roi: { title: 'Campaign ROI by attribution model', rows: (d) => d.roi },
  loss_reasons: { title: 'Deals lost by reason and source category, last 12 complete months', rows: (d) => d.losses },
  contactability: { title: 'Contactability by month and source category', rows: (d) => d.contactability },
  data_health: { title: 'Data health checks of the night', rows: (d) => d.health },
};
