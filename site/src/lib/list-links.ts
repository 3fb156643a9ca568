// The ids and addresses of the lists behind the numbers, at build time (and in the digests): one list page reads the
// list's id from its address and fetches that list's file, which the night writes under the same id
// (functions/night/site-lists.ts computes the ids in SQL; the two must agree).
import { createHash } from 'node:crypto';
import type { ListGroup } from './views/common.ts';
import { pages } from './paths.ts';
import { listSize, type CampaignList, type CampaignListSource } from './views/campaign-lists.ts';

// The first 10 hex digits of the md5 of a name or id: file-name safe, stable, and what DuckDB's md5() gives too.
function hashed(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex').slice(0, 10);
}

/** The id of the list of leads behind a metric in a month, of every lead or of one team's, owner's, partner's or source's. */
export function leadListId(metric: string, month: string, group?: ListGroup | null): string {
  return `${metric.replaceAll('_', '-')}.${month}${group ? `.${group.dimension}.${hashed(group.key)}` : ''}`;
}

/** The id of the list behind one of a campaign's numbers (touched, mqls, sqls, opportunities, won). */
export function campaignListId(campaignId: string, list: string): string {
  return `campaign.${hashed(campaignId)}.${list}`;
}

/** The list page showing the leads behind a metric in a month (of one group, when given). */
export function leadListHref(metric: string, month: string, group?: ListGroup | null): string {
  return pages.list(leadListId(metric, month, group));
}

/** Where a campaign number opens its list, or null when none is published (the number then links nowhere). */
export function campaignListLink(data: CampaignListSource, campaign: { id: string }, list: CampaignList): string | null {
  return listSize(data, campaign.id, list) ? pages.list(campaignListId(campaign.id, list)) : null;
}
