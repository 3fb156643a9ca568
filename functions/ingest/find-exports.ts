import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative } from 'node:path';
import type { Connectors } from './connectors/index.ts';

/** Files loaded as CSV: `Lead.csv`, `Lead.csv.gz`, `Lead.tsv`. */
export const EXPORT_FILE = /\.(csv|tsv)(\.gz)?$/i;
/** Archives whose CSV entries are loaded one by one (a whole Salesforce Data Export). */
export const ARCHIVE_FILE = /\.zip$/i;
/** A date folder (`2026-11-20`): it dates the exports under it and is not a source. */
const DATE_FOLDER = /^\d{4}-\d{2}-\d{2}$/;

/** The exports folder cannot be used at all: missing, not a folder, or holding no export Handoff reads. */
export class ExportsFolderError extends Error {
  override name = 'ExportsFolderError';
  readonly folder: string;
  constructor(folder: string, reason: string) {
    super(`--exports ${folder}: ${reason}`);
    this.folder = folder;
  }
}

/** One export file found under the exports folder. */
export interface FoundExport {
  path: string;
  /** Path relative to the exports folder, `/`-separated (`salesforce/2026-11-20/Lead.csv`, `2026-10-30/salesforce/Lead.csv`). */
  rel: string;
  source: string;
  /** Set when the file cannot be opened as an export (a FIFO, a dangling link): it is reported, never read. */
  skip?: string;
  /** The file's modification time, for dating an export that has no date in its path or data. */
  mtime?: Date;
}

/**
 * Lists the export files under `exportsDir` in every layout the README shows: `<source>/Lead.csv`,
 * `<source>/<date>/Lead.csv` and `<date>/<source>/Lead.csv` (any depth below the source). A file
 * that is not a regular file (FIFO, socket, device, dangling or looping link) is listed with the
 * reason it is skipped, and never opened: a FIFO would block the night forever. Throws
 * `ExportsFolderError` when the folder is missing, is a file, or holds no export of a known source.
 */
export function findExports(exportsDir: string, connectors: Connectors): FoundExport[] {
  let stats: Stats;
  try {
    stats = statSync(exportsDir);
  } catch {
    throw new ExportsFolderError(exportsDir, `the folder does not exist; ${EXPECTED}`);
  }
  if (!stats.isDirectory()) throw new ExportsFolderError(exportsDir, `this is a file, not a folder; ${EXPECTED}`);

  const found: FoundExport[] = [];
  const other: string[] = [];
  const visited = new Set<string>([realpathSync(exportsDir)]);
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      other.push(`${relative(exportsDir, dir) || '.'}/ (cannot be listed: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return;
    }
    // Dotfiles and dot-folders (.DS_Store, ._Lead.csv, a .lake or temp folder) are not exports.
    for (const name of names.filter((n) => !n.startsWith('.'))) {
      const path = join(dir, name);
      const rel = relative(exportsDir, path).split(/[\\/]/).join('/');
      const entry = inspect(path);
      const source = sourceOf(entry.kind === 'directory' ? `${rel}/` : rel);
      const known = source !== undefined && connectors[source] !== undefined;
      if (entry.kind === 'directory') {
        if (visited.has(entry.real)) continue; // a link back up the tree
        visited.add(entry.real);
        // Only date folders and source folders (and what is under a source) are walked.
        if (known || (source === undefined && DATE_FOLDER.test(name))) walk(path);
        else other.push(`${rel}/`);
        continue;
      }
      if (!known || !(EXPORT_FILE.test(name) || ARCHIVE_FILE.test(name))) {
        other.push(rel);
        continue;
      }
      found.push({ path, rel, source: source!, ...(entry.kind === 'skip' ? { skip: entry.reason } : {}), ...(entry.mtime ? { mtime: entry.mtime } : {}) });
    }
  };
  walk(exportsDir);
  if (!found.length) {
    const seen = other.length ? `it holds ${other.slice(0, 10).join(', ')}${other.length > 10 ? `, … (${other.length} in all)` : ''}` : 'it is empty';
    throw new ExportsFolderError(exportsDir, `no export file Handoff reads was found (${seen}); ${EXPECTED.replace('a folder', 'the folder')}; source folders Handoff knows: ${Object.keys(connectors).sort().map((s) => `${s}/`).join(', ')} (map a folder of another CRM under mapped_sources in the config)`);
  }
  return found;
}

const EXPECTED = 'expected a folder holding one folder per source (salesforce/Lead.csv), optionally under or over a date folder (2026-11-20/salesforce/Lead.csv or salesforce/2026-11-20/Lead.csv), with .csv, .csv.gz, .tsv or .zip files';

/**
 * The source of a path relative to the exports folder (`salesforce` for `2026-10-30/salesforce/Lead.csv`):
 * its first folder that is not a date folder. A folder path ends in `/`.
 */
export function sourceOf(rel: string): string | undefined {
  return rel.split('/').slice(0, -1).find((part) => !DATE_FOLDER.test(part));
}

type Inspected = { kind: 'directory'; real: string } | { kind: 'file'; mtime: Date } | { kind: 'skip'; reason: string; mtime?: Date };

/** What a directory entry is, following links, without opening it. */
function inspect(path: string): Inspected {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    return { kind: 'skip', reason: `skipped: it cannot be examined (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  let target: Stats;
  try {
    target = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'a symbolic link to a file that does not exist' : code === 'ELOOP' ? 'a symbolic link that loops back on itself' : `a link that cannot be followed (${code ?? (error as Error).message})`;
    return { kind: 'skip', reason: `skipped: ${why}; replace it with the export file itself`, mtime: link.mtime };
  }
  if (target.isDirectory()) return { kind: 'directory', real: realpathSync(path) };
  if (target.isFile()) return { kind: 'file', mtime: target.mtime };
  const what = target.isFIFO() ? 'a named pipe (FIFO)' : target.isSocket() ? 'a socket' : target.isCharacterDevice() || target.isBlockDevice() ? 'a device' : 'not a regular file';
  return { kind: 'skip', reason: `skipped: ${what}, not a regular file; it was not opened (reading it could block the night)`, mtime: target.mtime };
}
