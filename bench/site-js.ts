// How much JavaScript each page of the built site makes a browser download, gzipped.
//
// For every HTML page: inline <script> bodies, <script src> files and <link rel="modulepreload">
// files, plus every module those files import, statically or dynamically (a chart loaded on
// demand is still downloaded by the page that shows it). Each file counts once per page, gzipped
// with zlib's default level, as a web server or CDN would send it. JSON data islands
// (type="application/json" or ld+json) are data, not code, and are left out.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageJs {
  page: string;
  /** Gzipped bytes of all JavaScript the page loads. */
  gzipBytes: number;
  /** Bytes before compression. */
  rawBytes: number;
  files: string[];
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const PRELOAD = /<link\b[^>]*rel=["']?modulepreload["']?[^>]*>/gi;
const ATTR = (name: string) => new RegExp(`\\b${name}=["']([^"']+)["']`, 'i');
const IMPORTS = /(?:\bimport\s*\(\s*|\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bexport\s*(?:[\w*{}\s,$]+\s*from\s*))["']([^"']+)["']/g;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** A script's URL as a file in the site folder (undefined for other origins and data: URLs). */
function localFile(siteDir: string, from: string, url: string): string | undefined {
  if (/^(?:[a-z]+:)?\/\//i.test(url) || url.startsWith('data:')) return undefined;
  const path = url.split(/[?#]/)[0]!;
  const file = path.startsWith('/') ? join(siteDir, path) : resolve(dirname(from), path);
  return existsSync(file) ? file : undefined;
}

export interface SectionJs {
  /** The pages' first path segment (`/campaigns/`, `/lists/`), or `/` for top-level pages. */
  section: string;
  pages: number;
  minGzipBytes: number;
  maxGzipBytes: number;
  maxRawBytes: number;
  /** The heaviest page of the section and what it loads. */
  heaviest: PageJs;
}

/** Pages grouped by section (a site can have thousands of campaign and lead-list pages), heaviest first within each. */
export function bySection(pages: PageJs[]): SectionJs[] {
  const groups = new Map<string, PageJs[]>();
  for (const page of pages) {
    const parts = page.page.split('/').filter(Boolean);
    const section = parts.length <= 1 ? '/' : `/${parts[0]}/`;
    groups.set(section, [...(groups.get(section) ?? []), page]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([section, list]) => {
    const heaviest = list.reduce((a, b) => (b.gzipBytes > a.gzipBytes ? b : a));
    return {
      section, pages: list.length, minGzipBytes: Math.min(...list.map((p) => p.gzipBytes)), maxGzipBytes: heaviest.gzipBytes,
      maxRawBytes: Math.max(...list.map((p) => p.rawBytes)), heaviest,
    };
  });
}

export function measurePageJs(siteDir: string): PageJs[] {
  const pages: PageJs[] = [];
  for (const html of htmlFiles(siteDir)) {
    const text = readFileSync(html, 'utf8');
    const inline: string[] = [];
    const queue: string[] = [];
    for (const [, attrs = '', body = ''] of text.matchAll(SCRIPT)) {
      const type = ATTR('type').exec(attrs)?.[1]?.toLowerCase();
      if (type && /json/.test(type)) continue;
      const src = ATTR('src').exec(attrs)?.[1];
      if (src) {
        const file = localFile(siteDir, html, src);
        if (file) queue.push(file);
      } else if (body.trim()) {
        inline.push(body);
      }
    }
    for (const [tag] of text.matchAll(PRELOAD)) {
      const href = ATTR('href').exec(tag)?.[1];
      const file = href ? localFile(siteDir, html, href) : undefined;
      if (file) queue.push(file);
    }
    const seen = new Set<string>();
    for (let i = 0; i < queue.length; i++) {
      const file = queue[i]!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const [, spec = ''] of readFileSync(file, 'utf8').matchAll(IMPORTS)) {
        const dep = spec.startsWith('.') || spec.startsWith('/') ? localFile(siteDir, file, spec) : undefined;
        if (dep && !seen.has(dep)) queue.push(dep);
      }
    }
    const bodies = [...inline.map((b) => Buffer.from(b)), ...[...seen].map((f) => readFileSync(f))];
    pages.push({
      page: `/${relative(siteDir, html)}`,
      gzipBytes: bodies.reduce((n, b) => n + gzipSync(b).length, 0),
      rawBytes: bodies.reduce((n, b) => n + b.length, 0),
      files: [...(inline.length ? [`${inline.length} inline script${inline.length > 1 ? 's' : ''}`] : []), ...[...seen].map((f) => `/${relative(siteDir, f)}`)],
    });
  }
  return pages;
}
