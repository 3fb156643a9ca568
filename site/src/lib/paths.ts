// Addresses of the site's pages, so every link is built one way and survives a base path.

/** The site's base path with a trailing slash ("/" or "/reports/"). */
export function base(): string {
  // Typed here rather than through astro/client, so tests type-checked with the project's own config can import this.
  // Outside a Vite build (the night composing digests in plain Node) there is no import.meta.env: the site's root.
  const env = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env;
  return (env?.BASE_URL ?? '/').replace(/\/?$/, '/');
}

/** An address inside the site: path("follow-up/") → "/follow-up/". */
export function path(relative: string): string {
  return `${base()}${relative.replace(/^\//, '')}`;
}

// FNV-1a, so two names that slugify alike still get different, stable addresses.
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).slice(0, 5);
}

/** A readable, unique URL segment for a record: slug("Ana Silva", "005…AAA") → "ana-silva-1x2y3". */
export function slug(name: string, id: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return `${words || 'item'}-${shortHash(id)}`;
}

// Which of a campaign's three list files holds a list: its people, its opportunities, or its pipeline and revenue by period.
function campaignListFile(list: string): 'people' | 'opportunities' | 'periods' {
  if (list === 'opportunities' || list === 'won') return 'opportunities';
  return /^(pipeline|revenue)-/.test(list) ? 'periods' : 'people';
}

/**
 * The file a list's rows are in (functions/night/site-lists.ts writes them): a lead list's metric and month
 * ("response-met.2026-10.team.<hash>" → "response-met.2026-10"), a campaign list's people, opportunities or periods
 * ("campaign.9ab62b5ef3.won" → "campaign.9a.opportunities").
 */
export function listFileOf(id: string): string {
  const [first, second, third] = id.split('.');
  // Campaign lists share files by the first two digits of the campaign's hash (about 8 campaigns a file at 2,000).
  if (first === 'campaign') return `campaign.${(second ?? '').slice(0, 2)}.${campaignListFile(third ?? '')}`;
  return `${first}.${second}`;
}

export const pages = {
  scorecard: () => path(''),
  campaigns: () => path('campaigns/'),
  campaign: (name: string, id: string) => path(`campaigns/${slug(name, id)}/`),
  followUp: () => path('follow-up/'),
  rep: (name: string, id: string) => path(`follow-up/reps/${slug(name, id)}/`),
  partner: (name: string) => path(`follow-up/partners/${slug(name, name)}/`),
  funnel: () => path('funnel/'),
  leadQuality: () => path('lead-quality/'),
  scoreBand: (bandOrder: number) => path(`lead-quality/score-bands/${bandOrder}/`),
  definitions: () => path('definitions/'),
  definition: (anchor: string) => path(`definitions/#${anchor}`),
  dataHealth: () => path('data-health/'),
  whatChanged: () => path('what-changed/'),
  /** The one list page, showing the list with this id (see list-links.ts), at a page of it. */
  list: (id: string, page = 1) => path(`lists/?list=${encodeURIComponent(id)}${page > 1 ? `&page=${page}` : ''}`),
  /** The CSV file holding a list's rows (with the other lists of its metric and month, or of its campaign). */
  listCsv: (id: string) => path(`lists/${encodeURIComponent(listFileOf(id))}.csv`),
  download: (name: string) => path(`downloads/${name}.csv`),
};

/** The CRM record of a lead, when config names the CRM's address; null otherwise. */
export function crmLink(crmUrl: string | null, leadId: string | null): string | null {
  if (!crmUrl || !leadId) return null;
  return `${crmUrl}/${encodeURIComponent(leadId)}`;
}
