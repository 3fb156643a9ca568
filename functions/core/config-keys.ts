// Names an unknown config key with its path and the nearest valid key, read off the config's own zod schema.
import type { z } from 'zod';

type Def = { type: string; shape?: Record<string, z.core.$ZodType>; innerType?: z.core.$ZodType; in?: z.core.$ZodType; valueType?: z.core.$ZodType; element?: z.core.$ZodType };

function defOf(schema: z.core.$ZodType): Def {
  return schema._zod.def as unknown as Def;
}

// Wrappers (default, optional, pipes, …) say nothing about keys: look through them.
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** The keys an object at `path` of `schema` accepts; empty when the path leads to no fixed-key object. */
export function knownKeysAt(schema: z.core.$ZodType, path: PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const segment of path) {
    const def = defOf(current);
    if (def.type === 'object' && def.shape && typeof segment === 'string' && segment in def.shape) current = unwrap(def.shape[segment]!);
    else if (def.type === 'record' && def.valueType) current = unwrap(def.valueType);
    else if (def.type === 'array' && def.element) current = unwrap(def.element);
    else return [];
  }
  const def = defOf(current);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Edit distance between two keys (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const [s, t] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[t.length]!;
}

/** The valid key nearest to `key`, when one is near enough to be a likely typo. */
export function nearestKey(key: string, known: string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.key.length / 3)) ? best.key : undefined;
}

/** "stages.salesforce_status: unknown key; did you mean "salesforce_lead_status"? (valid keys: …)". */
export function unknownKeyMessage(schema: z.core.$ZodType, path: PropertyKey[], key: string): string {
  const known = knownKeysAt(schema, path);
  const where = [...path, key].map(String).join('.');
  const nearest = nearestKey(key, known);
  const hint = nearest ? `did you mean "${nearest}"? ` : '';
  return `${where}: unknown key; ${hint}valid keys here: ${known.join(', ') || '(none)'}`;
}
