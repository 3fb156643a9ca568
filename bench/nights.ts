// `--nights N`: a lake holding N nightly full exports of the same company. The night before the
// measured one loads the export into the lake; this adds its N - 1 predecessors, one per earlier
// day, as copies of every object's newest export (data files as they are, ingest log rows
// re-dated), so the measured night finds the history a company has after N nights.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const PREFIX = 'export_date=';

/** Adds `count` earlier nightly exports of every object below each object's newest export; returns how many partitions it wrote. */
export async function addEarlierNights(lakeDir: string, count: number): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let written = 0;
  try {
    for (const source of readdirSync(lakeDir).filter((d) => !d.startsWith('_'))) {
      for (const object of readdirSync(join(lakeDir, source))) {
        const dates = readdirSync(join(lakeDir, source, object)).filter((d) => d.startsWith(PREFIX)).sort();
        const newest = dates.at(-1);
        if (!newest) continue;
        const day = newest.slice(PREFIX.length);
        for (let k = 1; k <= count; k++) {
          const earlier = addDays(day, -k);
          copyFolder(join(lakeDir, source, object, newest), join(lakeDir, source, object, `${PREFIX}${earlier}`));
          const log = join(lakeDir, '_ingest', source, object, newest);
          if (!existsSync(log)) continue;
          const to = join(lakeDir, '_ingest', source, object, `${PREFIX}${earlier}`);
          mkdirSync(to, { recursive: true });
          for (const file of readdirSync(log).filter((f) => f.endsWith('.parquet'))) {
            await connection.run(`copy (select * replace (date '${earlier}' as export_date) from read_parquet('${join(log, file)}')) to '${join(to, file)}' (format parquet)`);
          }
          written++;
        }
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return written;
}

function copyFolder(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from)) copyFileSync(join(from, file), join(to, file));
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
