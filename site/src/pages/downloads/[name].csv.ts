// Each mart behind the site's tables, downloadable as CSV.
import type { APIRoute, GetStaticPaths } from 'astro';
import { siteData } from '../../lib/data.ts';
import { toCsv } from '../../lib/csv.ts';
import type { SiteData } from '../../lib/schema.ts';

const files: Record<string, (data: SiteData) => string> = {
  funnel_monthly: (d) =>
    toCsv(d.funnel, ['month', 'source_category', 'inquiries', 'mqls', 'sals', 'sqls', 'won', 'rejected', 'recycled']),
  response_sla_monthly: (d) =>
    toCsv(d.sla, [
      'month', 'team', 'owner_id', 'owner_name', 'handed_off', 'met', 'late', 'breached', 'pending',
      'compliance', 'median_business_minutes', 'p90_business_minutes',
    ]),
  response_bands: (d) => toCsv(d.bands, ['band', 'band_order', 'leads', 'sqls', 'conversion_rate']),
};

export const getStaticPaths = (() => Object.keys(files).map((name) => ({ params: { name } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const render = files[params.name ?? ''];
  if (!render) return new Response('Not found', { status: 404 });
  return new Response(render(siteData()), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
