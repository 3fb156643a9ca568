// A sentence as text parts, where the numbers carry the metric they link to, so templates stay plain strings to test.
import type { MetricKey } from './metrics.ts';

/** Text, a number linking to its definition, a phrase linking to a page, or a number opening its leads (href) with its definition beside it (metric). */
export type Part = string | { text: string; metric: MetricKey; href?: string } | { text: string; href: string };
export type Sentence = Part[];

/** A number (or phrase) in a sentence that links to a metric's definition. */
export function def(text: string, metric: MetricKey): Part {
  return { text, metric };
}

/** A phrase that links to another page (a campaign, a rep, a list of leads). */
export function to(text: string, href: string): Part {
  return { text, href };
}

/** Tagged template: sentence`Marketing delivered ${def('412 MQLs', 'mqls')} in October.` → parts, adjacent text merged. */
export function sentence(strings: TemplateStringsArray, ...values: Array<Part | Sentence | number>): Sentence {
  const parts: Sentence = [];
  const push = (part: Part) => {
    const last = parts.at(-1);
    if (typeof part === 'string' && typeof last === 'string') parts[parts.length - 1] = last + part;
    else if (part !== '') parts.push(part);
  };
  strings.forEach((text, i) => {
    push(text);
    if (i < values.length) {
      const value = values[i]!;
      if (Array.isArray(value)) value.forEach(push);
      else push(typeof value === 'number' ? String(value) : value);
    }
  });
  return parts;
}

/** The sentence as plain text (tests, descriptions, chart labels). */
export function plain(parts: Sentence): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');
}

/** Joins sentence fragments: ["a", "b", "c"] → "a, b and c". */
export function listOf(items: Sentence[]): Sentence {
  if (items.length === 0) return [];
  if (items.length === 1) return items[0]!;
  const head = items.slice(0, -1).flatMap((item, i) => (i === 0 ? item : [', ', ...item]));
  return sentence`${head} and ${items.at(-1)!}`;
}
