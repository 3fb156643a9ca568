// Lighthouse's accessibility audit against a page of a served site, run in the same Chromium the browser tests drive
// (started here with a DevTools port on 127.0.0.1, chosen by the system, and stopped after). Never downloads a browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { BROWSER_VARIABLE, browserChoice, CHROMIUM_ARGS, resolveChromium } from '../../site/scripts/chromium.ts';

/** A Chromium that Lighthouse can drive through its DevTools port. */
export interface DevToolsChromium {
  port: number;
  close(): Promise<void>;
}

/** Starts Chromium with a DevTools port on 127.0.0.1; throws when it does not say which port within 20 s. */
export async function startDevToolsChromium(): Promise<DevToolsChromium> {
  const { executablePath } = await resolveChromium(browserChoice(process.env[BROWSER_VARIABLE]));
  const profile = await mkdtemp(join(tmpdir(), 'handoff-lighthouse-'));
  const child: ChildProcess = spawn(executablePath, [...CHROMIUM_ARGS, '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`Chromium (${executablePath}) did not open a DevTools port within 20 s: ${text.slice(0, 500)}`)), 20_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`Chromium (${executablePath}) exited with ${code} before opening a DevTools port: ${text.slice(0, 500)}`)));
    });
    return { port, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Lighthouse's accessibility score (0 to 100) of one address, with the ids of the audits that failed. */
export async function accessibilityScore(url: string, port: number): Promise<{ score: number; failed: string[] }> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['accessibility'] });
  if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
  const { lhr } = result;
  const failed = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
    .map((a) => a.id);
  return { score: Math.round((lhr.categories['accessibility']?.score ?? 0) * 100), failed };
}
