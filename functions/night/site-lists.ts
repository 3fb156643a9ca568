// The rows behind each number the site links to, as CSV files the site's one list page fetches, written by DuckDB itself
// with COPY … PARTITION_BY, so the site's size does not grow with the number of lists. A file holds the lists of one
// metric and month (every lead's, and each team's, owner's, partner's and source's: lists/mqls.2026-10.csv) or of the
// campaigns whose ids' md5 starts with the same two hex digits (lists/campaign.<2 digits>.people.csv, .opportunities.csv,
// and .periods.csv for their pipeline and revenue of the last quarter and the last 12 months): at most about a thousand
// files whatever the company's size, where a file per list would make tens of thousands (each costs the disk more than
// its rows, and DuckDB's partitioned write slows with every file it keeps open: three files per campaign took 1.6 s a
// kind at 2,000 campaigns, 256 at most 0.85 s). Each row
// names its list (list_id). Lists stay bounded (newest first, total stated). The pages only need to know which lists
// exist and how long they are: those totals come from the same rows, so a list is computed once a night and a number
// never links to a list that is not there.
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, Row } from '../core/engine.ts';
import { sqlString } from '../core/sql.ts';
import { CAMPAIGN_OPPORTUNITY_LISTS, campaignPeople, campaignPeriodOpportunities } from './site-queries-campaigns.ts';
import { listedLeads, SiteDataQueryError, type Window } from './site-queries.ts';
import { MODELS } from './site-sql.ts';

/** The folder, inside the site data folder, that holds the list files. */
export const LISTS_DIR = 'lists';
// The temporary table holding one kind of list file's rows while they are written and counted.
const LISTED = 'site_listed_rows';

// DuckDB writes ISO times with a Z, which every browser parses alike.
const ISO = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%SZ')`;
// Text a spreadsheet would run as a formula gets a leading quote, as the site's own CSV downloads do (site/src/lib/csv.ts).
const SAFE = (column: string, name = column.replace(/^\w+\./, '')) =>
  `case when regexp_matches(${column}, '^[=+\\-@\t\r]') then '''' || ${column} else ${column} end as ${name}`;
// A list id's hashed part: the first 10 hex digits of the md5 of a name or id (site/src/lib/list-links.ts computes the same).
const HASHED = (column: string) => `substr(md5(${column}), 1, 10)`;

/** A lead list's file: its metric and month ("mqls.2026-10"). */
const LEAD_LIST_FILE = `replace(metric, '_', '-') || '.' || month`;
/** The id of a lead list: its file's name, then for one group's leads the group ("response-met.2026-10.team.<hash of the team>"). */
const LEAD_LIST_ID = `${LEAD_LIST_FILE} || case when dimension = 'all' then '' else '.' || dimension || '.' || ${HASHED('group_key')} end`;

/** Each list of leads behind a monthly number, with who the leads are (ids, name, company, owner; never contact details). */
const leadListRows = (w: Window) => `
      with ${listedLeads(w)},
      named as (
        select listed.*, leads.lead_id, leads.person_name, leads.company, coalesce(leads.handoff_owner_name, leads.owner_name) as owner_name,
          leads.team, leads.source_category,
          max(case when listed.dimension = 'owner' then leads.handoff_owner_name end)
            over (partition by listed.metric, listed.month, listed.dimension, listed.group_key) as handoff_owner_name
        from listed
        left join leads on leads.person_id = listed.person_id
      )
      select ${LEAD_LIST_FILE} as list_file, ${LEAD_LIST_ID} as list_id, metric, month, case when dimension = 'all' then null else dimension end as dimension,
        ${SAFE("case when dimension = 'all' then null else group_key end", 'group_key')},
        ${SAFE("case when dimension = 'owner' then coalesce(handoff_owner_name, group_key) when dimension <> 'all' then group_key end", 'group_name')},
        list_total, position, ${['person_id', 'lead_id', 'person_name', 'company', 'owner_name', 'team'].map((c) => SAFE(c)).join(', ')},
        source_category, ${ISO('event_at')} as event_at, round(minutes, 1) as minutes, inferred, ${SAFE('reason')}
      from named`;

const CAMPAIGN_NAMES = 'select campaign_id, max(campaign_name) as campaign_name from campaign_roi where campaign_id is not null group by campaign_id';

/** A campaign list's file: the first two of its hashed id's digits, so about 8 campaigns share a file at 2,000 (site/src/lib/paths.ts agrees). */
const CAMPAIGN_FILE_BUCKET = (column: string) => `substr(md5(${column}), 1, 2)`;

/** A campaign list's first columns: its file (campaign.<2 digits>.<file>), its id (campaign.<hash>.<list>), the campaign and its name (from `names`). */
const campaignListColumns = (alias: string, file: string) => `
        'campaign.' || ${CAMPAIGN_FILE_BUCKET(`${alias}.campaign_id`)} || '.${file}' as list_file, 'campaign.' || ${HASHED(`${alias}.campaign_id`)} || '.' || ${alias}.list as list_id,
        ${SAFE(`${alias}.campaign_id`)}, ${SAFE('names.campaign_name')}`;

/** An opportunity as a campaign list shows it: id, name, amount, month created, outcome and the campaign's weight under each model. */
const opportunityColumns = (alias: string) => `
        ${SAFE(`${alias}.opportunity_id`)}, ${SAFE(`${alias}.opportunity_name`)}, ${alias}.amount,
        ${alias}.opportunity_month, ${alias}.is_won, ${alias}.is_closed, ${MODELS.map((m) => `${alias}.${m}`).join(', ')}`;

/** The people behind each campaign's people-touched, MQL and SQL counts. */
const campaignPeopleRows = (w: Window) => `
      with people as (${campaignPeople(w)}),
      names as (${CAMPAIGN_NAMES})
      select ${campaignListColumns('people', 'people')}, people.list, people.list_total, people.position,
        ${['person_id', 'lead_id', 'person_name', 'company', 'owner_name'].map((c) => SAFE(`people.${c}`)).join(', ')}, people.source_category, ${ISO('people.event_at')} as event_at
      from people
      left join names on names.campaign_id = people.campaign_id`;

/** The opportunities each campaign touched (its "opportunities" list) and those of them won (its "won" list). */
const campaignOpportunityRows = () => `
      with lists as (select * from ${CAMPAIGN_OPPORTUNITY_LISTS}),
      names as (${CAMPAIGN_NAMES})
      select ${campaignListColumns('lists', 'opportunities')}, lists.list, lists.list_total, lists.position,
        ${opportunityColumns('lists')}
      from lists
      left join names on names.campaign_id = lists.campaign_id`;

/**
 * The opportunities behind each campaign's pipeline and revenue of the last quarter and the last 12 months, with the
 * months each list covers (period_from, and period_to: the last month, inclusive).
 */
const campaignPeriodRows = (w: Window) => `
      with lists as (${campaignPeriodOpportunities(w)}),
      names as (${CAMPAIGN_NAMES})
      select ${campaignListColumns('lists', 'periods')}, lists.list, lists.list_total, lists.position, lists.period_from, lists.period_to,
        ${opportunityColumns('lists')}
      from lists
      left join names on names.campaign_id = lists.campaign_id`;

/** Each lead list's length: metric, month, the group it is cut by (if any), its full count and how many rows it shows. */
const LEAD_LIST_TOTALS = `
      select metric, month, dimension, group_key as key, max(list_total) as total, count(*) as shown
      from ${LISTED} group by metric, month, dimension, group_key
      order by metric, month, dimension nulls first, group_key nulls first`;

/** Each campaign list's length: the campaign, the list (touched, mqls, sqls, opportunities, won, or a period's pipeline or revenue), its count and rows shown. */
const CAMPAIGN_LIST_TOTALS = `
      select campaign_id, list, max(list_total) as total, count(*) as shown
      from ${LISTED} group by campaign_id, list
      order by campaign_id, list`;

/** Every kind of list file, by what it holds, and what its rows say of each list's length. */
const LIST_KINDS: Record<string, { rows: (w: Window) => string; totals: string; of: keyof ListTotals }> = {
  lead_lists: { rows: leadListRows, totals: LEAD_LIST_TOTALS, of: 'lead' },
  campaign_people_lists: { rows: campaignPeopleRows, totals: CAMPAIGN_LIST_TOTALS, of: 'campaign' },
  campaign_opportunity_lists: { rows: campaignOpportunityRows, totals: CAMPAIGN_LIST_TOTALS, of: 'campaign' },
  campaign_period_lists: { rows: campaignPeriodRows, totals: CAMPAIGN_LIST_TOTALS, of: 'campaign' },
};

/** How long each published list is, for the pages that link to them (lead_list_totals.json, campaign_list_totals.json). */
export interface ListTotals {
  lead: Row[];
  campaign: Row[];
}

/** What writing the list files gives back: the files written per kind, and every list's length. */
export interface ListFilesWritten {
  files: Record<string, number>;
  totals: ListTotals;
}

/**
 * Writes the list files into `<dir>/lists/` (`<file>.csv`); returns the number of files of each kind and every list's
 * length. Each kind's rows are computed once into a temporary table (ranking every event of the year is the costly part),
 * then DuckDB partitions them by file into `list_file=<file>/` folders, each moved to its plain name, and counts them.
 * The campaign lists read the campaign opportunities tables: call `prepareCampaignOpportunities` first.
 */
export async function writeListFiles(engine: Engine, dir: string, w: Window): Promise<ListFilesWritten> {
  const target = join(dir, LISTS_DIR);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const written: ListFilesWritten = { files: {}, totals: { lead: [], campaign: [] } };
  for (const [name, kind] of Object.entries(LIST_KINDS)) {
    const parts = join(dir, `.${name}-partitions`);
    rmSync(parts, { recursive: true, force: true });
    try {
      await engine.execute(`create or replace temporary table ${LISTED} as ${kind.rows(w)}`);
      await oneThread(engine, () =>
        engine.execute(`copy (select * from ${LISTED} order by list_file, list_id, position) to ${sqlString(parts)} (format csv, header true, partition_by (list_file), filename_pattern 'rows')`),
      );
      written.totals[kind.of].push(...(await engine.query(kind.totals)));
    } catch (cause) {
      throw new SiteDataQueryError(`The query for the site's list files (${name}) failed: ${(cause as Error).message}`, { cause });
    } finally {
      await engine.execute(`drop table if exists ${LISTED}`);
    }
    written.files[name] = existsSync(parts) ? await flatten(engine, parts, target) : 0;
  }
  return written;
}

// Partitioned writes run on one thread: each thread keeps its own open file per partition, so with several threads a list
// file whose rows straddle two threads' chunks came out as two files (seen at 2,000 campaigns). On one thread the sorted
// rows reach each file in order, once. The write is a few hundred thousand rows at most.
async function oneThread(engine: Engine, write: () => Promise<void>): Promise<void> {
  const [setting] = await engine.query<{ threads: number }>(`select current_setting('threads') as threads`);
  await engine.execute('set threads = 1');
  try {
    await write();
  } finally {
    await engine.execute(`set threads = ${Number(setting?.threads ?? 1)}`);
  }
}

// list_file=<file>/rows0.csv → <file>.csv. Should DuckDB still split a file (it may close and reopen one under memory
// pressure), its parts are joined into one, in the list's order, by DuckDB.
async function flatten(engine: Engine, parts: string, target: string): Promise<number> {
  let written = 0;
  for (const folder of readdirSync(parts)) {
    const file = folder.replace(/^list_file=/, '');
    const files = readdirSync(join(parts, folder)).sort();
    if (files.length === 1) renameSync(join(parts, folder, files[0]!), join(target, `${file}.csv`));
    else await joinParts(engine, files.map((f) => join(parts, folder, f)), join(target, `${file}.csv`));
    rmSync(join(parts, folder), { recursive: true, force: true });
    written += 1;
  }
  rmdirSync(parts);
  return written;
}

/** Joins the parts of one list file (CSV files with one header) into one file, its rows by list and position. */
export async function joinParts(engine: Engine, files: string[], target: string): Promise<void> {
  const read = `read_csv([${files.map(sqlString).join(', ')}], header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
  await engine.execute(`copy (select * from ${read} order by list_id, cast(position as integer)) to ${sqlString(target)} (format csv, header true)`);
}
