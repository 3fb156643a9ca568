import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config.ts';
import { glueType, sourceTableColumns } from '../../infra/constructs/lake-catalog.ts';
import { synthesize, type SynthesizedApp } from './app-fixture.ts';

const MAPPED = '{"mapped_sources":{"pipedrive":{"files":{"people":{"object":"lead","columns":{"lead_id":"Person ID","created_at":"Added"}}}}}}';

describe('catalog, Athena and the models function', () => {
  let app: SynthesizedApp;
  let tables: Array<Record<string, any>>;
  beforeAll(() => {
    app = synthesize({
      // One mapped CSV source in the config: it gets its own table, like the built-in connectors.
      config: { handoff: parseConfig(JSON.parse(MAPPED)), handoffConfigJson: MAPPED },
    });
    tables = Object.values(app.json('models').Resources).filter((r) => r.Type === 'AWS::Glue::Table').map((r) => r.Properties!['TableInput']);
  });

  it('defines one table per connector object, plus the mapped source, the ingest log and the history', () => {
    expect(tables.map((t) => t.Name).sort()).toEqual([
      'handoff_ingest_log', 'history_definitions', 'history_figures', 'history_records', 'history_restatements',
      'hubspot_campaign', 'hubspot_contact', 'hubspot_deal', 'hubspot_engagement', 'hubspot_owner',
      'marketo_activity', 'marketo_lead', 'marketo_program', 'marketo_program_cost', 'marketo_program_member',
      'pipedrive_lead',
      'salesforce_account', 'salesforce_campaign', 'salesforce_campaign_member', 'salesforce_contact', 'salesforce_event', 'salesforce_lead',
      'salesforce_lead_history', 'salesforce_opportunity', 'salesforce_opportunity_history', 'salesforce_task', 'salesforce_user',
      'spend_campaign_spend',
    ]);
  });

  it("types each column as the lake writes it, ends with the row's origin, and partitions by export date", () => {
    const lead = tables.find((t) => t.Name === 'salesforce_lead')!;
    const columns: Array<{ Name: string; Type: string }> = lead.StorageDescriptor.Columns;
    const type = (name: string) => columns.find((c) => c.Name === name)?.Type;
    expect([type('lead_id'), type('is_deleted'), type('created_at'), type('converted_date'), type('annual_revenue'), type('number_of_employees')])
      .toEqual(['string', 'boolean', 'timestamp', 'date', 'decimal(20,4)', 'bigint']);
    expect(columns.slice(-2)).toEqual([{ Name: 'source_file', Type: 'string' }, { Name: 'source_row_number', Type: 'bigint' }]);
    expect(columns.map((c) => c.Name)).not.toContain('export_date');
    expect(lead.PartitionKeys).toEqual([{ Name: 'export_date', Type: 'date' }]);
    expect(lead.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
  });

  it('projects export_date partitions from the lake layout, so no crawler or repair is needed', () => {
    const lead = tables.find((t) => t.Name === 'salesforce_lead')!;
    expect(lead.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.export_date.type': 'date',
      'projection.export_date.format': 'yyyy-MM-dd',
      'projection.export_date.range': 'NOW-5YEARS,NOW+1DAYS',
      'projection.export_date.interval': '1',
      'projection.export_date.interval.unit': 'DAYS',
    });
    // s3://<lake>/salesforce/lead/export_date=${export_date}/, the lake bucket being another stack's export.
    const template = lead.Parameters['storage.location.template'];
    expect(template['Fn::Join'][1].slice(-1)[0]).toBe('/salesforce/lead/export_date=${export_date}/');
    expect(lead.StorageDescriptor.Location['Fn::Join'][1].slice(-1)[0]).toBe('/salesforce/lead/');
  });

  it('reads the ingest log under _ingest/ with the columns ingest writes', () => {
    const log = tables.find((t) => t.Name === 'handoff_ingest_log')!;
    expect(log.StorageDescriptor.Columns.map((c: { Name: string; Type: string }) => `${c.Name} ${c.Type}`)).toEqual([
      'source string', 'object string', 'source_file string', 'export_date date', 'rows_read bigint', 'rows_loaded bigint', 'rows_quarantined bigint',
      'encoding string', 'error string', 'missing_optional_columns string', 'skipped_entries string', 'notes string',
    ]);
    expect(log.PartitionKeys).toBeUndefined();
    expect(log.StorageDescriptor.Location['Fn::Join'][1].slice(-1)[0]).toBe('/_ingest/');
  });

  it("reads each night's history snapshots under _history/<kind>/ with the columns the night writes", () => {
    const figures = tables.find((t) => t.Name === 'history_figures')!;
    expect(figures.StorageDescriptor.Columns.map((c: { Name: string; Type: string }) => `${c.Name} ${c.Type}`)).toEqual([
      'as_of_date date', 'metric string', 'area string', 'month date', 'breakdown_kind string', 'breakdown string', 'value double', 'closes_on date', 'as_of_at timestamp',
    ]);
    expect(figures.PartitionKeys).toBeUndefined();
    expect(figures.StorageDescriptor.Location['Fn::Join'][1].slice(-1)[0]).toBe('/_history/figures/');
    expect(tables.find((t) => t.Name === 'history_records')!.StorageDescriptor.Location['Fn::Join'][1].slice(-1)[0]).toBe('/_history/records/');
  });

  it('keeps the lake and the models in two databases with generated, Athena-safe names', () => {
    const names = Object.values(app.json('models').Resources).filter((r) => r.Type === 'AWS::Glue::Database').map((r) => r.Properties!['DatabaseInput'].Name as string);
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
    expect(names.map((n) => n.split('_').pop()).sort()).toEqual(['lake', 'models']);
  });

  it('enforces the workgroup: engine 3, SSE-S3 results in the results bucket, and a 100 GB scan cutoff per query', () => {
    app.template('models').hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 107374182400,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        PublishCloudWatchMetricsEnabled: true,
        ResultConfiguration: { OutputLocation: Match.anyValue(), EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
      },
    });
  });

  it('gives the models function the workgroup, both databases, the lake and the config', () => {
    app.template('models').hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'functions/models/index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 600,
      Environment: { Variables: Match.objectLike({ ATHENA_WORKGROUP: Match.anyValue(), GLUE_DATABASE: Match.stringLikeRegexp('_models$'), LAKE_DATABASE: Match.stringLikeRegexp('_lake$'), LAKE_BUCKET: Match.anyValue(), CONFIG_JSON: MAPPED }) },
    });
  });

  it('lets the models function change tables of the models database only', () => {
    const statements = Object.values(app.json('models').Resources).filter((r) => r.Type === 'AWS::IAM::Policy').flatMap((p) => p.Properties!['PolicyDocument'].Statement);
    const creates = statements.filter((s: { Action: string[] }) => [s.Action].flat().includes('glue:CreateTable'));
    expect(creates).toHaveLength(1);
    expect(JSON.stringify(creates[0].Resource)).toMatch(/table\/[a-z0-9_]+_models\/\*/);
    expect(JSON.stringify(creates[0].Resource)).not.toMatch(/_lake/);
  });

  it("lets the models function keep each object's export window under _export_window/ (its plan step reads only the window's partitions)", () => {
    const statements = Object.values(app.json('models').Resources).filter((r) => r.Type === 'AWS::IAM::Policy').flatMap((p) => p.Properties!['PolicyDocument'].Statement);
    const writes = statements.filter((s: { Action: string[] }) => [s.Action].flat().includes('s3:PutObject')).map((s: { Resource: unknown }) => JSON.stringify(s.Resource));
    expect(writes.filter((r: string) => r.includes('/_export_window/*'))).toHaveLength(1);
  });

  it('maps the lake types to Glue: strings are string, the rest keep their names', () => {
    expect(['varchar', 'boolean', 'timestamp', 'date', 'decimal(20,4)', 'bigint'].map(glueType)).toEqual(['string', 'boolean', 'timestamp', 'date', 'decimal(20,4)', 'bigint']);
    expect(sourceTableColumns({ source: 'x', object: 'y', files: [], columns: [{ header: 'A', name: 'a', type: 'id' }, { header: 'N', name: 'n', type: 'integer' }] }))
      .toEqual([{ name: 'a', type: 'string' }, { name: 'n', type: 'bigint' }, { name: 'source_file', type: 'string' }, { name: 'source_row_number', type: 'bigint' }]);
  });
});
