// The static server: folders serve index.html, unknown paths get the 404 page, and nothing outside the folder is reachable.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type SiteServer } from '../../../functions/publish/serve.ts';

// Raw GET, so "..", "%2e%2e" and backslashes reach the server as sent (fetch would normalise them away).
function get(base: string, path: string, method = 'GET'): Promise<{ status: number; type: string | undefined; location: string | undefined; body: string }> {
  const url = new URL(base);
  return new Promise((ok, fail) => {
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        ok({ status: res.statusCode ?? 0, type: res.headers['content-type'], location: res.headers.location, body }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

describe('serveSite', () => {
  let parent: string;
  let site: string;
  let server: SiteServer;

  beforeAll(async () => {
    // Prepare: a site folder next to a secret file it must never serve.
    parent = await mkdtemp(join(tmpdir(), 'handoff-serve-'));
    site = join(parent, 'site');
    await mkdir(join(site, 'follow-up'), { recursive: true });
    await mkdir(join(site, '_astro'));
    await writeFile(join(site, 'index.html'), '<h1>home</h1>');
    await writeFile(join(site, 'follow-up', 'index.html'), '<h1>follow-up</h1>');
    await writeFile(join(site, '_astro', 'chart.js'), 'console.log(1)');
    await writeFile(join(site, 'data.csv'), 'a,b\r\n1,2\r\n');
    await writeFile(join(site, '404.html'), '<h1>not here</h1>');
    await writeFile(join(parent, 'secret.txt'), 'top secret');
    await symlink(join(parent, 'secret.txt'), join(site, 'link.txt'));
    server = await serveSite(site, 0);
  });

  afterAll(async () => {
    await server?.close();
    await rm(parent, { recursive: true, force: true });
  });

  it('listens on the real port when asked for port 0', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('serves index.html for folder paths', async () => {
    const home = await get(server.url, '/');
    expect(home).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<h1>home</h1>' });
    const followUp = await get(server.url, '/follow-up/?month=2026-10');
    expect(followUp).toMatchObject({ status: 200, body: '<h1>follow-up</h1>' });
  });

  it('redirects a folder path without its slash', async () => {
    expect(await get(server.url, '/follow-up')).toMatchObject({ status: 301, location: '/follow-up/' });
  });

  it('never redirects to another host: "//follow-up" goes to "/follow-up/", not the host "follow-up"', async () => {
    // "//follow-up/" in a Location header is a protocol-relative address: the browser would leave for http://follow-up/.
    expect(await get(server.url, '//follow-up')).toMatchObject({ status: 301, location: '/follow-up/' });
    expect(await get(server.url, '//follow-up?month=2026-10')).toMatchObject({ status: 301, location: '/follow-up/?month=2026-10' });
    expect(await get(server.url, '///follow-up')).toMatchObject({ status: 301, location: '/follow-up/' });
    expect(await get(server.url, '/_astro//')).toMatchObject({ status: 404 });
  });

  it('sends the right content types', async () => {
    expect((await get(server.url, '/_astro/chart.js')).type).toBe('text/javascript; charset=utf-8');
    expect((await get(server.url, '/data.csv')).type).toBe('text/csv; charset=utf-8');
  });

  it('answers unknown paths with the 404 page', async () => {
    expect(await get(server.url, '/nothing-here/')).toMatchObject({ status: 404, type: 'text/html; charset=utf-8', body: '<h1>not here</h1>' });
  });

  it('refuses path traversal in every spelling', async () => {
    for (const path of ['/../secret.txt', '/follow-up/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await get(server.url, path);
      expect(res.status, path).toBe(403);
      expect(res.body, path).not.toContain('top secret');
    }
  });

  it('does not follow a symlink out of the folder', async () => {
    const res = await get(server.url, '/link.txt');
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('top secret');
  });

  it('allows only GET and HEAD', async () => {
    expect((await get(server.url, '/', 'POST')).status).toBe(405);
    expect(await get(server.url, '/', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });
});
