import { InvalidEventError } from '../../models/event.ts';

export { InvalidEventError };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** What check-exports reads from its input: the night (`YYYY-MM-DD`) or a scheduled event's `time`; both optional. */
export interface CheckExportsEvent {
  night?: string;
  time?: string;
}

/** Validates check-exports' input; other keys (the rest of an EventBridge event) are ignored. */
export function parseCheckExportsEvent(event: unknown): CheckExportsEvent {
  const fields = objectOf(event, '{} or { "night": "2026-11-20" }');
  const out: CheckExportsEvent = {};
  const night = fields['night'];
  if (night !== undefined && night !== null) {
    if (typeof night !== 'string' || !DATE.test(night) || Number.isNaN(Date.parse(night))) throw new InvalidEventError(`night ${JSON.stringify(night)} is not a date; write it like "2026-11-20"`);
    out.night = night;
  }
  const time = fields['time'];
  if (time !== undefined && time !== null) {
    if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) throw new InvalidEventError(`time ${JSON.stringify(time)} is not an ISO time; write it like "2026-11-20T02:00:00Z"`);
    out.time = time;
  }
  return out;
}

/** What the site-data step reads from its input: the models step's as-of time and marts (both optional). */
export interface SiteDataEvent {
  asOf?: string;
  /** The marts the models step built (its `marts`: rows per mart); by default the marts under sql/marts. */
  marts?: string[];
}

/** Validates the site-data step's input: `{}`, `{ "asOf": "…" }` or the models step's summary (`{ asOf, marts: { leads: 120, … } }`). */
export function parseSiteDataEvent(event: unknown): SiteDataEvent {
  const fields = objectOf(event, '{} or { "asOf": "2026-11-20T06:00:00Z" }');
  const out: SiteDataEvent = {};
  const asOf = fields['asOf'];
  if (asOf !== undefined && asOf !== null) {
    if (typeof asOf !== 'string' || !ISO_UTC.test(asOf)) throw new InvalidEventError(`asOf ${JSON.stringify(asOf)} is not an ISO UTC time; write it like "2026-11-20T06:00:00Z"`);
    out.asOf = asOf;
  }
  const marts = fields['marts'];
  if (marts !== undefined && marts !== null) {
    const names = Array.isArray(marts) ? marts : typeof marts === 'object' ? Object.keys(marts) : undefined;
    if (!names?.length || !names.every((n) => typeof n === 'string' && /^[a-z_][a-z0-9_]*$/.test(n))) {
      throw new InvalidEventError('marts must name the marts built, as the models step returns them ({ "leads": 120, … }) or as a list of table names');
    }
    out.marts = names as string[];
  }
  return out;
}

function objectOf(event: unknown, example: string): Record<string, unknown> {
  if (event === null || event === undefined) return {};
  if (typeof event !== 'object' || Array.isArray(event)) throw new InvalidEventError(`the step expects an object such as ${example}`);
  return event as Record<string, unknown>;
}
