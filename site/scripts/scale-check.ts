// Inflates a night's site data to about what a company with 1,000,000 leads gives (full lead lists, hundreds of reps,
// 100 breaches per rep and SLA), then times the site build on it. Measures only; asserts nothing. The lists' rows are
// list files the browser reads, so the build sees only their lengths.
// Run from the project folder: PATH=$PWD/node_modules/.bin:$PATH node site/scripts/scale-check.ts SITE_DATA_DIR [REPS]
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../../functions/publish/build-site.ts';
import { LEAD_LIST_LIMIT, BREACH_LIST_LIMIT } from '../../functions/night/site-queries.ts';

const source = process.argv[2];
if (!source) throw new Error('Name the site-data folder of a night to inflate, e.g. .handoff/demo/night/site-data');
const reps = Number(process.argv[3] ?? 300);
const work = mkdtempSync(join(tmpdir(), 'handoff-scale-'));
const data = join(work, 'site-data');
cpSync(source, data, { recursive: true });
const read = (file: string) => JSON.parse(readFileSync(join(source, file), 'utf8'));
const write = (file: string, value: unknown) => writeFileSync(join(data, file), JSON.stringify(value));

try {
  // Every lead list full.
  const lists = read('lead_list_totals.json');
  for (const list of lists) {
    list.total = Math.max(LEAD_LIST_LIMIT, list.total * 300);
    list.shown = LEAD_LIST_LIMIT;
  }
  write('lead_list_totals.json', lists);
  const n = lists.length * LEAD_LIST_LIMIT;
  // `reps` owners in 10 teams, each with the SLA rows of one demo owner.
  const sla = read('sla_compliance.json').filter((r: { owner_id: string | null }) => r.owner_id);
  const owners = [...new Set(sla.map((r: { owner_id: string }) => r.owner_id))];
  write('sla_compliance.json', Array.from({ length: reps }, (_, i) =>
    sla.filter((r: { owner_id: string }) => r.owner_id === owners[i % owners.length]).map((r: object) => ({ ...r, owner_id: `U${i}`, owner_name: `Rep ${i}`, team: `Team ${i % 10}` })),
  ).flat());
  const bands = read('owner_response_bands.json').filter((b: { owner_id: string }) => b.owner_id === owners[0]);
  write('owner_response_bands.json', Array.from({ length: reps }, (_, i) => bands.map((b: object) => ({ ...b, owner_id: `U${i}` }))).flat());
  const breach = read('breaches.json')[0];
  write('breaches.json', Array.from({ length: reps }, (_, i) =>
    ['response', 'disposition'].flatMap((sla) => Array.from({ length: BREACH_LIST_LIMIT }, (_, k) => ({
      ...breach, sla, owner_id: `U${i}`, owner_name: `Rep ${i}`, team: `Team ${i % 10}`, person_id: `B${i}-${sla}-${k}`, lead_id: `B${i}-${sla}-${k}`, owner_breaches: 250,
    }))),
  ).flat());
  const bytes = readdirSync(data).reduce((sum, f) => sum + statSync(join(data, f)).size, 0);
  const { pages, ms } = await buildSite({ dataDir: data, outDir: join(work, 'site') });
  console.log(`${reps} reps, ${lists.length} full lead lists (${n} listed leads), ${reps * 2 * BREACH_LIST_LIMIT} breach rows, ${(bytes / 1e6).toFixed(1)} MB of site data`);
  console.log(`site build: ${pages} pages in ${(ms / 1000).toFixed(1)} s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
