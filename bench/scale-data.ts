// The benchmark's data: a Salesforce Data Export at scale, written by DuckDB SQL.
//
// The demo generator (functions/demo) simulates each lead in JavaScript and holds the whole org in
// memory; at one million leads and twenty million campaign members that is minutes and many GB.
// This generator tells the same story (inbound leads owned by a queue, MQL, routing to an SDR, the
// first call or email, accepted, converted with an account, contact and opportunity, rejected with
// a reason, recycled to nurture, sales-sourced opportunities, campaign responses before and after
// conversion) with per-record decisions drawn from a seeded hash, so DuckDB writes every file in
// parallel and the output is the same for the same seed, scale and as-of.
//
// The files are real Data Export files: named by object, the demo's headers, every field quoted,
// "0"/"1" booleans, 000000000000000AAA for an empty reference, `YYYY-MM-DD HH:MM:SS` UTC times,
// LF line ends, UTF-8, a few names with accents and a few descriptions with quotes and newlines.

import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { HEADERS } from '../functions/demo/write.ts';
import { EMPTY_REFERENCE, salesforceId18 } from '../functions/demo/salesforce-id.ts';
import { sqlString } from '../functions/core/sql.ts';

export const SCALE_AS_OF = '2026-11-20T18:00:00Z';

/** Records per lead (scale 1 = 1,000,000 leads). Opportunities come out at about 0.1 per lead. */
export const PER_LEAD = {
  campaignMembers: 20,
  /** Sales-sourced opportunities on contacts that never were leads. */
  outboundOpportunities: 0.01,
  leadsPerCampaign: 500,
  leadsPerSdr: 5_000,
} as const;

export interface ScaleOptions {
  leads: number;
  seed?: number;
  asOf?: string;
  /** DuckDB threads for writing (default: all cores). */
  threads?: number;
  /** DuckDB memory limit while generating, e.g. '4GB' (default: DuckDB's). */
  memoryLimit?: string;
}

export interface ScaleSummary {
  /** File name -> data rows written. */
  files: Record<string, number>;
  bytes: number;
  asOf: string;
  users: number;
  campaigns: number;
}

/** The 3-character checksum of a Salesforce ID whose 12 characters after the prefix are digits. */
function suffix(prefix: string): string {
  return salesforceId18(`${prefix}${'0'.repeat(12)}`).slice(15);
}

/** SQL that turns a number into an 18-character ID with the given key prefix. */
function idSql(prefix: string, n: string): string {
  return `('${prefix}' || lpad(cast(${n} as varchar), 12, '0') || '${suffix(prefix)}')`;
}

interface Org {
  integration: number;
  marketing: [number, number];
  managers: [number, number];
  east: [number, number];
  west: [number, number];
  partners: [number, number];
  aes: [number, number];
  users: number;
  campaigns: number;
}

/** The org grows with the leads: one SDR per 5,000 leads, AEs, partners, managers and marketers in proportion. */
export function orgFor(leads: number): Org {
  const sdrs = Math.max(4, Math.ceil(leads / PER_LEAD.leadsPerSdr));
  const east = Math.ceil(sdrs * 0.55);
  const west = sdrs - east;
  const aes = Math.max(2, Math.ceil(sdrs / 3));
  const partners = Math.max(2, Math.ceil(sdrs / 10));
  const managers = Math.max(2, Math.ceil(sdrs / 8));
  const marketing = Math.max(1, Math.ceil(sdrs / 20));
  let next = 1;
  const range = (n: number): [number, number] => {
    const r: [number, number] = [next, n];
    next += n;
    return r;
  };
  const org = {
    integration: 0,
    marketing: range(marketing),
    managers: range(managers),
    east: range(east),
    west: range(west),
    partners: range(partners),
    aes: range(aes),
    users: 0,
    campaigns: Math.max(40, Math.round(leads / PER_LEAD.leadsPerCampaign)),
  };
  org.users = next;
  return org;
}

const FIRST = ['Ava', 'Marcus', 'Priya', 'Daniel', 'Sofía', 'Ethan', 'Maya', 'Lucas', 'Chloe', 'Noah', 'Hannah', 'Oliver', 'Amelia', 'Grace', 'José', 'Rachel',
  'Liam', 'Emma', 'Mateo', 'Zoë', 'Björn', 'Aoife', 'Kenji', 'Fatima', 'Olivia', 'James', 'Isabella', 'Mohammed', 'Chen', 'Ingrid', 'Pierre', 'Ana'];
const LAST = ['Thompson', 'Reed', 'Natarajan', "O'Connor", 'Álvarez', 'Brooks', 'Chen', 'Romero', 'Nguyen', 'Patel', 'Kim', 'Bennett', 'Clarke', 'Whitfield',
  'García', 'Adler', 'Müller', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Moore', 'Jackson',
  'Martin', 'Lee', 'Pérez'];
const COMPANY_A = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Cyberdyne', 'Tyrell', 'Wonka', 'Aperture',
  'Nakatomi', 'Oscorp', 'Gringotts', 'Pied Piper', 'Dunder', 'Massive', 'Blue Sun'];
const COMPANY_B = ['Analytics', 'Logistics', 'Health', 'Foods', 'Systems', 'Labs', 'Capital', 'Retail', 'Energy', 'Media', 'Robotics', 'Software'];
const TITLES = ['VP Marketing', 'Head of Sales', 'CFO', 'Operations Manager', 'IT Director', 'Data Analyst', 'CEO', 'Revenue Operations Lead', 'Student', 'Engineer'];
const INDUSTRIES = ['Technology', 'Finance', 'Healthcare', 'Retail', 'Manufacturing', 'Education', 'Media', 'Energy'];
const COUNTRIES = ['United States', 'United States', 'United States', 'Canada', 'United Kingdom', 'Germany', 'France', 'Australia'];
const STATES = ['NY', 'CA', 'TX', 'MA', 'IL', 'WA', 'GA', 'CO'];
const REASONS = ['No budget', 'Not a decision maker', 'Duplicate', 'Bad contact data', 'Competitor', 'Student / not a buyer'];
const PARTNER_COMPANIES = ['Northwind Partners', 'Contoso Consulting', 'Fabrikam Resellers'];
const MULTILINE = 'Came in through website chat.\nWants pricing for 50 seats, "ASAP" per their CRO.';

/**
 * Campaign types and the inbound leads they create: lead source, member status on response, MQL
 * rate and a conversion multiplier (trade-show badge scans rarely convert, partner referrals do).
 */
const CAMPAIGN_TYPES = [
  { type: 'Webinar', source: 'Webinar', status: 'Attended', mql: 0.45, conv: 1.1 },
  { type: 'Email', source: 'Email', status: 'Clicked', mql: 0.36, conv: 0.9 },
  { type: 'Advertisement', source: 'Paid Search', status: 'Responded', mql: 0.38, conv: 1.0 },
  { type: 'Content Syndication', source: 'Content', status: 'Downloaded', mql: 0.3, conv: 0.85 },
  { type: 'Trade Show', source: 'Trade Show', status: 'Attended', mql: 0.62, conv: 0.17 },
  { type: 'Banner Ads', source: 'Advertisement', status: 'Responded', mql: 0.36, conv: 1.0 },
  { type: 'Partners', source: 'Partner Referral', status: 'Responded', mql: 0.9, conv: 1.15 },
  { type: 'Website', source: 'Web', status: 'Responded', mql: 0.41, conv: 1.0 },
] as const;
/** Leads that no campaign created (20%): sales prospecting, phone calls, bought lists, referrals. */
const OTHER_SOURCES = [
  { source: 'Cold Call', share: 0.08, mql: 0.5, conv: 1.2 },
  { source: 'Phone Inquiry', share: 0.03, mql: 0.7, conv: 1.3 },
  { source: 'Purchased List', share: 0.05, mql: 0.3, conv: 0.8 },
  { source: 'Employee Referral', share: 0.04, mql: 0.5, conv: 1.0 },
] as const;

const list = (values: readonly string[]) => `[${values.map(sqlString).join(', ')}]`;
/** Picks from a SQL list literal with a hash-derived number. */
const pick = (values: readonly string[], r: string) => `${list(values)}[1 + cast(floor(${r} * ${values.length}) as integer)]`;

/**
 * Writes a Salesforce Data Export of `leads` leads (and everything in proportion) into
 * `<dir>/salesforce/`. Deterministic for a seed, scale and as-of.
 */
export async function generateScaleExports(dir: string, options: ScaleOptions): Promise<ScaleSummary> {
  const n = Math.round(options.leads);
  if (!Number.isInteger(n) || n < 1) throw new Error(`leads must be a positive whole number, got ${options.leads}`);
  const seed = options.seed ?? 7;
  const asOfText = options.asOf ?? SCALE_AS_OF;
  const asOfMs = Date.parse(asOfText);
  if (Number.isNaN(asOfMs)) throw new Error(`asOf is not a time: ${asOfText}`);
  const A = Math.floor(asOfMs / 1000);
  const w = new Date(asOfMs);
  const W = Math.floor(Date.UTC(w.getUTCFullYear(), w.getUTCMonth() - 13, w.getUTCDate(), w.getUTCHours()) / 1000);
  const org = orgFor(n);
  const C = org.campaigns;
  // A stride coprime with C puts a lead's (up to 30) memberships in distinct campaigns.
  let stride = Math.max(7, Math.floor(C / 31) + 1);
  while (gcd(stride, C) !== 1) stride++;
  const out = join(dir, 'salesforce');
  mkdirSync(out, { recursive: true });

  const settings: Record<string, string> = { preserve_insertion_order: 'false' };
  if (options.threads) settings['threads'] = String(options.threads);
  if (options.memoryLimit) settings['memory_limit'] = options.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', settings);
  const db = await instance.connect();
  const files: Record<string, number> = {};
  try {
    await db.run(`set TimeZone = 'UTC'`);
    await db.run(`
      create macro rnd(i, k) as hash(i, k, ${seed}) / 18446744073709551616.0;
      create macro nrm(i, k) as sqrt(-2 * ln(greatest(rnd(i, k), 1e-12))) * cos(2 * pi() * rnd(i, k + 1000));
      create macro lognormal(i, k, median, sigma) as exp(ln(median) + sigma * nrm(i, k));
      create macro uni(i, k, lo, hi) as lo + (hi - lo) * rnd(i, k);
      create macro ts(s) as strftime(make_timestamp(cast(s as bigint) * 1000000), '%Y-%m-%d %H:%M:%S');
      create macro dt(s) as strftime(make_timestamp(cast(s as bigint) * 1000000), '%Y-%m-%d');
      create macro b(v) as case when v then '1' else '0' end;
      create macro money(cents) as cast(cast(cents as bigint) // 100 as varchar) || '.' || lpad(cast(cast(cents as bigint) % 100 as varchar), 2, '0');
      create macro user_id(idx) as ${idSql('005', 'idx + 1')};
    `);
    const queueId = `${idSql('00G', '1')}`;

    // Users: integration, marketing, managers, SDR East, SDR West, partner reps, AEs.
    const zonesEast = ['America/New_York', 'America/New_York', 'America/Chicago'];
    const zonesWest = ['America/Los_Angeles', 'America/Los_Angeles', 'America/Denver'];
    const inRange = (r: [number, number]) => `u between ${r[0]} and ${r[0] + r[1] - 1}`;
    await db.run(`create temp table U as
      select u as idx, user_id(u) as id,
        case when u = 0 then 'integration' when ${inRange(org.marketing)} then 'marketing' when ${inRange(org.managers)} then 'manager'
          when ${inRange(org.east)} then 'sdr_east' when ${inRange(org.west)} then 'sdr_west' when ${inRange(org.partners)} then 'partner' else 'ae' end as role,
        case when u = 0 then 'Marketo' else ${pick(FIRST, 'rnd(u, 501)')} end as first_name,
        case when u = 0 then 'Integration' else ${pick(LAST, 'rnd(u, 502)')} end as last_name,
        ${W} - 86400 * (200 + cast(floor(rnd(u, 503) * 900) as bigint)) + 15 * 3600 as created,
        rnd(u, 504) < 0.03 and (${inRange(org.east)} or ${inRange(org.west)}) as has_left
      from range(${org.users}) t(u)`);
    await db.run(`create temp table UF as
      select *,
        case role when 'integration' then 'Integration User' when 'marketing' then 'Marketing Manager' when 'manager' then 'Sales Manager'
          when 'partner' then 'Partner Sales Rep' when 'ae' then 'Account Executive' else 'Sales Development Rep' end as title,
        case role when 'integration' then 'Systems' when 'marketing' then 'Marketing' when 'manager' then 'Sales Management'
          when 'sdr_east' then 'SDR East ' || cast(1 + (idx - ${org.east[0]}) // 8 as varchar) when 'sdr_west' then 'SDR West ' || cast(1 + (idx - ${org.west[0]}) // 8 as varchar)
          when 'partner' then 'Partner Channel' else 'Account Executives' end as department,
        case when role = 'sdr_east' then ${pick(zonesEast, 'rnd(idx, 505)')} when role = 'sdr_west' then ${pick(zonesWest, 'rnd(idx, 505)')}
          when role = 'partner' then 'Europe/London' when role in ('ae', 'manager') then ${pick([...zonesEast, ...zonesWest], 'rnd(idx, 505)')}
          else 'America/New_York' end as tz,
        case when role = 'partner' then ${pick(PARTNER_COMPANIES, 'rnd(idx, 506)')} else 'Brightlane Software' end as company,
        case when role in ('sdr_east', 'sdr_west', 'partner', 'ae') then user_id(${org.managers[0]} + (idx % ${org.managers[1]})) end as manager_id
      from U`);
    files['User.csv'] = await copy(db, out, 'User', `select id, lower(strip_accents(first_name)) || '.' || lower(regexp_replace(strip_accents(last_name), '[^A-Za-z]', '', 'g')) || idx || '@brightlane.io',
        first_name, last_name, company, case when tz like 'Europe/%' then 'EMEA' else 'North America' end, department, title,
        lower(strip_accents(first_name)) || '.' || lower(regexp_replace(strip_accents(last_name), '[^A-Za-z]', '', 'g')) || '@' || case when role = 'partner' then 'partner.example' else 'brightlane.io' end,
        lower(left(strip_accents(first_name), 1) || left(regexp_replace(strip_accents(last_name), '[^A-Za-z]', '', 'g'), 4)) || idx,
        b(not has_left), tz, case when tz like 'Europe/%' then 'en_GB' else 'en_US' end, case when role = 'partner' then 'PowerPartner' else 'Standard' end,
        coalesce(manager_id, ''), ts(created), user_id(0), ts(case when has_left then ${A} - 86400 * 120 else created + 7200 end), user_id(0),
        ts(case when has_left then ${A} - 86400 * 120 else created + 7200 end)
      from UF order by idx`);

    // Campaigns: one per 500 leads, starting across the 13 months (and two months before).
    const types = CAMPAIGN_TYPES;
    await db.run(`create temp table CAMP as
      select c, ${idSql('701', 'c + 1')} as id, c % ${types.length} as type_idx,
        (${W} - 60 * 86400 + cast(floor((c + rnd(c, 601)) / ${C} * ${A - W + 60 * 86400}) as bigint)) // 86400 * 86400 as start_day,
        cast(14 + floor(rnd(c, 602) * 76) as bigint) as days,
        rnd(c, 603) < 0.85 as has_cost,
        cast(500000 + floor(rnd(c, 604) * 4000000) as bigint) as budget_cents,
        user_id(${org.marketing[0]} + (c % ${org.marketing[1]})) as owner
      from range(${C}) t(c)`);
    files['Campaign.csv'] = await copy(db, out, 'Campaign', `select id, '0',
        ${list(types.map((t) => t.type))}[type_idx + 1] || ' ' || strftime(make_timestamp(start_day * 1000000), '%Y-%m') || ' #' || cast(c + 1 as varchar), '',
        ${list(types.map((t) => t.type))}[type_idx + 1],
        case when start_day + days * 86400 < ${A} then 'Completed' when start_day <= ${A} then 'In Progress' else 'Planned' end,
        dt(start_day), dt(start_day + days * 86400), 'USD', money(budget_cents),
        case when has_cost and start_day <= ${A} then money(budget_cents * (0.7 + 0.5 * rnd(c, 605))) else '' end,
        b(start_day + days * 86400 >= ${A}), 'Benchmark campaign ' || (c + 1), owner,
        ts(start_day - 20 * 86400 + 14 * 3600), owner, ts(least(start_day + days * 86400, ${A} - 3600)), owner, ts(least(start_day + days * 86400, ${A} - 3600))
      from CAMP order by c`);

    // Leads: every decision of a lead's life, planned from its hash, then cut off at as-of.
    const otherCum: string[] = [];
    let cum = 0.8;
    for (const s of OTHER_SOURCES) {
      cum += s.share;
      otherCum.push(`when u_src < ${cum.toFixed(4)} then '${s.source}'`);
    }
    const sourceOf = `case when u_src < 0.8 then ${list(types.map((t) => t.source))}[c0 % ${types.length} + 1] ${otherCum.join(' ')} else 'Employee Referral' end`;
    const rateOf = (key: 'mql' | 'conv') => `case when u_src < 0.8 then [${types.map((t) => t[key]).join(', ')}][c0 % ${types.length} + 1]
      ${OTHER_SOURCES.map((s) => `when lead_source = '${s.source}' then ${s[key]}`).join(' ')} else 1 end`;
    const rep = `case when lead_source = 'Partner Referral' then ${org.partners[0]} + cast(floor(rnd(i, 9) * ${org.partners[1]}) as bigint)
      when region = 'east' then ${org.east[0]} + cast(floor(rnd(i, 9) * ${org.east[1]}) as bigint)
      else ${org.west[0]} + cast(floor(rnd(i, 9) * ${org.west[1]}) as bigint) end`;
    await db.run(`create temp table L as
      with base as (
        select i,
          ${W} + cast(floor(rnd(i, 1) * ${A - W}) as bigint) as created,
          rnd(i, 2) as u_src,
          cast(hash(i, 3, ${seed}) % ${C} as bigint) as c0,
          case when rnd(i, 4) < 0.55 then 'east' else 'west' end as region,
          case when rnd(i, 5) < 0.6 then 'SMB' when rnd(i, 5) < 0.9 then 'Mid-Market' else 'Enterprise' end as segment,
          case when rnd(i, 6) < 0.004 then 'deleted' when rnd(i, 6) < 0.007 and i > 0 then 'merged' else 'none' end as special,
          rnd(i, 7) < 0.97 as has_email,
          rnd(i, 8) < 0.8 as has_phone,
          cast(hash(i // 2, 10, ${seed}) % 21 as integer) - 10 as delta
        from range(${n}) t(i)
      ),
      sourced as (
        select *, ${sourceOf} as lead_source, ${PER_LEAD.campaignMembers} + case when i % 2 = 0 then delta else -delta end as members
        from base
      ),
      rated as (
        select *, ${rateOf('mql')} as mql_rate, ${rateOf('conv')} as conv, ${rep} as rep_idx,
          ${org.aes[0]} + cast(floor(rnd(i, 11) * ${org.aes[1]}) as bigint) as ae_idx
        from sourced
      ),
      planned as (
        select *,
          special = 'none' and rnd(i, 12) < mql_rate as plans_mql,
          created + case when rnd(i, 13) < 0.7 or lead_source in ('Partner Referral', 'Phone Inquiry') then 5 + cast(floor(rnd(i, 14) * 235) as bigint)
            else cast(86400 * least(90, greatest(1, lognormal(i, 15, 9, 0.9))) as bigint) end as t_mql_plan,
          case when lead_source = 'Partner Referral' then 60 * cast(1 + floor(rnd(i, 16) * 30) as bigint)
            when rnd(i, 17) < 0.62 then 3 + cast(floor(rnd(i, 18) * 117) as bigint)
            when rnd(i, 19) < 0.7 then cast(60 * uni(i, 20, 3, 60) as bigint)
            when rnd(i, 19) < 0.92 then cast(60 * 3 * uni(i, 20, 60, 480) as bigint)
            else cast(60 * 3 * uni(i, 20, 480, 2400) as bigint) end as assign_delay,
          rnd(i, 21) < case when lead_source = 'Partner Referral' then 0.12 when region = 'east' then 0.04 else 0.10 end as never_touched,
          least(greatest(case when lead_source = 'Partner Referral' then lognormal(i, 22, 200, 1.2)
            when region = 'east' then case when rnd(i, 23) < 0.85 then lognormal(i, 22, 14, 1.0) else lognormal(i, 22, 400, 0.9) end
            else case when rnd(i, 23) < 0.18 then lognormal(i, 22, 40, 1.0) else lognormal(i, 22, 900, 0.75) end end, 0.75), 14400) as response_minutes
        from rated
      ),
      timed as (
        select *,
          case when plans_mql then t_mql_plan end as t_mql,
          case when plans_mql then t_mql_plan + assign_delay end as t_assign,
          case when plans_mql and not never_touched then t_mql_plan + assign_delay
            + greatest(30, cast(response_minutes * 60 * case when response_minutes <= 240 then 1 else 3 end as bigint)) end as t_first,
          (0.085 + 0.36 * exp(-pow(response_minutes / 150, 0.8))) * conv * case when has_email or has_phone then 1 else 0.2 end as p_convert,
          case when lead_source = 'Trade Show' then 0.3 else 0.07 end as p_reject
        from planned
      ),
      outcomes as (
        select *,
          case
            when not plans_mql then null
            when never_touched then case when rnd(i, 24) < 0.15 then 'reject_untouched' end
            when rnd(i, 25) < p_convert then 'convert'
            when rnd(i, 26) < p_reject then 'reject_direct'
            when rnd(i, 27) < 0.42 then 'reject'
            when rnd(i, 27) < 0.67 then 'nurture'
            else 'working'
          end as outcome
        from timed
      ),
      stepped as (
        select *,
          case when outcome in ('reject', 'nurture', 'working') or (outcome = 'convert' and rnd(i, 28) >= 0.05)
            then t_first + 30 + cast(floor(rnd(i, 29) * 1770) as bigint) end as t_sal,
          case outcome
            when 'reject_untouched' then t_assign + cast(60 * uni(i, 30, 30, 900) as bigint)
            when 'convert' then t_first + cast(86400 * 1.4 * uni(i, 30, 0.3, 12) as bigint)
            when 'reject_direct' then t_first + cast(60 * uni(i, 30, 5, 240) as bigint)
            when 'reject' then t_first + cast(86400 * 1.4 * uni(i, 30, 0.3, 10) as bigint)
            when 'nurture' then t_first + cast(86400 * 1.4 * uni(i, 30, 5, 30) as bigint)
          end as t_out,
          outcome = 'nurture' and rnd(i, 31) < 0.5 as back_to_queue,
          case when outcome = 'reject_untouched' then 'Duplicate'
            when not has_email and not has_phone then 'Bad contact data'
            when lead_source = 'Trade Show' and rnd(i, 32) < 0.45 then 'Bad contact data'
            else ${pick(REASONS, 'rnd(i, 33)')} end as reason,
          case when has_email and rnd(i, 34) < 0.012 then created + cast(86400 * uni(i, 35, 0.5, 20) as bigint) end as t_bounce_plan
        from outcomes
      ),
      happened as (
        select *,
          coalesce(t_mql < ${A}, false) as h_mql,
          coalesce(t_assign < ${A}, false) as h_assign,
          coalesce(t_first < ${A}, false) as h_first,
          coalesce(t_sal < ${A}, false) as h_sal,
          coalesce(t_out < ${A}, false) as h_out,
          case when t_bounce_plan < ${A} then t_bounce_plan end as t_bounce
        from stepped
      )
      select *,
        case when h_out then case outcome when 'convert' then 'Closed - Converted' when 'nurture' then 'Nurture' else 'Closed - Not Converted' end
          when h_sal then 'Working - Contacted' when h_mql then 'Open - Not Contacted' else 'New' end as status,
        case when h_out and back_to_queue and t_out + 1 < ${A} then ${queueId} when h_assign then user_id(rep_idx) else ${queueId} end as owner_id,
        case when lead_source = 'Partner Referral' then user_id(rep_idx) when lead_source = 'Cold Call' then user_id(rep_idx) else user_id(0) end as created_by,
        h_out and outcome = 'convert' as converted,
        ${pick(FIRST, 'rnd(i, 40)')} as first_name, ${pick(LAST, 'rnd(i, 41)')} as last_name,
        ${pick(COMPANY_A, 'rnd(i, 42)')} || ' ' || ${pick(COMPANY_B, 'rnd(i, 43)')} || ' ' || cast(i % 9973 as varchar) as company
      from happened`);
    await db.run(`create temp table CONV as
      select i, row_number() over (order by t_out, i) as k from L where converted`);
    const [convRow] = (await (await db.runAndReadAll('select count(*) as n from CONV')).getRowObjectsJS()) as Array<{ n: bigint }>;
    const conversions = Number(convRow?.n ?? 0n);
    const outbound = Math.max(1, Math.round(n * PER_LEAD.outboundOpportunities));

    files['Lead.csv'] = await copy(db, out, 'Lead', `select ${idSql('00Q', 'L.i + 1')}, b(special <> 'none'),
        case when special = 'merged' then ${idSql('00Q', 'L.i')} else '' end, first_name, last_name, ${pick(TITLES, 'rnd(L.i, 44)')}, company,
        case when rnd(L.i, 45) < 0.7 then ${pick(STATES, 'rnd(L.i, 46)')} else '' end, ${pick(COUNTRIES, 'rnd(L.i, 47)')},
        case when has_phone then '+1 (555) ' || lpad(cast(L.i % 10000000 as varchar), 7, '0') else '' end,
        case when rnd(L.i, 48) < 0.3 then '+1 (555) ' || lpad(cast((L.i * 7) % 10000000 as varchar), 7, '0') else '' end,
        case when has_email then lower(strip_accents(first_name)) || '.' || lower(regexp_replace(strip_accents(last_name), '[^A-Za-z]', '', 'g')) || L.i || '@'
          || lower(replace(company, ' ', '')) || '.example' else '' end,
        case when rnd(L.i, 49) < 0.001 then ${sqlString(MULTILINE)} else '' end,
        lead_source, status, ${pick(INDUSTRIES, 'rnd(L.i, 50)')}, case when h_mql then 'Warm' else '' end,
        case when rnd(L.i, 51) < 0.4 then cast(cast(floor(rnd(L.i, 52) * 5000) as bigint) * 10000 as varchar) else '' end,
        cast(cast(1 + floor(rnd(L.i, 53) * 2000) as bigint) as varchar), owner_id, b(converted),
        case when converted then dt(t_out) else '' end,
        case when converted then ${idSql('001', 'CONV.k')} else '${EMPTY_REFERENCE}' end,
        case when converted then ${idSql('003', 'CONV.k')} else '${EMPTY_REFERENCE}' end,
        case when converted then ${idSql('006', 'CONV.k')} else '${EMPTY_REFERENCE}' end,
        b(h_assign and not h_first and status in ('Open - Not Contacted', 'Working - Contacted')),
        ts(created), created_by, ts(greatest(created, coalesce(case when h_out then t_out end, case when h_sal then t_sal end, case when h_assign then t_assign end, created), coalesce(t_bounce, 0))),
        user_id(0), ts(greatest(created, coalesce(case when h_out then t_out end, case when h_sal then t_sal end, case when h_assign then t_assign end, created), coalesce(t_bounce, 0))),
        case when h_first then dt(t_first) else '' end,
        case when t_bounce is not null then '550 5.1.1 Recipient address rejected: User unknown' else '' end,
        case when t_bounce is not null then ts(t_bounce) else '' end,
        case when h_out and outcome like 'reject%' then reason else '' end, segment,
        cast(cast(case when h_mql then 50 + floor(rnd(L.i, 54) * 51) else floor(rnd(L.i, 54) * 46) end as bigint) as varchar)
      from L left join CONV on CONV.i = L.i order by L.i`);

    // LeadHistory: creation, status changes, owner changes (an ID row and a name row), conversion.
    const oldStatus = `case when h_sal and t_sal < t_out then 'Working - Contacted' else 'Open - Not Contacted' end`;
    const outStatus = `case outcome when 'convert' then 'Closed - Converted' when 'nurture' then 'Nurture' else 'Closed - Not Converted' end`;
    const repName = `(select first_name || ' ' || last_name from UF where UF.idx = L.rep_idx)`;
    files['LeadHistory.csv'] = await copy(db, out, 'LeadHistory', `select ${idSql('017', 'i * 10 + h.k + 1')}, '0', ${idSql('00Q', 'i + 1')}, h.who_by, ts(h.t), h.field, h.dtype, h.old, h.new
      from (select i, unnest([
          {k: 0, t: created, field: 'created', dtype: 'Text', old: '', new: '', who_by: created_by},
          {k: 1, t: case when h_mql then t_mql end, field: 'Status', dtype: 'Text', old: 'New', new: 'Open - Not Contacted', who_by: user_id(0)},
          {k: 2, t: case when h_assign then t_assign end, field: 'Owner', dtype: 'EntityId', old: ${queueId}, new: user_id(rep_idx), who_by: user_id(0)},
          {k: 3, t: case when h_assign then t_assign end, field: 'Owner', dtype: 'Text', old: 'Marketing Queue', new: ${repName}, who_by: user_id(0)},
          {k: 4, t: case when h_sal then t_sal end, field: 'Status', dtype: 'Text', old: 'Open - Not Contacted', new: 'Working - Contacted', who_by: user_id(rep_idx)},
          {k: 5, t: case when h_out then t_out end, field: 'Status', dtype: 'Text', old: ${oldStatus}, new: ${outStatus}, who_by: user_id(rep_idx)},
          {k: 6, t: case when h_out and outcome = 'convert' then t_out end, field: 'leadConverted', dtype: 'Text', old: '', new: '', who_by: user_id(rep_idx)},
          {k: 7, t: case when h_out and back_to_queue and t_out + 1 < ${A} then t_out + 1 end, field: 'Owner', dtype: 'EntityId', old: user_id(rep_idx), new: ${queueId}, who_by: user_id(rep_idx)},
          {k: 8, t: case when h_out and back_to_queue and t_out + 1 < ${A} then t_out + 1 end, field: 'Owner', dtype: 'Text', old: ${repName}, new: 'Marketing Queue', who_by: user_id(rep_idx)}
        ]) as h from L) where h.t is not null
      order by i, h.k`);

    // Opportunities: one per conversion (on the new contact), plus sales-sourced ones on contacts that never were leads.
    await db.run(`create temp table O as
      with converted as (
        select CONV.k, L.i, t_out as created, segment, lead_source, case when u_src < 0.8 then ${idSql('701', 'c0 + 1')} else '${EMPTY_REFERENCE}' end as campaign_id, ae_idx, rep_idx,
          first_name, last_name, company, has_email, has_phone, false as outbound
        from CONV join L on L.i = CONV.i
      ),
      outbound as (
        select ${conversions} + o + 1 as k, -1 as i, ${W} + cast(floor(rnd(o, 701) * ${A - W - 3 * 86400}) as bigint) as created,
          case when rnd(o, 702) < 0.5 then 'Mid-Market' else 'Enterprise' end as segment, 'Outbound' as lead_source, '${EMPTY_REFERENCE}' as campaign_id,
          ${org.aes[0]} + cast(floor(rnd(o, 703) * ${org.aes[1]}) as bigint) as ae_idx,
          ${org.aes[0]} + cast(floor(rnd(o, 703) * ${org.aes[1]}) as bigint) as rep_idx,
          ${pick(FIRST, 'rnd(o, 704)')} as first_name, ${pick(LAST, 'rnd(o, 705)')} as last_name,
          ${pick(COMPANY_A, 'rnd(o, 706)')} || ' ' || ${pick(COMPANY_B, 'rnd(o, 707)')} || ' Group ' || cast(o as varchar) as company, true as has_email, true as has_phone, true as outbound
        from range(${outbound}) t(o)
      ),
      unioned as (select * from converted union all select * from outbound),
      fated as (
        select *,
          case when rnd(k, 710) < 0.55 then case when rnd(k, 711) < 0.3 then 'won' else 'lost' end else 'open' end as fate,
          created + cast(86400 * least(120, greatest(20, lognormal(k, 712, 50, 0.5))) + uni(k, 713, 0, 5 * 3600) as bigint) as close_plan,
          case segment when 'SMB' then least(greatest(lognormal(k, 714, 14000, 0.4), 5000), 30000)
            when 'Mid-Market' then least(greatest(lognormal(k, 714, 48000, 0.4), 20000), 110000)
            else least(greatest(lognormal(k, 714, 150000, 0.4), 70000), 400000) end as dollars
        from unioned
      )
      select *,
        fate <> 'open' and close_plan < ${A} as closed,
        case when fate = 'won' then 5 else 1 + cast(floor(rnd(k, 715) * 5) as integer) end as reach,
        cast(round(dollars * 2) * 50 as bigint) as amount_cents,
        ${A} // 86400 * 86400 + 86400 * cast(7 + floor(rnd(k, 716) * 68) as bigint) as pushed_close
      from fated`);
    await db.run(`create temp table OH as
      with stages as (
        select O.*, s.n as step,
          ['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'] as path,
          [10, 10, 20, 75, 90] as chances
        from O, (select unnest(range(6)) as n) s
        where s.n < reach or (s.n = reach and closed)
      )
      select k, step, reach, closed, fate, created, close_plan, amount_cents, ae_idx,
        case when step = reach then close_plan
          else created + cast((least(close_plan, ${A}) - created) * (case when closed then 1.0 else 0.9 end) * step / (reach + case when closed then 1 else 0 end) as bigint) end as t,
        case when step = reach then case when fate = 'won' then 'Closed Won' else 'Closed Lost' end else path[step + 1] end as stage,
        case when step = reach then case when fate = 'won' then 100 else 0 end else chances[step + 1] end as probability,
        case when step = 0 then '' when step = reach then path[reach] else path[step] end as from_stage
      from stages`);
    await db.run(`create temp table OS as
      select k, arg_max(stage, step) as stage, arg_max(probability, step) as probability, max(t) as last_t
      from OH where t < ${A} group by k`);
    const forecast = `case stage when 'Closed Won' then 'Closed' when 'Closed Lost' then 'Omitted' when 'Proposal/Price Quote' then 'Best Case'
      when 'Negotiation/Review' then 'Commit' else 'Pipeline' end`;
    const closeDate = `case when O.closed then dt(O.close_plan) when O.close_plan >= ${A} then dt(O.close_plan) else dt(O.pushed_close) end`;
    files['Opportunity.csv'] = await copy(db, out, 'Opportunity', `select ${idSql('006', 'O.k')}, '0', ${idSql('001', 'O.k')},
        O.company || ' - ' || case O.segment when 'SMB' then 'Starter Plan' when 'Mid-Market' then 'Growth Plan' else 'Enterprise Suite' end,
        OS.stage, money(O.amount_cents), cast(OS.probability as varchar), ${closeDate}, 'New Business', O.lead_source,
        b(O.closed), b(O.closed and O.fate = 'won'), ${forecast}, 'USD', O.campaign_id, user_id(O.ae_idx), ${idSql('003', 'O.k')},
        ts(O.created), user_id(O.rep_idx), ts(greatest(OS.last_t, O.created)), user_id(O.ae_idx), ts(greatest(OS.last_t, O.created))
      from O join OS on OS.k = O.k order by O.k`);
    files['OpportunityHistory.csv'] = await copy(db, out, 'OpportunityHistory', `select ${idSql('008', 'k * 8 + step + 1')}, ${idSql('006', 'k')},
        case when step = 0 then user_id(ae_idx) else user_id(ae_idx) end, ts(t), stage, money(amount_cents), money(amount_cents * probability / 100),
        case when step = reach then dt(close_plan) else dt(greatest(close_plan, t)) end, cast(probability as varchar),
        case stage when 'Closed Won' then 'Closed' when 'Closed Lost' then 'Omitted' when 'Proposal/Price Quote' then 'BestCase'
          when 'Negotiation/Review' then 'Commit' else 'Pipeline' end, from_stage, 'USD', ts(t), '0'
      from OH where t < ${A} order by k, step`);
    files['Account.csv'] = await copy(db, out, 'Account', `select ${idSql('001', 'O.k')}, '0', O.company, case when O.closed and O.fate = 'won' then 'Customer' else 'Prospect' end,
        ${pick(INDUSTRIES, 'rnd(O.k, 720)')}, ${pick(COUNTRIES, 'rnd(O.k, 721)')}, cast(cast(10 + floor(rnd(O.k, 722) * 5000) as bigint) as varchar),
        O.lead_source, user_id(O.ae_idx), ts(O.created), user_id(O.rep_idx), ts(greatest(OS.last_t, O.created)), user_id(O.ae_idx), ts(greatest(OS.last_t, O.created))
      from O join OS on OS.k = O.k order by O.k`);
    files['Contact.csv'] = await copy(db, out, 'Contact', `select ${idSql('003', 'k')}, '0', '', ${idSql('001', 'k')}, first_name, last_name,
        case when has_email then lower(strip_accents(first_name)) || '.' || lower(regexp_replace(strip_accents(last_name), '[^A-Za-z]', '', 'g')) || '.c' || k || '@'
          || lower(replace(company, ' ', '')) || '.example' else '' end,
        case when has_phone then '+1 (555) ' || lpad(cast((k * 13) % 10000000 as varchar), 7, '0') else '' end,
        ${pick(TITLES, 'rnd(k, 730)')}, lead_source, user_id(case when outbound then ae_idx else rep_idx end),
        ts(created), user_id(rep_idx), ts(created), user_id(rep_idx), ts(created), '', ''
      from O order by k`);

    // Campaign members: about 20 per lead, in distinct campaigns; the first is the response that created the lead.
    files['CampaignMember.csv'] = await copy(db, out, 'CampaignMember', `with m as (
        select L.i, j, L.created, L.special, L.u_src, L.c0, L.converted, L.t_out, CONV.k,
          (L.c0 + j * ${stride}) % ${C} as c,
          case when j = 0 then L.created
            else L.created + cast((${A} - 1 - L.created) * pow(rnd(L.i * 32 + j, 801), 1.5) as bigint) end as t
        from L left join CONV on CONV.i = L.i, (select unnest(range(30)) as j) js
        where js.j < L.members
      )
      select ${idSql('00v', 'm.i * 32 + m.j + 1')}, b(m.special <> 'none'), ${idSql('701', 'm.c + 1')},
        case when m.converted and m.t >= m.t_out then '${EMPTY_REFERENCE}' else ${idSql('00Q', 'm.i + 1')} end,
        case when m.converted then ${idSql('003', 'm.k')} else '${EMPTY_REFERENCE}' end,
        case when responded then ${list(types.map((t) => t.status))}[CAMP.type_idx + 1] else 'Sent' end,
        b(responded), m.stamp, user_id(0), case when responded then left(m.stamp, 10) else '' end, m.stamp, user_id(0), m.stamp
      from (select m.*, (m.j = 0 and m.u_src < 0.8) or rnd(m.i * 32 + m.j, 802) < 0.85 as responded, ts(m.t) as stamp from m) m
      join CAMP on CAMP.c = m.c
      order by m.i, m.j`);

    // Tasks: the rep's first touch and follow-ups, marketing automation emails (not sales touches), open
    // follow-ups, and the AE's calls and emails on each opportunity's contact.
    const closesAt = `coalesce(case when h_out then t_out end, ${A})`;
    files['Task.csv'] = await copy(db, out, 'Task', `with lead_tasks as (
        select i, rep_idx, unnest([
          {k: 0, t: case when h_first then t_first end, owner: rep_idx, type: case when rnd(i, 60) < 0.6 then 'Call' else 'Email' end, subject: '', open: false},
          {k: 1, t: case when h_first and t_first + cast(86400 * 1.4 * uni(i, 61, 0.5, 4) as bigint) < ${closesAt} then t_first + cast(86400 * 1.4 * uni(i, 61, 0.5, 4) as bigint) end,
            owner: rep_idx, type: case when rnd(i, 62) < 0.55 then 'Call' else 'Email' end, subject: '', open: false},
          {k: 2, t: case when h_first and rnd(i, 63) < 0.6 and t_first + cast(86400 * 1.4 * uni(i, 64, 4, 8) as bigint) < ${closesAt} then t_first + cast(86400 * 1.4 * uni(i, 64, 4, 8) as bigint) end,
            owner: rep_idx, type: case when rnd(i, 65) < 0.55 then 'Call' else 'Email' end, subject: '', open: false},
          {k: 3, t: case when h_first and rnd(i, 66) < 0.3 and t_first + cast(86400 * 1.4 * uni(i, 67, 8, 14) as bigint) < ${closesAt} then t_first + cast(86400 * 1.4 * uni(i, 67, 8, 14) as bigint) end,
            owner: rep_idx, type: case when rnd(i, 68) < 0.55 then 'Call' else 'Email' end, subject: '', open: false},
          {k: 4, t: case when h_assign and rnd(i, 69) < 0.06 and t_assign + 1800 < ${A} then t_assign + 60 + cast(floor(rnd(i, 70) * 1740) as bigint) end,
            owner: ${org.marketing[0]} + (i % ${org.marketing[1]}), type: 'Email', subject: 'Marketing email sent', open: false},
          {k: 5, t: case when h_first and outcome = 'working' and rnd(i, 71) < 0.06 and t_first + 3600 < ${A} then t_first + 3600 end,
            owner: rep_idx, type: 'Call', subject: 'Follow up', open: true}
        ]) as x from L where h_assign
      ),
      opp_tasks as (
        select O.k, O.ae_idx, O.created, x from O join OS on OS.k = O.k, (select unnest([
          {n: 0, lo: 1, hi: 5}, {n: 1, lo: 6, hi: 12}, {n: 2, lo: 13, hi: 20}, {n: 3, lo: 21, hi: 30}]) as x) s
        where O.created + cast(86400 * uni(O.k, 740 + x.n, x.lo, x.hi) as bigint) < least(case when O.closed then O.close_plan end, ${A})
          and rnd(O.k, 750 + x.n) < 0.7
      ),
      rows as (
        select ${idSql('00T', 'i * 8 + x.k + 1')} as id, ${idSql('00Q', 'i + 1')} as who, '${EMPTY_REFERENCE}' as what, '${EMPTY_REFERENCE}' as account,
          x.t as t, x.owner as owner, x.type as type, case when x.subject <> '' then x.subject when x.type = 'Call' then 'Call' else 'Email: Following up' end as subject,
          x.open as open, rnd(i, 80 + x.k) as r
        from lead_tasks where x.t is not null
        union all
        select ${idSql('00T', `${n * 8} + k * 4 + x.n + 1`)}, ${idSql('003', 'k')}, ${idSql('006', 'k')}, ${idSql('001', 'k')},
          created + cast(86400 * uni(k, 740 + x.n, x.lo, x.hi) as bigint), ae_idx, case when rnd(k, 760 + x.n) < 0.5 then 'Call' else 'Email' end,
          case when rnd(k, 760 + x.n) < 0.5 then 'Call' else 'Email: Proposal follow-up' end, false, rnd(k, 770 + x.n)
        from opp_tasks
      )
      select id, who, what, subject, dt(t + case when open then 86400 * 2 else 0 end), case when open then 'Not Started' else 'Completed' end,
        case when open then 'High' else 'Normal' end, user_id(owner), '', type, '0', account, b(not open), ts(t), user_id(owner), ts(t), user_id(owner), ts(t),
        case when type = 'Call' and not open then cast(cast(20 + floor(r * 900) as bigint) as varchar) else '' end,
        case when type = 'Call' and not open then 'Outbound' else '' end,
        case when type = 'Call' and not open then case when r < 0.5 then 'Left voicemail' else 'Connected' end else '' end,
        type, case when open then '' else ts(t) end
      from rows order by id`);

    // Events: intro meetings booked by reps, discovery calls on opportunities.
    files['Event.csv'] = await copy(db, out, 'Event', `with rows as (
        select ${idSql('00U', 'i * 2 + 1')} as id, ${idSql('00Q', 'i + 1')} as who, '${EMPTY_REFERENCE}' as what, '${EMPTY_REFERENCE}' as account,
          rep_idx as owner, t_first + 600 + cast(floor(rnd(i, 90) * 6600) as bigint) as created,
          (t_first + cast(3600 * 1.4 * uni(i, 91, 4, 24) as bigint)) // 1800 * 1800 as start, 30 as minutes, 'Intro meeting' as subject
        from L
        where h_first and ((outcome = 'convert' and rnd(i, 92) < 0.3) or (outcome = 'working' and rnd(i, 92) < 0.12))
        union all
        select ${idSql('00U', `${n * 2} + k`)}, ${idSql('003', 'k')}, ${idSql('006', 'k')}, ${idSql('001', 'k')}, ae_idx,
          created + 120 + cast(floor(rnd(k, 93) * 1680) as bigint), (created + cast(3600 * 1.4 * uni(k, 94, 4, 24) as bigint)) // 1800 * 1800,
          case when rnd(k, 95) < 0.45 then 60 else 30 end, 'Discovery call'
        from O
      )
      select id, who, what, subject, case when subject = 'Intro meeting' then 'Zoom' else 'Google Meet' end, ts(start), ts(start + minutes * 60), ts(start), dt(start),
        cast(minutes as varchar), '', user_id(owner), 'Meeting', '0', account, ts(created), user_id(owner), ts(created), user_id(owner), ts(created)
      from rows where created < ${A} and start + 3600 < ${A} order by id`);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  let bytes = 0;
  for (const name of Object.keys(files)) bytes += statSync(join(out, name)).size;
  return { files, bytes, asOf: new Date(A * 1000).toISOString().replace('.000Z', 'Z'), users: org.users, campaigns: C };
}

/** Writes one export file: the select's columns in the object's header order, every value quoted. */
async function copy(db: DuckDBConnection, out: string, name: keyof typeof HEADERS, select: string): Promise<number> {
  const headers = HEADERS[name];
  const path = join(out, `${name}.csv`);
  // Name the columns by header, and make every value text ('' for empty) so every field is written quoted.
  const wrapped = `select ${headers.map((h, i) => `coalesce(cast(c${i} as varchar), '') as "${h}"`).join(', ')}
    from (${select}) as q(${headers.map((_, i) => `c${i}`).join(', ')})`;
  const result = await db.run(`copy (${wrapped}) to ${sqlString(path)} (format csv, header, quote '"', escape '"', force_quote *, new_line '\\n')`);
  return result.rowsChanged;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
