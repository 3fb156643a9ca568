// The definitions page's dated change log: one sentence per changed setting, in the reader's words
// ("From 8 December 2026 the response SLA for Enterprise is 2 business hours, was 4 business hours").
import { businessDuration } from '../format.ts';
import type { DefinitionChangeRow } from '../history-schema.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-12-08" → "8 December 2026". */
export function dayName(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

const SYSTEMS: Record<string, string> = {
  salesforce_lead_status: 'Salesforce lead status',
  hubspot_lifecycle_stage: 'HubSpot lifecycle stage',
  hubspot_lead_status: 'HubSpot lead status',
  hubspot_deal_stage: 'HubSpot deal stage',
  marketo_revenue_stage: 'Marketo revenue stage',
};

// "segment=Enterprise,partner=Acme" → "Enterprise, partner Acme".
function scopeWords(scope: string): string {
  return scope
    .split(',')
    .map((part) => {
      const [name, value] = part.split('=') as [string, string];
      return name === 'segment' ? value : name === 'source_category' ? `${value}-sourced leads` : `partner ${value}`;
    })
    .join(', ');
}

// What the setting is and how its values read.
function describe(key: string): { subject: string; value: (v: string) => string; verb: string } {
  const sla = /^sla\.(\w+)_minutes(?:\[(.+)\])?$/.exec(key);
  if (sla) {
    const name = sla[1]!.replace('_', ' ');
    return { subject: `the ${name} SLA${sla[2] ? ` for ${scopeWords(sla[2])}` : ''}`, value: (v) => businessDuration(Number(v)), verb: 'is' };
  }
  const stage = /^stages\.(\w+)\.(.+)$/.exec(key);
  if (stage) return { subject: `the ${SYSTEMS[stage[1]!] ?? stage[1]} "${stage[2]}"`, value: (v) => v, verb: 'maps to' };
  const source = /^source_categories\.(.+)$/.exec(key);
  if (source) return { subject: `the lead source "${source[1]}"`, value: (v) => v, verb: 'counts as' };
  const rate = /^currency\.rates\.(\w+)$/.exec(key);
  if (rate) return { subject: `one ${rate[1]}`, value: (v) => `${v} in the reporting currency`, verb: 'is' };
  const words: Record<string, string> = {
    'calendar.hours': 'the working hours', 'calendar.workdays': 'the working days (1 = Monday)', 'calendar.timezone': 'the company time zone',
    'calendar.holidays': 'the holidays', 'calendar.owner_time_zones': "running each owner's clock in the owner's time zone", 'currency.reporting': 'the reporting currency',
  };
  return { subject: words[key] ?? key, value: (v) => (v === '' ? 'none' : v), verb: 'is' };
}

/** One dated sentence per changed setting, newest first as the data gives them. */
export function definitionChangeSentences(changes: DefinitionChangeRow[]): Array<{ on: string; key: string; text: string }> {
  return changes.map((c) => {
    const d = describe(c.definition_key);
    const from = `From ${dayName(c.changed_on)}`;
    let text: string;
    if (c.new_value === null) text = `${from} ${d.subject} is no longer set (was ${d.value(c.old_value ?? '')}).`;
    else if (c.old_value === null) text = `${from} ${d.subject} ${d.verb} ${d.value(c.new_value)} (newly set).`;
    else text = `${from} ${d.subject} ${d.verb} ${d.value(c.new_value)}, was ${d.value(c.old_value)}.`;
    return { on: c.changed_on, key: c.definition_key, text: text.charAt(0).toUpperCase() + text.slice(1) };
  });
}
