// Reps' addresses from the CRM's user export (Salesforce users, HubSpot owners), read through staging during the night: only for the reps who opted in
// to their own digest, so no other address leaves the lake.
import type { Engine } from '../core/engine.ts';
import { sqlString } from '../core/sql.ts';

/** The staging tables holding users' addresses: the AWS delivery step reads them from the lake. */
export const CRM_USER_TABLES = ['stg_salesforce__users', 'stg_hubspot__owners'] as const;

/** CRM user id → email of the given users, from the Salesforce User export's Email or the HubSpot owners export, where filled. */
export async function crmEmails(engine: Engine, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  // HubSpot owners are users under 'hubspot:<owner key>' (int_users_from_hubspot).
  const rows = await engine.query<{ user_id: string; email: string }>(
    `with addresses as (
       select user_id, trim(email) as email from stg_salesforce__users
       union all select 'hubspot:' || owner_key, trim(email) from stg_hubspot__owners
     )
     select user_id, min(email) as email from addresses
     where user_id in (${userIds.map(sqlString).join(', ')}) and email like '%_@_%'
     group by user_id order by user_id`,
  );
  return new Map(rows.map((r) => [r.user_id, r.email]));
}
