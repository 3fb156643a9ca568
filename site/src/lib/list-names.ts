// The names of the lists behind a campaign's numbers, apart from the data contract (schema.ts) so that the list page's
// browser script can use them without bundling zod, whose schema compiler needs eval and the site's CSP forbids it.

/** Which campaign number a people list is behind: people touched, MQLs or SQLs (campaign_roi's counts). */
export const campaignPeopleLists = ['touched', 'mqls', 'sqls'] as const;

/** A campaign's pipeline and revenue lists of the last quarter and the last 12 months (campaign_periods.json's numbers). */
export const campaignPeriodLists = ['pipeline-last-quarter', 'revenue-last-quarter', 'pipeline-last-12-months', 'revenue-last-12-months'] as const;

/** The campaign numbers that open a list: people touched, MQLs and SQLs (campaign_roi's counts), opportunities touched and won, and a period's pipeline and revenue. */
export const campaignListNames = [...campaignPeopleLists, 'opportunities', 'won', ...campaignPeriodLists] as const;
