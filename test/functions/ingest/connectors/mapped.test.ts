import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../functions/core/config.ts';
import { DuckDbEngine } from '../../../../functions/core/duckdb-engine.ts';
import { ConfigError } from '../../../../functions/core/errors.ts';
import { CONNECTORS, connectorsFor } from '../../../../functions/ingest/connectors/index.ts';
import { ingestExports } from '../../../../functions/ingest/ingest.ts';

const FIXTURE = new URL('../../../fixtures/exports/mapped-basic/', import.meta.url).pathname;

const PIPEDRIVE = {
  files: {
    people: {
      object: 'lead',
      columns: { lead_id: 'Person ID', created_at: 'Person created', status: 'Label', owner_id: 'Owner', email: 'Email', lead_source: 'Source' },
    },
  },
};

function configError(raw: unknown): string {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('mapped CSV sources', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('builds a spec per mapped file and registers it next to the built-in connectors', () => {
    const connectors = connectorsFor(parseConfig({ mapped_sources: { pipedrive: PIPEDRIVE } }));
    expect(Object.keys(connectors)).toEqual(['salesforce', 'hubspot', 'marketo', 'spend', 'pipedrive']);
    expect(Object.keys(CONNECTORS)).toEqual(['salesforce', 'hubspot', 'marketo', 'spend']);
    expect(Object.keys(connectorsFor())).toEqual(Object.keys(CONNECTORS));
    const [spec] = connectors['pipedrive']!;
    expect(spec).toMatchObject({ source: 'pipedrive', object: 'lead', files: ['people'] });
    expect(spec!.columns.find((c) => c.name === 'created_at')).toEqual({ header: 'Person created', name: 'created_at', type: 'timestamp', required: true, notNull: true });
    // Unmapped lake columns are read from a header spelled like the column, if there is one.
    expect(spec!.columns.find((c) => c.name === 'company')).toEqual({ header: 'company', name: 'company', type: 'string' });
  });

  it('loads the mapped CSV through ingest: mapped headers, UTC by default, rows read = loaded + quarantined', async () => {
    const lake = join(mkdtempSync(join(tmpdir(), 'handoff-mapped-')), 'lake');
    const config = parseConfig({ mapped_sources: { pipedrive: PIPEDRIVE } });
    // Without the config the folder is no source at all: the exports folder holds nothing Handoff reads.
    await expect(ingestExports(engine, FIXTURE, lake)).rejects.toThrow(/no export file Handoff reads was found \(it holds pipedrive\/\).*map a folder of another CRM under mapped_sources in the config/);
    const [load, ...others] = await ingestExports(engine, FIXTURE, lake, undefined, connectorsFor(config));
    expect(others).toEqual([]);
    expect(load).toMatchObject({ source: 'pipedrive', object: 'lead', file: expect.stringContaining('people.csv'), rowsRead: 3, rowsLoaded: 2, rowsQuarantined: 1, exportDate: '2024-03-16' });
    expect(load!.rowsRead).toBe(load!.rowsLoaded + load!.rowsQuarantined);
    expect(load!.missingOptional).toContain('company');
    const rows = await engine.query(`select lead_id, created_at, status, owner_id, email, lead_source, company from read_parquet('${lake}/pipedrive/lead/*/*.parquet', hive_partitioning = false) order by lead_id`);
    expect(rows).toEqual([
      { lead_id: 'p-1', created_at: '2024-03-15T14:30:00.000Z', status: 'Hot lead', owner_id: 'Dana Scully', email: 'ada@example.com', lead_source: 'Webinar', company: null },
      { lead_id: 'p-2', created_at: '2024-03-16T09:00:00.000Z', status: null, owner_id: 'Fox Mulder', email: 'charles@example.com', lead_source: 'Referral', company: null },
    ]);
    const [q] = await engine.query(`select source_row_number, reason from read_parquet('${lake}/_quarantine/pipedrive/lead/*/*.parquet')`);
    expect(q).toEqual({ source_row_number: 3, reason: 'Person created is empty' });
  });

  it('reads times without an offset in the source time zone when the source says local_times', async () => {
    const config = parseConfig({ mapped_sources: { pipedrive: { ...PIPEDRIVE, local_times: true } } });
    const lake = join(mkdtempSync(join(tmpdir(), 'handoff-mapped-')), 'lake');
    await ingestExports(engine, FIXTURE, lake, { sourceTimeZone: 'America/New_York' }, connectorsFor(config));
    const [row] = await engine.query(`select created_at from read_parquet('${lake}/pipedrive/lead/*/*.parquet', hive_partitioning = false) where lead_id = 'p-1'`);
    expect(row).toEqual({ created_at: '2024-03-15T18:30:00.000Z' }); // 14:30 EDT
  });

  it('refuses a mapping without a required lake column, naming the key path and the fix', () => {
    const { created_at: _, ...columns } = PIPEDRIVE.files.people.columns;
    const message = configError({ mapped_sources: { pipedrive: { files: { people: { object: 'lead', columns } } } } });
    expect(message).toContain('mapped_sources.pipedrive.files.people.columns: a lead needs "created_at"; map it to the file\'s header, e.g. "created_at": "<header in people.csv>"');
  });

  it('refuses an unknown canonical object, an unknown lake column and a built-in source name, all at once', () => {
    const message = configError({
      mapped_sources: {
        pipedrive: { files: { people: { object: 'person', columns: {} }, deals: { object: 'opportunity', columns: { opportunity_id: 'ID', created_at: 'Created', stage_name: 'Stage', value: 'Value' } } } },
        hubspot: { files: { contacts: { object: 'lead', columns: { lead_id: 'Record ID', created_at: 'Create Date' } } } },
      },
    });
    expect(message).toContain('mapped_sources.pipedrive.files.people.object: must be one of lead, user, activity, opportunity, campaign, campaign_member');
    expect(message).toContain('mapped_sources.pipedrive.files.deals.columns.value: "value" is not an opportunity column; use one of opportunity_id, created_at, stage_name');
    expect(message).toContain('mapped_sources.hubspot: "hubspot" has its own connector; give the mapped source another name');
  });

  it('accepts a list of headers for one lake column, first found wins', async () => {
    const config = parseConfig({ mapped_sources: { crm: { files: { people: { object: 'lead', columns: { lead_id: ['Contact ID', 'Person ID'], created_at: 'Person created' } } } } } });
    const [spec] = connectorsFor(config)['crm']!;
    expect(spec!.columns[0]).toEqual({ header: 'Contact ID', aliases: ['Person ID'], name: 'lead_id', type: 'string', required: true, notNull: true });
    const dir = mkdtempSync(join(tmpdir(), 'handoff-mapped-'));
    cpSync(join(FIXTURE, 'pipedrive'), join(dir, 'crm'), { recursive: true });
    const [load] = await ingestExports(engine, dir, join(dir, 'lake'), undefined, connectorsFor(config));
    expect(load).toMatchObject({ source: 'crm', object: 'lead', rowsRead: 3, rowsLoaded: 2, rowsQuarantined: 1 });
    const ids = await engine.query(`select lead_id from read_parquet('${dir}/lake/crm/lead/*/*.parquet', hive_partitioning = false) order by lead_id`);
    expect(ids).toEqual([{ lead_id: 'p-1' }, { lead_id: 'p-2' }]);
  });
});
