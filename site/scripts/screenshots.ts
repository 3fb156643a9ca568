// Screenshots of the main pages of the demo site (and of one lead list) for the README, taken with headless Chromium at 1280 px wide
// (the system's, else the one npm installed; HANDOFF_BROWSER chooses, as in the browser tests), and of SDR West's
// digest as an HTML email (900 px, a mail client's reading pane).
// Run from the project folder: PATH=$PWD/node_modules/.bin:$PATH node site/scripts/screenshots.ts [outDir]
import { readFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeDigests } from '../../functions/digests/write.ts';
import { serveSite } from '../../functions/publish/serve.ts';
import { BROWSER_VARIABLE, browserChoice, launchChromium } from './chromium.ts';
import { leadListId } from '../src/lib/list-links.ts';
import { pages, slug } from '../src/lib/paths.ts';
import type { BreachRow, LeadListTotal } from '../src/lib/schema.ts';
import { demoNight } from './demo-night.ts';

const WIDTH = 1280;
/** Each PNG stays under this many bytes; a page taller than that is cut to its top part. */
const MAX_BYTES = 300_000;
const outDir = resolve(process.argv[2] ?? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)));

const work = await mkdtemp(join(tmpdir(), 'handoff-screenshots-'));
try {
  const night = await demoNight(work);
  // The rep page shown is the rep with the most leads breaching the response SLA right now.
  const breaches = JSON.parse(await readFile(join(work, 'night', 'site-data', 'breaches.json'), 'utf8')) as BreachRow[];
  const rep = breaches.filter((b) => b.owner_id).sort((a, b) => b.owner_response_breaches - a.owner_response_breaches)[0]!;
  // The list page shown is the latest month's list of every lead whose response SLA was breached.
  const totals = JSON.parse(await readFile(join(work, 'night', 'site-data', 'lead_list_totals.json'), 'utf8')) as LeadListTotal[];
  const breached = totals.filter((l) => l.metric === 'response_breached' && !l.dimension).sort((a, b) => b.month.localeCompare(a.month))[0]!;
  const shots = [
    { file: 'scorecard.png', path: '/', height: 1500 },
    { file: 'campaigns.png', path: '/campaigns/', height: 1500 },
    { file: 'follow-up.png', path: '/follow-up/', height: 1500 },
    { file: 'rep.png', path: `/follow-up/reps/${slug(rep.owner_name, rep.owner_id!)}/`, height: 1400 },
    { file: 'funnel.png', path: '/funnel/', height: 1500 },
    { file: 'lead-quality.png', path: '/lead-quality/', height: 1400 },
    { file: 'definitions.png', path: '/definitions/', height: 1400 },
    { file: 'list.png', path: pages.list(leadListId('response_breached', breached.month)), height: 1200, waitFor: 'main table' },
  ];
  // The digests again with the site's address the README's delivery config gives, so the email shows its links.
  const digestsDir = join(work, 'digests');
  const digests = writeDigests(join(work, 'night', 'site-data'), digestsDir, { siteUrl: 'https://reports.example.com', repIds: [], repEmails: new Map() });
  const west = digests.digests.find((d) => d.audience === 'sales-manager' && d.team === 'SDR West')!;
  await mkdir(outDir, { recursive: true });
  const server = await serveSite(night.siteDir, 0);
  const browser = await launchChromium(browserChoice(process.env[BROWSER_VARIABLE]));
  try {
    for (const shot of shots) {
      const page = await browser.newPage({ viewport: { width: WIDTH, height: shot.height }, deviceScaleFactor: 1 });
      const response = await page.goto(`${server.url}${shot.path}`, { waitUntil: 'load' });
      if (response?.status() !== 200) throw new Error(`${shot.path} answered ${response?.status()}`);
      // The list page draws its table from the list's file once its script has fetched it.
      if ('waitFor' in shot) await page.waitForSelector(shot.waitFor);
      await page.waitForTimeout(300);
      const file = join(outDir, shot.file);
      let height = shot.height;
      for (;;) {
        await page.screenshot({ path: file, clip: { x: 0, y: 0, width: WIDTH, height } });
        const { size } = await stat(file);
        if (size <= MAX_BYTES || height <= 600) {
          console.log(`${shot.file.padEnd(18)} ${shot.path.padEnd(40)} ${WIDTH}×${height}  ${Math.round(size / 1000)} kB`);
          break;
        }
        height -= 100;
      }
      await page.close();
    }
    const email = await browser.newPage({ viewport: { width: 900, height: 600 }, deviceScaleFactor: 1 });
    await email.goto(pathToFileURL(join(digestsDir, west.files.html)).href, { waitUntil: 'load' });
    await email.screenshot({ path: join(outDir, 'digest-email.png'), fullPage: true });
    console.log(`${'digest-email.png'.padEnd(18)} ${west.files.html}`);
    await email.close();
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
