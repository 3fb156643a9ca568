// A tiny static file server for the built site (npm start, tests, previews), on node:http with no dependency.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.parquet': 'application/vnd.apache.parquet',
};

/** The content type sent for a file name; unknown extensions are sent as bytes. */
export function contentTypeFor(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface SiteServer {
  /** Base URL without a trailing slash, with the real port: "http://127.0.0.1:43125". */
  url: string;
  close(): Promise<void>;
}

type Outcome =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'error'; status: 400 | 403 | 404 | 405 };

// The URL path as decoded segments; null when it tries to leave the folder or cannot be decoded.
function segmentsOf(rawUrl: string): string[] | null {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '/';
  if (!rawPath.startsWith('/')) return null;
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '..' || segment === '.' || /[\\/\0]/.test(segment)) return null;
    if (segment !== '') segments.push(segment);
  }
  return segments;
}

// Symlinks could point out of the folder; the real path must stay inside it.
async function isInside(root: string, path: string): Promise<boolean> {
  const rel = relative(root, await realpath(path));
  return !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}

async function locate(root: string, req: IncomingMessage): Promise<Outcome> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { kind: 'error', status: 405 };
  const url = req.url ?? '/';
  const segments = segmentsOf(url);
  if (segments === null) return { kind: 'error', status: url.includes('..') || /%2e%2e/i.test(url) ? 403 : 400 };
  let path = join(root, ...segments);
  try {
    let info = await stat(path);
    if (info.isDirectory()) {
      const pathname = url.split(/[?#]/, 1)[0]!;
      // Rebuilt from the checked segments, so it always starts with one "/": "//follow-up" must never
      // become "//follow-up/", which a browser reads as the host "follow-up".
      if (!pathname.endsWith('/')) return { kind: 'redirect', location: `/${segments.map(encodeURIComponent).map((s) => `${s}/`).join('')}${url.slice(pathname.length)}` };
      path = join(path, 'index.html');
      info = await stat(path);
    }
    if (!info.isFile()) return { kind: 'error', status: 404 };
    if (!(await isInside(root, path))) return { kind: 'error', status: 403 };
    return { kind: 'file', path, size: info.size };
  } catch {
    return { kind: 'error', status: 404 };
  }
}

const messages = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed' } as const;

async function respond(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const outcome = await locate(root, req);
  if (outcome.kind === 'redirect') {
    res.writeHead(301, { Location: outcome.location }).end();
    return;
  }
  if (outcome.kind === 'error') {
    if (outcome.status === 405) res.setHeader('Allow', 'GET, HEAD');
    const page = join(root, '404.html');
    const notFoundPage = outcome.status === 404 ? await stat(page).catch(() => null) : null;
    if (notFoundPage?.isFile()) {
      send(req, res, 404, page, notFoundPage.size);
    } else {
      const body = `${messages[outcome.status]}\n`;
      res.writeHead(outcome.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    }
    return;
  }
  send(req, res, 200, outcome.path, outcome.size);
}

function send(req: IncomingMessage, res: ServerResponse, status: number, path: string, size: number): void {
  const type = contentTypeFor(path);
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': size,
    'Cache-Control': type.startsWith('text/html') ? 'no-cache' : 'public, max-age=300',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Serves the folder dir over HTTP on host:port (port 0 picks a free one); close() stops it. */
export async function serveSite(dir: string, port = 4321, host = '127.0.0.1'): Promise<SiteServer> {
  const root = await realpath(resolve(dir)).catch((cause: unknown) => {
    throw new Error(`Cannot serve ${resolve(dir)}: the folder does not exist. Build the site into it first.`, { cause });
  });
  const server = createServer((req, res) => {
    respond(root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error\n');
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((error) => (error ? fail(error) : ok()));
        server.closeAllConnections();
      }),
  };
}
