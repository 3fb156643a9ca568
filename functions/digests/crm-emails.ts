// Reps' addresses from the CRM user export, read through staging during the night: only for the reps who opted in
// to their own digest, so no other address leaves the lake.
import type { Engine } from '../core/engine.ts';
import { sqlString } from '../core/sql.ts';

/** CRM user id → email of the given users, from the Salesforce user export's Email column where it is filled. */
export async function crmEmails(engine: Engine, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await engine.query<{ user_id: string; email: string }>(
    `select user_id, trim(email) as email from stg_salesforce__users
     where user_id in (${userIds.map(sqlString).join(', ')}) and email is not null and trim(email) like '%_@_%'
     order by user_id`,
  );
  return new Map(rows.map((r) => [r.user_id, r.email]));
}
