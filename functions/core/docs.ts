import { readFileSync, writeFileSync } from 'node:fs';
import { CANONICAL_OBJECTS, type CanonicalColumn } from './catalogue.ts';
import { loadModels, type Model } from './sql.ts';

/** The README sections generated from code, each between its start and end markers. */
const SECTIONS = {
  'data-dictionary': () => dataDictionary(),
  'mapped-columns': () => mappedColumns(),
} as const;
type Section = keyof typeof SECTIONS;

/** The marts' data dictionary, in Markdown, from the column docs at the top of each mart model. */
export function dataDictionary(models: Model[] = loadModels()): string {
  const marts = models.filter((m) => m.layer === 'marts').sort((a, b) => a.name.localeCompare(b.name));
  return marts
    .map((mart) => {
      const rows = mart.columns.map((c) => `| \`${c.name}\` | ${c.description.replaceAll('|', '\\|')} |`);
      return [`### \`${mart.name}\``, '', `${capitalise(mart.description)} Grain: ${mart.grain}.`, '', '| column | meaning |', '|---|---|', ...rows].join('\n');
    })
    .join('\n\n');
}

/** How a mapped file's value of each type is written. */
const FORMATS: Record<CanonicalColumn['type'], string> = {
  string: 'text',
  timestamp: 'date and time: `2026-10-05 09:30:00`, `2026-10-05T09:30:00Z`, `…+0200` or `10/5/2026 9:30 AM`; without an offset UTC (or `ingest.source_time_zone` with `"local_times": true`)',
  date: 'date: `2026-10-05` (a time, if any, is dropped)',
  boolean: '`true`/`false`, `1`/`0`, `yes`/`no`; empty is false',
  decimal: 'number: `1234.5` or `1,234.50`',
  integer: 'whole number',
};

/** Every column a mapped CSV can hold, per canonical object: required or not, its format and meaning. */
export function mappedColumns(): string {
  return Object.entries(CANONICAL_OBJECTS)
    .map(([object, columns]) => {
      const rows = Object.entries(columns as Record<string, CanonicalColumn>).map(
        ([name, c]) => `| \`${name}\` | ${c.required ? 'required' : 'optional'} | ${FORMATS[c.type]} | ${c.doc.replaceAll('|', '\\|')} |`,
      );
      return [`#### \`${object}\``, '', '| column | | format | meaning |', '|---|---|---|---|', ...rows].join('\n');
    })
    .join('\n\n');
}

function markers(section: Section): [string, string] {
  return [`<!-- ${section}:start -->`, `<!-- ${section}:end -->`];
}

/** Replaces every generated section between its markers in a Markdown file; returns whether it changed. */
export function writeGeneratedSections(path: string): boolean {
  const text = readFileSync(path, 'utf8');
  let next = text;
  for (const [section, generate] of Object.entries(SECTIONS) as Array<[Section, () => string]>) {
    const [START, END] = markers(section);
    const start = next.indexOf(START);
    const end = next.indexOf(END);
    if (start < 0 || end < start) throw new Error(`${path} has no ${START} … ${END} markers`);
    next = `${next.slice(0, start + START.length)}\n${generate()}\n${next.slice(end)}`;
  }
  if (next !== text) writeFileSync(path, next);
  return next !== text;
}

/** A generated section as currently written in a Markdown file, for the test that keeps the README true. */
export function writtenSection(path: string, section: Section = 'data-dictionary'): string {
  const text = readFileSync(path, 'utf8');
  const [START, END] = markers(section);
  return text.slice(text.indexOf(START) + START.length, text.indexOf(END)).trim();
}

function capitalise(text: string): string {
  const sentence = text.endsWith('.') ? text : `${text}.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const changed = writeGeneratedSections(process.argv[2] ?? 'README.md');
  console.log(changed ? 'generated README sections updated' : 'generated README sections already up to date');
}
