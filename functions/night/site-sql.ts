// SQL pieces the site data queries share (site-queries*.ts). Site data runs on DuckDB in both nights (on AWS over the
// marts Athena wrote), so its queries may use DuckDB's own functions (min_by with n, quantile_cont, NOT MATERIALIZED).

/** A time's calendar month as the site names it ("2026-10"). */
export const MONTH = (column: string): string => `strftime(${column}, '%Y-%m')`;

/** The attribution models, in the order the site shows them. */
export const MODELS = ['first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'full_path'] as const;

/**
 * Most list entries one kind of list file holds in all (lead lists, campaign people, campaign opportunities), whatever
 * the company's size. Lists are bounded one by one, but their number grows with campaigns, reps and months: 2,000
 * campaigns at 500 people each would make 3,000,000 rows to rank and write a night for lists read a page at a time.
 * When a kind's lists would hold more, each list shows its share.
 */
export const FILE_ENTRY_BUDGET = 200_000;
/** The fewest entries a list shows when many lists share a file's budget (its total is always stated). */
export const LIST_SHARE_FLOOR = 10;

/**
 * How many entries each list of a file may show: its own limit, or its share of the file's budget when `lists` (a
 * scalar SQL expression counting the file's lists) is large. Positions are whole numbers, so comparing them with this
 * value gives the same rows whether an engine divides integers exactly or not.
 */
export function listCap(limit: number, lists: string): string {
  return `least(${limit}, greatest(${LIST_SHARE_FLOOR}, ${FILE_ENTRY_BUDGET} / ${lists}))`;
}

/**
 * How a CTE that newestPerList ranks is declared (`with lists ${INLINED} (…)`), and the CTEs it reads: DuckDB keeps a
 * CTE that a query reads twice as a table first, and writing the 26.6 million campaign people entries of a
 * 1,000,000-lead company took longer than reading them twice (that list file's query: 7.5 to 10.2 s, 4.3 to 4.7 s
 * inlined; the lead lists' 4.7 to 5.0 s, 3.3 to 3.6 s). The models get the same for their CTEs that only read a
 * relation when they are rendered for DuckDB (renderModel).
 */
export const INLINED = 'as not materialized';

/** What `newestPerList` ranks: rows of `from`, one list per distinct `lists` key, newest `at` first. */
export interface ListRanking {
  /** The rows: a table or CTE name (it is read twice: for the lists and to count them; declare a CTE `INLINED`). */
  from: string;
  /** The columns that name a list (a campaign and which of its lists). */
  lists: string[];
  /** The columns each entry shows. */
  columns: string[];
  /** The time (or date) that orders a list, newest first (null last). */
  at: string;
  /** The column that breaks ties between entries of the same time, ascending. */
  tie: string;
  /** Most entries a list may show; each shows `listCap(limit, lists in the file)`. */
  limit: number;
  /** The number of lists in the file (a scalar SQL expression), when it is not the number of lists the rows make. */
  listCount?: string;
}

/**
 * Each list's newest entries (`listCap(limit, …)` of them), numbered from 1 (`position`), with the list's full count
 * (`list_total`) and the number of lists (`list_count`): rows of the list columns, those three and the entry's columns.
 * DuckDB SQL (its list files are written by DuckDB in either night): `min_by(entry, key, n)` keeps the newest n of each
 * list in a small heap, where numbering every entry with row_number() sorted them all; at 1,000,000 leads the campaign
 * people are 20 million entries in 6,000 lists of which 33 each are shown, and that sort took 19 s of the site data's
 * 41 (4 s now). The heap is only as large as the lists' share (a heap of 500 per list took 16 s). The order is
 * row_number()'s: newest first, nulls last, then `tie` ascending.
 */
export function newestPerList(r: ListRanking): string {
  const keys = r.lists.join(', ');
  const listCount = r.listCount ?? `(select count(*) from (select distinct ${keys} from ${r.from}) as each_key)`;
  const entry = `{${r.columns.map((c) => `'${c}': ${c}`).join(', ')}}`;
  const key = `{'newest': coalesce(-epoch_us(${r.at}), 9223372036854775807), 'tie': ${r.tie}}`;
  return `
      select ${keys}, list_total, list_count,
        unnest(range(1, len(entries) + 1)) as position, unnest(entries, recursive := true)
      from (
        select ${keys}, count(*) as list_total, file.list_count,
          min_by(${entry}, ${key}, cast(floor(${listCap(r.limit, 'file.list_count')}) as bigint)) as entries
        from ${r.from} cross join (select ${listCount} as list_count) as file
        group by ${keys}, file.list_count
      ) as each_list`;
}
