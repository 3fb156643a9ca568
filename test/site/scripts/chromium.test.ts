import { accessSync, chmodSync, constants, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BrowserChoiceError,
  BrowserUnavailableError,
  browserChoice,
  launchChromium,
  resolveChromium,
} from '../../../site/scripts/chromium.ts';

const NO_SYSTEM_CHROMIUM = join(tmpdir(), 'handoff-no-such-chromium');

/** An executable file that is not a browser, to stand in for an installed one. */
function fakeExecutable(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'handoff-fake-chromium-')), 'chromium');
  writeFileSync(path, '#!/bin/sh\nexit 3\n');
  chmodSync(path, 0o755);
  return path;
}

describe('choosing the browser (HANDOFF_BROWSER)', () => {
  it('reads auto, system, packaged and an absolute path, and refuses anything else', () => {
    expect(browserChoice(undefined)).toEqual({ kind: 'auto' });
    expect(browserChoice('')).toEqual({ kind: 'auto' });
    expect(browserChoice('auto')).toEqual({ kind: 'auto' });
    expect(browserChoice('system')).toEqual({ kind: 'system' });
    expect(browserChoice(' packaged ')).toEqual({ kind: 'packaged' });
    expect(browserChoice('/opt/google/chrome/chrome')).toEqual({ kind: 'path', path: '/opt/google/chrome/chrome' });
    expect(() => browserChoice('firefox')).toThrow(BrowserChoiceError);
    expect(() => browserChoice('firefox')).toThrow(/HANDOFF_BROWSER=firefox is not a browser choice/);
  });

  it('takes the system Chromium when it is installed, and the packaged one when it is not', async () => {
    const installed = fakeExecutable();
    expect(await resolveChromium({ kind: 'auto' }, installed)).toEqual({ executablePath: installed, source: 'system' });
    const fallback = await resolveChromium({ kind: 'auto' }, NO_SYSTEM_CHROMIUM);
    expect(fallback.source).toBe('packaged');
    expect(fallback.executablePath).toMatch(/node_modules\/\.cache\/handoff-chromium\/153\.0\.0\/chromium$/);
  });

  it('says what to do when the chosen browser is missing', async () => {
    await expect(resolveChromium({ kind: 'system' }, NO_SYSTEM_CHROMIUM)).rejects.toThrow(BrowserUnavailableError);
    await expect(resolveChromium({ kind: 'system' }, NO_SYSTEM_CHROMIUM)).rejects.toThrow(
      `HANDOFF_BROWSER=system, but ${NO_SYSTEM_CHROMIUM} is not an executable file`,
    );
    await expect(resolveChromium({ kind: 'path', path: NO_SYSTEM_CHROMIUM })).rejects.toThrow(/set HANDOFF_BROWSER=packaged/);
  });

  it('fails (never skips) when the executable is not a browser that starts', async () => {
    const notABrowser = fakeExecutable();
    await expect(launchChromium({ kind: 'path', path: notABrowser })).rejects.toThrow(BrowserUnavailableError);
    await expect(launchChromium({ kind: 'path', path: notABrowser })).rejects.toThrow(`The path Chromium at ${notABrowser} did not start`);
  });
});

describe('the Chromium that npm installs (@sparticuz/chromium)', () => {
  it('unpacks once into node_modules/.cache and starts, runs JavaScript and draws on a canvas', async () => {
    const { executablePath } = await resolveChromium({ kind: 'packaged' });
    accessSync(executablePath, constants.X_OK);
    // A second resolution reuses the unpacked copy.
    expect((await resolveChromium({ kind: 'packaged' })).executablePath).toBe(executablePath);

    const browser = await launchChromium({ kind: 'packaged' });
    try {
      // playwright-core 1.63 drives Chromium 153, the version this package ships.
      expect(browser.version()).toMatch(/^153\./);
      const page = await browser.newPage();
      await page.setContent(
        '<canvas id="c" width="40" height="20"></canvas><script>' +
          'const g = document.getElementById("c").getContext("2d"); g.fillStyle = "rgb(200, 10, 20)"; g.fillRect(0, 0, 20, 20);' +
          '</script>',
      );
      const pixels = await page.evaluate(() => {
        const g = (document.getElementById('c') as HTMLCanvasElement).getContext('2d')!;
        return [Array.from(g.getImageData(5, 5, 1, 1).data), Array.from(g.getImageData(30, 5, 1, 1).data)];
      });
      // The painted left half is opaque red; the right half was never painted, so it stays transparent.
      expect(pixels).toEqual([[200, 10, 20, 255], [0, 0, 0, 0]]);
    } finally {
      await browser.close();
    }
  });
});
