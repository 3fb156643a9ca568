import type { HandoffConfig } from '../../core/config.ts';
import { CANONICAL_OBJECTS, mappedFileName, type CanonicalColumn, type ColumnSpec, type ColumnType, type ObjectSpec } from '../../core/catalogue.ts';

// Mapped CSV sources (the canonical objects and their columns are in core/catalogue.ts): the config's
// column mapping turned into object specs the ingest reads like any connector's.


/** Object specs for every mapped source in the config: one per mapped file, named by its `files` key. */
export function mappedObjects(config?: Pick<HandoffConfig, 'mapped_sources'>): ObjectSpec[] {
  const specs: ObjectSpec[] = [];
  for (const [source, mapped] of Object.entries(config?.mapped_sources ?? {})) {
    for (const [fileKey, file] of Object.entries(mapped.files)) {
      const canonical: Record<string, CanonicalColumn> = CANONICAL_OBJECTS[file.object];
      const columns = Object.entries(canonical).map(([name, column]): ColumnSpec => {
        const mappedHeaders = file.columns[name];
        const type: ColumnType = column.type === 'timestamp' && mapped.local_times ? 'local_timestamp' : column.type;
        if (typeof mappedHeaders === 'object' && !Array.isArray(mappedHeaders)) return { header: name, name, type, constant: String(mappedHeaders.constant) };
        const headers = mappedHeaders === undefined ? [name] : Array.isArray(mappedHeaders) ? mappedHeaders : [mappedHeaders];
        const [header, ...aliases] = headers as [string, ...string[]];
        return { header, name, type, ...(aliases.length ? { aliases } : {}), ...(column.required ? { required: true, notNull: true } : {}) };
      });
      specs.push({ source, object: file.object, files: [mappedFileName(fileKey)], columns });
    }
  }
  return specs;
}
