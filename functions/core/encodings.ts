// Which text encodings Handoff decodes: config validation and the ingest's CSV reader share one answer.

/**
 * DuckDB's name for an encoding label its CSV reader decodes itself (`UTF8` → `utf-8`,
 * `ISO-8859-1` → `latin-1`); undefined for the others, which are re-encoded to UTF-8 first.
 */
export function duckdbEncoding(label: string): string | undefined {
  const key = label.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key === 'utf8') return 'utf-8';
  if (key === 'utf16' || key === 'utf16le') return 'utf-16';
  if (key === 'latin1' || key === 'iso88591' || key === 'l1') return 'latin-1';
  return undefined;
}

/** True when Handoff can decode files in this encoding: DuckDB reads it itself, or Node's WHATWG decoder knows the label. */
export function isKnownEncoding(label: string): boolean {
  if (duckdbEncoding(label)) return true;
  try {
    new TextDecoder(label.trim());
    return true;
  } catch {
    return false;
  }
}
