// Measures the site's budgets on the demo: the demo site build time and the gzipped JavaScript each page loads.
// Run from the project folder: PATH=$PWD/node_modules/.bin:$PATH node site/scripts/budgets.ts
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSite } from '../../functions/publish/build-site.ts';
import { demoNight } from './demo-night.ts';

const work = await mkdtemp(join(tmpdir(), 'handoff-budgets-'));
try {
  await demoNight(work);
  // The night built the site once; build it again on its own to time the site build alone.
  const rebuilt = join(work, 'site-again');
  const { pages, ms } = await buildSite({ dataDir: join(work, 'night', 'site-data'), outDir: rebuilt });
  console.log(`demo site build: ${pages} pages in ${(ms / 1000).toFixed(1)} s (budget < 30 s)`);

  // Every script a page loads, with the modules those import, gzipped.
  const gz = new Map<string, number>();
  const size = async (file: string): Promise<number> => {
    if (!gz.has(file)) gz.set(file, gzipSync(await readFile(join(rebuilt, file)), { level: 9 }).length);
    return gz.get(file)!;
  };
  const closure = async (file: string, seen = new Set<string>()): Promise<Set<string>> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    const text = await readFile(join(rebuilt, file), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) await closure(join(file, '..', m[1]!), seen);
    return seen;
  };
  let worst = { page: '', bytes: 0 };
  const entries = await readdir(rebuilt, { recursive: true, withFileTypes: true });
  for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith('.html'))) {
    const html = await readFile(join(entry.parentPath, entry.name), 'utf8');
    const scripts = new Set<string>();
    for (const m of html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)) for (const f of await closure(m[1]!)) scripts.add(f);
    let bytes = 0;
    for (const f of scripts) bytes += await size(f);
    if (bytes > worst.bytes) worst = { page: join(entry.parentPath, entry.name).slice(rebuilt.length), bytes };
  }
  console.log(`largest gzipped JavaScript of a page: ${(worst.bytes / 1000).toFixed(1)} kB on ${worst.page || '(no page loads JavaScript)'} (budget ≤ 100 kB)`);
} finally {
  await rm(work, { recursive: true, force: true });
}
