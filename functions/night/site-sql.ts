// SQL pieces the site data queries share (site-queries*.ts), written once for both engines.

/** A time's calendar month as the site names it ("2026-10"): strftime with %Y and %m only, which both engines read alike. */
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
