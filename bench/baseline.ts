// The benchmark's baseline: what bare DuckDB needs for the headline numbers from the same export.
//
//   node bench/baseline.ts --exports DIR --out DIR
//
// A fresh DuckDB instance (default settings) converts every CSV file in DIR to Parquet with
// `COPY (select * from read_csv(...)) TO ... (format parquet)`, then ONE hand-written query over
// those Parquet files counts the people reaching inquiry, MQL, SAL, SQL and won by month, with the
// funnel definitions of docs/definitions.md as the models apply them: every live lead is an inquiry when
// created; statuses map to stages (from LeadHistory, or the current status dated at creation when a
// lead has no status history); a conversion dates SQL; an opportunity dates SQL at its creation and
// won/lost at its close date, for the lead it was converted from or the person behind its contact;
// a later stage implies the skipped earlier ones (MQL and SAL for leads only); the first time wins,
// observed before inferred. It reads none of Handoff's code except the stock status mapping (config).
//
// Progress goes to stdout as one JSON object per line: {"stage", "ms", "rows"}; the funnel is
// written to OUT/funnel.json.

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_SALESFORCE_LEAD_STATUS } from '../functions/core/config.ts';

export interface FunnelMonth {
  month: string;
  inquiries: number;
  mqls: number;
  sals: number;
  sqls: number;
  won: number;
}

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The one query: people reaching each funnel stage by month, over the Parquet copies of the export. */
export function funnelSql(dir: string): string {
  const file = (name: string) => quote(join(dir, `${name}.parquet`));
  const statusMap = Object.entries(DEFAULT_SALESFORCE_LEAD_STATUS).map(([status, stage]) => `(${quote(status)}, ${quote(stage)})`).join(', ');
  const id = (column: string) => `nullif(trim(cast(${column} as varchar)), '000000000000000AAA')`;
  const yes = (column: string) => `coalesce(lower(cast(${column} as varchar)) in ('1', 'true'), false)`;
  return `
with status_map(status, stage) as (values ${statusMap}),
implications(stage, implied) as (values
  ('sal', 'mql'), ('sql', 'mql'), ('sql', 'sal'), ('won', 'mql'), ('won', 'sal'), ('won', 'sql'),
  ('lost', 'mql'), ('lost', 'sal'), ('lost', 'sql'), ('rejected', 'mql'), ('recycled', 'mql')),
leads as (
  select Id as lead_id, cast(CreatedDate as timestamp) as created_at, Status as status,
    ${id('ConvertedContactId')} as contact_id, ${id('ConvertedOpportunityId')} as opportunity_id,
    cast(ConvertedDate as date) as converted_date
  from read_parquet(${file('Lead')})
  where not ${yes('IsDeleted')} and ${id('MasterRecordId')} is null
),
contacts as (
  select Id as contact_id from read_parquet(${file('Contact')})
  where not ${yes('IsDeleted')} and ${id('MasterRecordId')} is null
    and Id not in (select contact_id from leads where contact_id is not null)
),
-- Who stands behind a record: a lead is its own person, so is its converted contact; other contacts are people too.
persons as (
  select lead_id as record_id, lead_id as person_id from leads
  union all select contact_id, lead_id from leads where contact_id is not null
  union all select contact_id, contact_id from contacts
),
status_changes as (
  select LeadId as lead_id, cast(CreatedDate as timestamp) as changed_at, OldValue as old_value, NewValue as new_value,
    row_number() over (partition by LeadId order by CreatedDate, Id) as n
  from read_parquet(${file('LeadHistory')})
  where lower(Field) = 'status' and not ${yes('IsDeleted')}
),
statuses as (
  select leads.lead_id, coalesce(nullif(first.old_value, ''), leads.status) as status, leads.created_at as reached_at,
    case when first.lead_id is null then 'inferred' else 'observed' end as evidence
  from leads left join status_changes first on first.lead_id = leads.lead_id and first.n = 1
  union all
  select c.lead_id, c.new_value, c.changed_at, 'observed' from status_changes c join leads on leads.lead_id = c.lead_id
),
opportunities as (
  select o.Id as opportunity_id, cast(o.CreatedDate as timestamp) as created_at, cast(o.CloseDate as date) as close_date,
    ${yes('o.IsClosed')} as is_closed, ${yes('o.IsWon')} as is_won,
    coalesce(converted.lead_id, by_contact.person_id) as person_id
  from read_parquet(${file('Opportunity')}) o
  left join leads converted on converted.opportunity_id = o.Id
  left join persons by_contact on by_contact.record_id = ${id('o.ContactId')}
  where not ${yes('o.IsDeleted')}
),
observed(person_id, stage, reached_at, evidence) as (
  select lead_id, 'inquiry', created_at, 'observed' from leads
  union all select statuses.lead_id, status_map.stage, statuses.reached_at, statuses.evidence
    from statuses join status_map on status_map.status = lower(trim(statuses.status))
  union all select lead_id, 'sql', cast(converted_date as timestamp), 'observed' from leads where converted_date is not null
  union all select person_id, 'sql', created_at, 'observed' from opportunities where person_id is not null
  union all select person_id, case when is_won then 'won' else 'lost' end, cast(close_date as timestamp), 'observed'
    from opportunities where person_id is not null and is_closed
),
implied as (
  select observed.person_id, implications.implied as stage, min(observed.reached_at) as reached_at, 'inferred' as evidence
  from observed join implications on implications.stage = observed.stage
  where implications.implied not in ('mql', 'sal') or observed.person_id in (select lead_id from leads)
  group by observed.person_id, implications.implied
),
reached as (
  select person_id, stage, coalesce(min(reached_at) filter (where evidence = 'observed'), min(reached_at)) as reached_at
  from (select * from observed union all select * from implied)
  group by person_id, stage
)
select strftime(date_trunc('month', reached_at), '%Y-%m') as month,
  count(*) filter (where stage = 'inquiry') as inquiries,
  count(*) filter (where stage = 'mql') as mqls,
  count(*) filter (where stage = 'sal') as sals,
  count(*) filter (where stage = 'sql') as sqls,
  count(*) filter (where stage = 'won') as won
from reached
where stage in ('inquiry', 'mql', 'sal', 'sql', 'won')
group by 1
order by 1`;
}

/** Converts every CSV in `exportsDir` to Parquet in `outDir`, then runs the funnel query; reports each step through `report`. */
export async function runBaseline(exportsDir: string, outDir: string, report: (line: { stage: string; ms: number; rows: number }) => void): Promise<FunnelMonth[]> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    await db.run(`set TimeZone = 'UTC'`);
    let started = performance.now();
    let rows = 0;
    for (const name of readdirSync(exportsDir).filter((f) => f.endsWith('.csv')).sort()) {
      const result = await db.run(`copy (select * from read_csv(${quote(join(exportsDir, name))})) to ${quote(join(outDir, name.replace(/\.csv$/, '.parquet')))} (format parquet)`);
      rows += result.rowsChanged;
    }
    report({ stage: 'csv to parquet', ms: performance.now() - started, rows });
    started = performance.now();
    const reader = await db.runAndReadAll(funnelSql(outDir));
    const funnel = reader.getRowObjectsJS().map((r) => ({
      month: String(r['month']), inquiries: Number(r['inquiries']), mqls: Number(r['mqls']), sals: Number(r['sals']), sqls: Number(r['sqls']), won: Number(r['won']),
    }));
    report({ stage: 'funnel query', ms: performance.now() - started, rows: funnel.length });
    return funnel;
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { exports: { type: 'string' }, out: { type: 'string' } } });
  if (!values.exports || !values.out) {
    process.stderr.write('usage: node bench/baseline.ts --exports DIR --out DIR\n');
    process.exit(2);
  }
  const out = resolve(values.out);
  const funnel = await runBaseline(resolve(values.exports), out, (line) => process.stdout.write(`${JSON.stringify(line)}\n`));
  writeFileSync(join(out, 'funnel.json'), JSON.stringify(funnel, null, 1));
}
