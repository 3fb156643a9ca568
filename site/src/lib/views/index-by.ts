// Rows grouped once per build by a key, so a page per rep or partner does not scan every row again (many reps, many rows).
const cache = new WeakMap<object, Map<string, Map<string, unknown[]>>>();

/** The rows whose key(row) is key, grouped on first use and remembered for the rows array under the given name. */
export function rowsBy<T>(rows: T[], name: string, key: (row: T) => string | null, wanted: string): T[] {
  let byName = cache.get(rows);
  if (!byName) cache.set(rows, (byName = new Map()));
  let groups = byName.get(name) as Map<string, T[]> | undefined;
  if (!groups) {
    groups = new Map();
    for (const row of rows) {
      const k = key(row);
      if (k === null) continue;
      const list = groups.get(k);
      if (list) list.push(row);
      else groups.set(k, [row]);
    }
    byName.set(name, groups as Map<string, unknown[]>);
  }
  return groups.get(wanted) ?? [];
}
