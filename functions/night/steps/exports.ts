import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { exportDateInPath } from '../../ingest/ingest.ts';

/** One or more sources sent nothing for the night: the state machine fails with this error's name and message. */
export class ExportsMissingError extends Error {
  override name = 'ExportsMissingError';
  readonly night: string;
  readonly missing: string[];
  constructor(night: string, missing: string[], bucket: string) {
    super(`no export arrived for ${night} from ${missing.join(', ')}: nothing under ${missing.map((s) => `s3://${bucket}/${s}/${night}/`).join(', ')} `
      + `(nor a file dated ${night} under the source folder); check the export schedule in the source system, then re-run the night`);
    this.night = night;
    this.missing = missing;
  }
}

export interface ExportsCheck {
  night: string;
  /** Export files found per source. */
  found: Record<string, number>;
  missing: string[];
  /** The night's export objects (key and ETag), every source together. */
  objects: NightObject[];
}

/** One export object of the night, as listed: its key and the ETag of its current version. */
export interface NightObject {
  key: string;
  etag: string;
}

/** Listing a whole source folder stops after this many pages (1,000 keys each). */
const MAX_FALLBACK_PAGES = 10;

/**
 * Which expected sources sent exports for one night. A source has arrived when its folder holds a
 * file under `<source>/<YYYY-MM-DD>` (the night's folder, or a file named with the date there), or,
 * failing that, any file whose path carries the night's date (as ingest reads it).
 */
export async function checkExports(s3: S3Client, bucket: string, sources: string[], night: string): Promise<ExportsCheck> {
  const found: Record<string, number> = {};
  const objects: NightObject[] = [];
  for (const source of sources) {
    let files = await listFiles(s3, bucket, `${source}/${night}`, 1);
    if (!files.length) files = await listFiles(s3, bucket, `${source}/`, MAX_FALLBACK_PAGES, (key) => exportDateInPath(key.slice(source.length + 1)) === night);
    found[source] = files.length;
    objects.push(...files);
  }
  return { night, found, missing: sources.filter((s) => !found[s]), objects };
}

async function listFiles(s3: S3Client, bucket: string, prefix: string, maxPages: number, keep: (key: string) => boolean = () => true): Promise<NightObject[]> {
  const files: NightObject[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const o of page.Contents ?? []) {
      if (o.Key && !o.Key.endsWith('/') && (o.Size ?? 1) > 0 && keep(o.Key)) files.push({ key: o.Key, etag: unquote(o.ETag ?? '') });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    pages++;
  } while (token && pages < maxPages);
  return files;
}

/** S3 lists ETags in quotes and notifications send them bare; receipts use the bare form. */
export function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

/** The night to check: the given `YYYY-MM-DD`, else the date of the event's time, else today (UTC). */
export function nightOf(event: { night?: string | undefined; time?: string | undefined }, now: Date): string {
  return event.night ?? (event.time ? new Date(Date.parse(event.time)).toISOString().slice(0, 10) : now.toISOString().slice(0, 10));
}
