// Writes the night's digests next to the site: OUT/digests/<key>.{txt,html,slack.json} and index.json, so each
// message can be read and tested without sending anything, and `handoff deliver` knows what the night wrote.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSiteData } from '../../site/src/lib/data.ts';
import type { SiteData } from '../../site/src/lib/schema.ts';
import { composeDigests, type Audience, type Digest } from './compose.ts';
import { render } from './render.ts';

/** One digest as index.json lists it: who it is for and its files. */
export interface DigestEntry {
  key: string;
  audience: Audience;
  team: string | null;
  rep_id: string | null;
  rep_name: string | null;
  /** The rep's address from the CRM user export, used when the config gives none. */
  rep_crm_email: string | null;
  subject: string;
  files: { text: string; html: string; slack: string };
}

/** index.json: the night the digests were cut for (its as-of time) and every digest written. */
export interface DigestIndex {
  as_of: string;
  company: string;
  digests: DigestEntry[];
}

/** The digests folder's table of contents, which `handoff deliver` reads. */
export const INDEX_FILE = 'index.json';

/** What the night needs to write digests: the site's address and the reps who opted in, with their CRM addresses. */
export interface DigestOptions {
  siteUrl: string | null;
  repIds: readonly string[];
  /** CRM user id → email from the user export (only reps who opted in are looked up). */
  repEmails: ReadonlyMap<string, string>;
}

/** Composes and writes every digest from the site data in `siteDataDir` into `dir`; returns the index. */
export function writeDigests(siteDataDir: string, dir: string, options: DigestOptions): DigestIndex {
  return writeDigestsOf(loadSiteData(siteDataDir), dir, options);
}

function writeDigestsOf(data: SiteData, dir: string, options: DigestOptions): DigestIndex {
  mkdirSync(dir, { recursive: true });
  const digests = composeDigests(data, options.repIds);
  const index: DigestIndex = { as_of: data.meta.as_of, company: data.meta.company, digests: digests.map((d) => writeOne(d, dir, options)) };
  writeFileSync(join(dir, INDEX_FILE), `${JSON.stringify(index, null, 1)}\n`);
  return index;
}

function writeOne(d: Digest, dir: string, options: DigestOptions): DigestEntry {
  const r = render(d, options.siteUrl);
  const files = { text: `${d.key}.txt`, html: `${d.key}.html`, slack: `${d.key}.slack.json` };
  writeFileSync(join(dir, files.text), r.text);
  writeFileSync(join(dir, files.html), r.html);
  writeFileSync(join(dir, files.slack), `${JSON.stringify(r.slack, null, 1)}\n`);
  return {
    key: d.key,
    audience: d.audience,
    team: d.team,
    rep_id: d.rep?.id ?? null,
    rep_name: d.rep?.name ?? null,
    rep_crm_email: d.rep ? (options.repEmails.get(d.rep.id) ?? null) : null,
    subject: d.subject,
    files,
  };
}

/** Raised when OUT/digests is missing or unreadable: the night has not written digests there yet. */
export class DigestsMissingError extends Error {
  override name = 'DigestsMissingError';
}

/** Reads index.json of a digests folder. */
export function readDigestIndex(dir: string): DigestIndex {
  try {
    return JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8')) as DigestIndex;
  } catch (cause) {
    throw new DigestsMissingError(`${join(dir, INDEX_FILE)} cannot be read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}); run the night (handoff run) into this folder first`, { cause });
  }
}
