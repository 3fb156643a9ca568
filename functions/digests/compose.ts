// What each audience's digest says, built from the site's own data and views (one sentence engine: the site's
// verdicts, tiles, sentences and breach tables), so a digest can never disagree with the page it links to.
import { formatCount, formatDateTime, monthName, monthOnly } from '../../site/src/lib/format.ts';
import { funnelTotals } from '../../site/src/lib/report.ts';
import type { BreachRow, SiteData } from '../../site/src/lib/schema.ts';
import { sentence, type Sentence } from '../../site/src/lib/sentence.ts';
import { breachesNowSentence } from '../../site/src/lib/sentences.ts';
import type { Table } from '../../site/src/lib/table.ts';
import { changePhrase, followUpVerdict, type Status, type Tile } from '../../site/src/lib/verdicts.ts';
import { campaignsView } from '../../site/src/lib/views/campaigns.ts';
import { listHref, periods, type Periods } from '../../site/src/lib/views/common.ts';
import { followUpView } from '../../site/src/lib/views/follow-up.ts';
import { complianceTile, medianTile, mqlTile } from '../../site/src/lib/views/headline.ts';
import { readList } from '../../site/src/lib/list-file.ts';
import { leadListHref, leadListId } from '../../site/src/lib/list-links.ts';
import { leadQualityView } from '../../site/src/lib/views/lead-quality.ts';
import { owners, repView, type Owner } from '../../site/src/lib/views/people.ts';
import { scorecardView } from '../../site/src/lib/views/scorecard.ts';
import { breachCounts, breachingLeads, breachTable } from '../../site/src/lib/views/sla-tables.ts';
import { pages, slug } from '../../site/src/lib/paths.ts';

/** The four kinds of digest; a file is named after its audience (and team or rep). */
export const AUDIENCES = ['leadership', 'marketing', 'sales-manager', 'rep'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The metrics whose lead lists (the site's list files) a digest quotes: marketing's leads rejected without a contact attempt. */
export const DIGEST_LIST_METRICS = ['rejected_untouched'] as const;

/** Most breaching leads a digest lists; the rest are one link away on the site. */
export const DIGEST_LIST_LIMIT = 20;

/** One number of a digest: its value against its target, and how it moved. */
export interface Fact {
  label: string;
  value: string;
  target: string;
  status: Status;
  change: string;
  href: string | null;
}

/** Everything one message says, before it is rendered as text, HTML or Slack blocks. */
export interface Digest {
  /** File name without extension: leadership, marketing, sales-manager-<team>, rep-<rep>. */
  key: string;
  audience: Audience;
  team: string | null;
  rep: { id: string; name: string } | null;
  company: string;
  title: string;
  subject: string;
  asOf: string;
  verdict: Sentence[];
  facts: Fact[];
  /** The actionable list: open breaching leads, most overdue first, at most DIGEST_LIST_LIMIT rows. */
  list: { table: Table; total: number; more: { text: string; href: string } | null } | null;
  links: Array<{ text: string; href: string }>;
}

/** A headline tile as a digest number (the same value, target, status and change the site shows). */
function factOf(tile: Tile, href: string | null = tile.href): Fact {
  return { label: tile.label, value: tile.value, target: tile.target, status: tile.status, change: tile.change, href };
}

function breachFact(data: SiteData, count: number): Fact {
  return {
    label: 'Open leads breaching an SLA now',
    value: formatCount(count),
    target: 'none',
    status: count === 0 ? 'on track' : 'off track',
    change: `as of ${formatDateTime(data.meta.as_of)}`,
    href: pages.followUp(),
  };
}

// The subset of the data that belongs to one team or one rep, so the site's own tiles compute their figures.
function scoped(data: SiteData, keep: { team?: string; ownerId?: string }): SiteData {
  const sla = data.sla.filter((r) => (keep.team === undefined || r.team === keep.team) && (keep.ownerId === undefined || r.owner_id === keep.ownerId));
  const slaMedians = keep.team === undefined ? [] : data.slaMedians.filter((r) => r.team === keep.team).map((r) => ({ ...r, team: null }));
  return { ...data, sla, slaMedians, leadLists: [] };
}

function listOf(table: Table, total: number, href: string): Digest['list'] {
  const shown = table.rows.slice(0, DIGEST_LIST_LIMIT);
  const more = total > shown.length ? { text: `All ${formatCount(total)} on the site`, href } : null;
  return { table: { ...table, rows: shown }, total, more };
}

function base(data: SiteData, p: Periods): Pick<Digest, 'company' | 'asOf'> & { month: string } {
  return { company: data.meta.company, asOf: data.meta.as_of, month: monthName(p.month) };
}

/** Leadership's weekly summary: the scorecard's verdict and tiles, and where the leads breaching now are. */
export function leadershipDigest(data: SiteData): Digest {
  const p = periods(data);
  const view = scorecardView(data);
  const b = base(data, p);
  const byOwner = followUpView(data).breachesByOwner;
  return {
    key: 'leadership',
    audience: 'leadership',
    team: null,
    rep: null,
    company: b.company,
    asOf: b.asOf,
    title: `Scorecard, ${b.month}`,
    subject: `${b.company} scorecard: ${verdictWord(view.verdict)} for ${b.month}`,
    verdict: [...view.verdict, breachesNowSentence(breachCounts(data.breaches, () => true))],
    facts: [...view.tiles.map((t) => factOf(t)), breachFact(data, breachingLeads(data.breaches, () => true))],
    // Who has leads waiting right now: the follow-up page's owner table.
    list: data.breaches.length > 0 ? listOf(byOwner, byOwner.rows.length, `${pages.followUp()}#breaching`) : null,
    links: [
      { text: 'Scorecard', href: pages.scorecard() },
      { text: 'Follow-up', href: pages.followUp() },
      { text: 'Funnel', href: pages.funnel() },
    ],
  };
}

/** Marketing's weekly summary: MQLs against the target, campaign ROI, and what sales rejected and why. */
export function marketingDigest(data: SiteData): Digest {
  const p = periods(data);
  const b = base(data, p);
  const quality = leadQualityView(data);
  const campaigns = campaignsView(data);
  const rejected = (month: string) => funnelTotals(data.funnel, month)?.rejected ?? null;
  const untouched = (month: string) => data.rejectedUntouched.filter((r) => r.month === month).reduce((n, r) => n + r.leads, 0);
  const mql = mqlTile(data, p);
  // Marketing's side of the agreement first (the scorecard's own sentence), then campaigns and lead quality as their pages open.
  const mqlVerdict = scorecardView(data).verdict.filter((s) => typeof s[0] === 'string' && /marketing delivered|MQL data/.test(s[0]));
  const verdict = [...mqlVerdict, ...campaigns.verdict, ...quality.verdict];
  // Marketing's most frequent question to sales: which of its leads were dropped before anyone called them.
  const dropped = droppedList(data, p.month);
  return {
    key: 'marketing',
    audience: 'marketing',
    team: null,
    rep: null,
    company: b.company,
    asOf: b.asOf,
    title: `Marketing, ${b.month}`,
    subject: `${b.company} marketing: ${mql.value === '1' ? '1 MQL' : `${mql.value} MQLs`} in ${b.month} (target: ${mql.target})`,
    verdict,
    facts: [
      factOf(mql),
      {
        label: `Rejected by sales, ${monthOnly(p.month)}`,
        value: rejected(p.month) === null ? 'no data' : formatCount(rejected(p.month)!),
        target: 'no target (the past year is the benchmark)',
        status: 'no target',
        change: changePhrase(rejected(p.month), rejected(p.previousMonth), monthOnly(p.previousMonth), 'count'),
        href: listHref(data, 'rejected', p.month),
      },
      {
        label: `Rejected without a contact attempt, ${monthOnly(p.month)}`,
        value: formatCount(untouched(p.month)),
        target: 'none',
        status: untouched(p.month) === 0 ? 'on track' : 'off track',
        change: changePhrase(untouched(p.month), untouched(p.previousMonth), monthOnly(p.previousMonth), 'count'),
        href: listHref(data, 'rejected_untouched', p.month),
      },
    ],
    list: dropped,
    links: [
      { text: 'Campaigns', href: pages.campaigns() },
      { text: 'Lead quality', href: pages.leadQuality() },
      { text: 'Scorecard', href: pages.scorecard() },
    ],
  };
}

// The month's leads rejected without a contact attempt, as its list page shows them (read from the same list file).
function droppedList(data: SiteData, month: string): Digest['list'] {
  const total = data.leadLists.find((l) => l.metric === 'rejected_untouched' && l.month === month && !l.dimension)?.total;
  const id = leadListId(DIGEST_LIST_METRICS[0], month);
  const csv = total ? data.listFile?.(id) : null;
  if (!total || !csv) return null;
  const href = leadListHref('rejected_untouched', month);
  return listOf(readList(csv, id, data.meta, undefined).page(1).table, total, href);
}

/** The teams a sales manager digest is written for: every team with an owner in the SLA rows or the breach list. */
export function digestTeams(data: SiteData): string[] {
  const teams = new Set<string>();
  for (const r of data.sla) if (r.owner_id !== null) teams.add(r.team);
  for (const b of data.breaches) if (b.owner_id !== null) teams.add(b.team);
  return [...teams].sort((a, b) => a.localeCompare(b, 'en'));
}

/** A sales manager's morning list: the team's follow-up verdict and numbers, and its open leads breaching now. */
export function teamDigest(data: SiteData, team: string): Digest {
  const p = periods(data);
  const b = base(data, p);
  const own = scoped(data, { team });
  // A partner team is judged by the partner response SLA, never also by the internal one.
  const sla = own.sla.some((r) => r.sla === 'partner_response') && !own.sla.some((r) => r.sla === 'response') ? 'partner_response' : 'response';
  const response = own.sla.filter((r) => r.sla === sla && r.month === p.month);
  const sum = (k: 'met' | 'late' | 'breached') => response.reduce((n, r) => n + r[k], 0);
  const verdict = followUpVerdict({
    label: b.month,
    met: sum('met'),
    late: sum('late'),
    breached: sum('breached'),
    slaMinutes: data.meta.sla[`${sla}_minutes`],
    target: data.meta.sla.compliance_target,
    hrefs: { met: null, late: null, breached: null },
    teams: [],
    who: team,
  });
  // The same rows, in the same order, as the team's breach table on the follow-up page.
  const rows: BreachRow[] = data.breaches.filter((r) => r.owner_id !== null && r.team === team);
  const now = breachingLeads(rows, () => true);
  const table = breachTable(data, rows, `Open leads of ${team} breaching an SLA right now`, `breaches-team-${team}`, true);
  return {
    key: `sales-manager-${slug(team, team)}`,
    audience: 'sales-manager',
    team,
    rep: null,
    company: b.company,
    asOf: b.asOf,
    title: `Follow-up, ${team}`,
    subject: `${team}: ${now === 0 ? 'no leads' : now === 1 ? '1 lead' : `${formatCount(now)} leads`} breaching an SLA now`,
    verdict: [...verdict, breachesNowSentence(breachCounts(rows, () => true), team)],
    facts: [
      factOf(complianceTile(own, p, sla), null),
      ...(sla === 'response' ? [factOf(medianTile(own, p), null)] : []),
      factOf(complianceTile(own, p, 'disposition'), null),
      breachFact(data, now),
    ],
    list: rows.length > 0 ? listOf(table, now, `${pages.followUp()}#breaching`) : null,
    links: [{ text: 'Follow-up', href: pages.followUp() }, ...owners(data).filter((o) => o.team === team).map((o) => ({ text: o.name, href: pages.rep(o.name, o.id) }))],
  };
}

/** A rep's own morning list: their follow-up sentence and numbers, and only their own open leads breaching now. */
export function repDigest(data: SiteData, owner: Owner): Digest {
  const p = periods(data);
  const b = base(data, p);
  const view = repView(data, owner);
  const own = scoped(data, { ownerId: owner.id });
  const total = view.breaches.rows.length === 0 ? 0 : (data.breaches.find((r) => r.owner_id === owner.id)?.owner_breaches ?? 0);
  return {
    key: `rep-${slug(owner.name, owner.id)}`,
    audience: 'rep',
    team: owner.team,
    rep: { id: owner.id, name: owner.name },
    company: b.company,
    asOf: b.asOf,
    title: `Your follow-up, ${owner.name}`,
    subject: `${owner.name}: ${total === 0 ? 'no leads' : total === 1 ? '1 lead' : `${formatCount(total)} leads`} past an SLA deadline`,
    verdict: view.sentences,
    facts: [factOf(complianceTile(own, p, 'response'), null), factOf(complianceTile(own, p, 'disposition'), null), breachFact(data, total)],
    list: view.breaches.rows.length > 0 ? listOf(view.breaches, total, pages.rep(owner.name, owner.id)) : null,
    links: [{ text: 'Your page', href: pages.rep(owner.name, owner.id) }, { text: 'Follow-up', href: pages.followUp() }],
  };
}

/** Every digest of the night: leadership, marketing, one per team, and one per rep who opted in (by CRM user id). */
export function composeDigests(data: SiteData, repIds: readonly string[]): Digest[] {
  const wanted = new Set(repIds);
  return [
    leadershipDigest(data),
    marketingDigest(data),
    ...digestTeams(data).map((team) => teamDigest(data, team)),
    ...owners(data).filter((o) => wanted.has(o.id)).map((o) => repDigest(data, o)),
  ];
}

// "on track" / "off track" as the verdict's first words say it, for a subject line.
function verdictWord(verdict: Sentence[]): string {
  const first = verdict.map((s) => (typeof s[0] === 'string' ? s[0] : '')).join(' ');
  return /Off track/.test(first) ? 'off track' : /On track/.test(first) ? 'on track' : 'too few to judge';
}

/** The digest's opening line in plain words, for previews and the index. */
export function headline(digest: Digest): Sentence {
  return sentence`${digest.company}: ${digest.title}, as of ${formatDateTime(digest.asOf)}`;
}
