// Runs the demo night (the same company and config as `handoff demo`) into a folder, for the screenshot and budget scripts.
import { join } from 'node:path';
import { demoConfig } from '../../functions/demo/config.ts';
import { generateDemoExports } from '../../functions/demo/generate.ts';
import { runNight, type NightResult } from '../../functions/night/run-night.ts';

/** Generates the demo exports under dir and runs the whole night there with the demo's config (CRM links, targets, score field); returns the night with its site folder. */
export async function demoNight(dir: string, log: (line: string) => void = () => {}): Promise<NightResult & { siteDir: string }> {
  const exportsDir = join(dir, 'exports');
  const demo = await generateDemoExports(exportsDir);
  const night = await runNight({ exportsDir, outDir: join(dir, 'night'), config: demoConfig(demo.asOf), log });
  if (!night.siteDir) throw new Error('The demo night built no site.');
  return { ...night, siteDir: night.siteDir };
}
