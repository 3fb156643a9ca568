// Runs the demo night (the same company and config as `handoff demo`) into a folder, for the screenshot and budget scripts.
import { join } from 'node:path';
import { parseConfig } from '../../functions/core/config.ts';
import { generateDemoExports } from '../../functions/demo/generate.ts';
import { runNight, type NightResult } from '../../functions/night/run-night.ts';

/** Generates the demo exports under dir and runs the whole night there; returns the night with its site folder. */
export async function demoNight(dir: string, log: (line: string) => void = () => {}): Promise<NightResult & { siteDir: string }> {
  const exportsDir = join(dir, 'exports');
  await generateDemoExports(exportsDir);
  const night = await runNight({ exportsDir, outDir: join(dir, 'night'), config: parseConfig({ company: { name: 'Brightlane Software (demo)' } }), log });
  if (!night.siteDir) throw new Error('The demo night built no site.');
  return { ...night, siteDir: night.siteDir };
}
