// The AWS delivery step's domain code: the site data, the CRM user tables the models step wrote and the ledger in a
// real S3 API (s3rver on 127.0.0.1), Slack through a Slack-shaped endpoint on 127.0.0.1; SES, Secrets Manager and the
// Glue catalog do not run locally, so their clients are stubbed at the SDK boundary (aws-sdk-client-mock) and the
// test asserts what was asked of them.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { deliverNightInAws, readDigestStepConfig } from '../../../functions/digests/aws.ts';
import { FIXTURES } from '../../helpers/night.ts';
import { listKeys, startS3rver, type LocalS3 } from '../../helpers/s3rver.ts';
import { startSlackEndpoint, type SlackTestEndpoint } from '../../helpers/delivery-servers.ts';

const BUCKET = 'lake';
const ses = mockClient(SESv2Client);
const secrets = mockClient(SecretsManagerClient);
const glue = mockClient(GlueClient);
let s3: LocalS3;
let slack: SlackTestEndpoint;
const scratch = mkdtempSync(join(tmpdir(), 'handoff-digests-test-'));

// The hand-made site data (test/fixtures/site-data), as of Thu 2026-11-05 02:00 UTC; the step runs that Thursday.
const THURSDAY = new Date('2026-11-05T06:00:00Z');
const config = {
  delivery: {
    site_url: 'https://reports.example.com',
    from: 'handoff@example.com',
    retries: 1,
    retry_delay_seconds: 0,
    leadership: { email: ['ceo@example.com'] },
    sales_managers: { 'Inbound East': { email: ['east@example.com'], slack: ['sales_east'] } },
    reps: { u1: { email: ['ana@example.com'] } },
  },
};

function settings(digestsPrefix = '_digests/', configJson = JSON.stringify(config)) {
  return readDigestStepConfig({ LAKE_BUCKET: BUCKET, GLUE_DATABASE: 'handoff_models', SITE_DATA_PREFIX: '_site-data/', DIGESTS_PREFIX: digestsPrefix, CONFIG_JSON: configJson, SLACK_WEBHOOKS_SECRET: 'arn:secret', TMPDIR: scratch });
}

const clients = () => ({ s3: s3.client, glue: glue as unknown as GlueClient, ses: ses as unknown as SESv2Client, secrets: secrets as unknown as SecretsManagerClient });

// The CRM user tables as the models step leaves them: stg_salesforce__users one Parquet file (Athena names it without an
// extension) in its run's folder; stg_hubspot__owners has no rows, so no file. Ana (u1) has an address, Ben (u2) an empty
// one, Pat (u5) none that is an address; Cleo (u3) has one but is no opted-in rep, so it is never asked for.
const USERS = [['u1', ' ana.silva@crm.example.com '], ['u2', ''], ['u3', 'cleo@crm.example.com'], ['u5', 'n/a']];
const RUN = '_models/stg_salesforce__users/20261105T020000Z-abcd1234/';

async function putUsersTable(): Promise<void> {
  const file = join(scratch, 'users.parquet');
  const engine = await DuckDbEngine.open();
  await engine.execute(`copy (select * from (values ${USERS.map(([id, email]) => `('${id}', '${email}')`).join(', ')}) as users(user_id, email)) to '${file}' (format parquet)`);
  await engine.close();
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${RUN}20261105_020012_00042_x7kqp_1`, Body: readFileSync(file) }));
}

function catalogHoldsUserTables(): void {
  const string = (name: string) => ({ Name: name, Type: 'string' });
  glue.on(GetTableCommand, { DatabaseName: 'handoff_models', Name: 'stg_salesforce__users' })
    .resolves({ Table: { Name: 'stg_salesforce__users', StorageDescriptor: { Location: `s3://${BUCKET}/${RUN}`, Columns: [string('user_id'), string('email')] } } });
  glue.on(GetTableCommand, { DatabaseName: 'handoff_models', Name: 'stg_hubspot__owners' })
    .resolves({ Table: { Name: 'stg_hubspot__owners', StorageDescriptor: { Location: `s3://${BUCKET}/_models/stg_hubspot__owners/20261105T020000Z-abcd1234/`, Columns: [string('owner_key'), string('email')] } } });
}

beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
  slack = await startSlackEndpoint();
  const dir = `${FIXTURES}site-data`;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `_site-data/${file}`, Body: readFileSync(join(dir, file)) }));
  }
  // The list files sit beside them, as the site data step puts them.
  for (const file of readdirSync(join(dir, 'lists'))) {
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `_site-data/lists/${file}`, Body: readFileSync(join(dir, 'lists', file)) }));
  }
  await putUsersTable();
});

afterAll(async () => {
  await slack?.close();
  await s3?.stop();
});

beforeEach(() => {
  ses.reset();
  secrets.reset();
  glue.reset();
  catalogHoldsUserTables();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ sales_east: slack.url('east') }) });
});

describe('the delivery step in AWS', () => {
  it('keeps the digests in the lake, sends what is due through SES and Slack, and records each in the ledger', async () => {
    const { digests, outcomes } = await deliverNightInAws(clients(), settings(), THURSDAY);
    // leadership, marketing, four teams, Ana: 7 digests. Leadership is weekly on Monday: not due on a Thursday.
    expect(digests).toBe(7);
    expect(outcomes.map((o) => [o.digest.replace(/-[0-9a-z]{5}$/, ''), o.recipient, o.status])).toEqual([
      ['leadership', null, 'not due'],
      ['sales-manager-inbound-east', 'east@example.com', 'sent'],
      ['sales-manager-inbound-east', 'sales_east', 'sent'],
      ['rep-ana-silva', 'ana@example.com', 'sent'],
    ]);
    const mails = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(mails.map((m) => [m.FromEmailAddress, m.Destination!.ToAddresses, m.Content!.Simple!.Subject!.Data])).toEqual([
      ['handoff@example.com', ['east@example.com'], 'Inbound East: 3 leads breaching an SLA now'],
      ['handoff@example.com', ['ana@example.com'], 'Ana Silva: 2 leads past an SLA deadline'],
    ]);
    expect(mails[1]!.Content!.Simple!.Body!.Text!.Data).not.toContain('00Q000000000201EAA');
    expect(slack.received.map((r) => r.path)).toEqual(['/services/east']);
    const keys = await listKeys(s3.client, BUCKET);
    expect(keys).toContain('_digests/2026-11-05/index.json');
    expect(keys).toContain('_digests/2026-11-05/leadership.html');
    expect(keys).toContain('_digests/ledger.jsonl');
    // Marketing's digest quotes October's leads rejected without a contact attempt (203 and 101) from their list file.
    const marketing = await (await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: '_digests/2026-11-05/marketing.txt' }))).Body!.transformToString();
    expect(marketing).toContain('00Q000000000203EAA');
    expect(marketing).toContain('00Q000000000101EAA');
  });

  it('sends nothing twice when the step runs again, and tells a refused message apart from the rest', async () => {
    const again = await deliverNightInAws(clients(), settings(), THURSDAY);
    expect(again.outcomes.filter((o) => o.status === 'already sent')).toHaveLength(3);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);

    // A new recipient whose address SES refuses (final: not retried).
    config.delivery.reps = { u1: { email: ['ana@example.com', 'ana.old@example.com'] } };
    ses.on(SendEmailCommand, { Destination: { ToAddresses: ['ana.old@example.com'] } }).rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    const third = await deliverNightInAws(clients(), settings(), THURSDAY);
    expect(third.outcomes.find((o) => o.recipient === 'ana.old@example.com')).toMatchObject({ status: 'failed', attempts: 1 });
    const ledger = await (await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: '_digests/ledger.jsonl' }))).Body!.transformToString();
    expect(ledger.trim().split('\n').map((l) => (JSON.parse(l) as { status: string }).status)).toEqual(['sent', 'sent', 'sent', 'failed']);
  });

  it('sends a rep without a configured address to the address in the CRM user export, as `handoff run` does', async () => {
    const crmConfig = { delivery: { ...config.delivery, leadership: {}, sales_managers: {}, reps: { u1: {}, u2: {}, u5: { email: ['pat@example.com'] } } } };
    const { outcomes } = await deliverNightInAws(clients(), settings('_digests-crm/', JSON.stringify(crmConfig)), THURSDAY);
    // Ana's address is the CRM's, trimmed; Ben's is empty there and none is configured: skipped, saying how to fix it;
    // Pat's configured address wins over the CRM's (which is no address anyway).
    expect(outcomes.map((o) => [o.digest.replace(/-[0-9a-z]{5}$/, ''), o.recipient, o.status])).toEqual([
      ['rep-ben-okafor', null, 'skipped'],
      ['rep-ana-silva', 'ana.silva@crm.example.com', 'sent'],
      ['rep-pat-lee', 'pat@example.com', 'sent'],
    ]);
    expect(outcomes[0]!.detail).toBe('no address for rep u2: add delivery.reps.u2.email, or fill Email in the CRM user export');
    expect(ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination!.ToAddresses)).toEqual([['ana.silva@crm.example.com'], ['pat@example.com']]);
    // The catalog was asked for the two user tables only: no other table of the models is read.
    expect(glue.commandCalls(GetTableCommand).map((c) => c.args[0].input.Name)).toEqual(['stg_salesforce__users', 'stg_hubspot__owners']);
    const index = JSON.parse(await (await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: '_digests-crm/2026-11-05/index.json' }))).Body!.transformToString()) as { digests: Array<{ rep_id: string | null; rep_crm_email: string | null }> };
    expect(index.digests.filter((d) => d.rep_id).map((d) => [d.rep_id, d.rep_crm_email])).toEqual([['u1', 'ana.silva@crm.example.com'], ['u2', null], ['u5', null]]);
  });
});
