import { join } from 'node:path';

/**
 * The lake's layout, the same on disk and in S3: Parquet partitioned by source, object and export
 * date, one file per export file, so loading the same export again overwrites itself.
 */
export interface LakeFile {
  source: string;
  object: string;
  exportDate: string;
  /** A stable key derived from the export file's name. */
  fileKey: string;
}

/** Lake-relative path of the Parquet file holding one export file's loaded rows. */
export function lakeDataPath(file: LakeFile): string {
  return `${file.source}/${file.object}/export_date=${file.exportDate}/${file.fileKey}.parquet`;
}

/** Lake-relative path of the rows of one export file that could not be loaded, with their reasons. */
export function lakeQuarantinePath(file: LakeFile): string {
  return `_quarantine/${file.source}/${file.object}/export_date=${file.exportDate}/${file.fileKey}.parquet`;
}

/** Lake-relative path of one export file's load record (rows read, loaded, quarantined, error). */
export function lakeIngestLogPath(file: Omit<LakeFile, 'object'> & { object: string }): string {
  return `_ingest/${file.source}/${file.object}/export_date=${file.exportDate}/${file.fileKey}.parquet`;
}

/** Glob over every export date of one object, for DuckDB's read_parquet. */
export function lakeObjectGlob(lakeDir: string, source: string, object: string): string {
  return join(lakeDir, source, object, '*', '*.parquet');
}

/** A file key from an export's relative path: lower-case, safe in S3 keys and file names. */
export function fileKeyOf(relativePath: string): string {
  return relativePath.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}
