import { readFileSync, writeFileSync } from 'node:fs';
import { loadModels, type Model } from './sql.ts';

const START = '<!-- data-dictionary:start -->';
const END = '<!-- data-dictionary:end -->';

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

/** Replaces the dictionary between its markers in a Markdown file; returns whether it changed. */
export function writeDataDictionary(path: string): boolean {
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${path} has no ${START} … ${END} markers`);
  const next = `${text.slice(0, start + START.length)}\n${dataDictionary()}\n${text.slice(end)}`;
  if (next !== text) writeFileSync(path, next);
  return next !== text;
}

/** The dictionary currently written in a Markdown file, for the test that keeps the README true. */
export function writtenDataDictionary(path: string): string {
  const text = readFileSync(path, 'utf8');
  return text.slice(text.indexOf(START) + START.length, text.indexOf(END)).trim();
}

function capitalise(text: string): string {
  const sentence = text.endsWith('.') ? text : `${text}.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const changed = writeDataDictionary(process.argv[2] ?? 'README.md');
  console.log(changed ? 'data dictionary updated' : 'data dictionary already up to date');
}
