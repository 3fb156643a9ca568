import { Aws, Names, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LAKE_TYPES, type ObjectSpec } from '../../functions/core/catalogue.ts';
import { acknowledgeWildcardResource } from '../nag.ts';
import { HistoryTables } from './history-tables.ts';
import { LAKE_PREFIXES } from './lake-storage.ts';

export interface LakeCatalogProps {
  /** The Parquet lake the source tables read. */
  readonly lakeBucket: IBucket;
  /** Every connector object, by source (`connectorsFor(config)`): one table each. */
  readonly connectors: Record<string, ObjectSpec[]>;
  /** Export dates partition projection considers. Default `NOW-5YEARS,NOW+1DAYS`. */
  readonly exportDateRange?: string;
}

/** A Glue column: name and Hive type. */
export interface GlueColumn {
  name: string;
  type: string;
}

/** The lake's SQL types as Glue (Hive) writes them; identical but for strings. */
export function glueType(lakeType: string): string {
  return lakeType === 'varchar' ? 'string' : lakeType;
}

/** A source table's columns: the object's lake columns in order, then where each row came from. */
export function sourceTableColumns(spec: ObjectSpec): GlueColumn[] {
  const columns = spec.columns.map((c) => ({ name: c.name, type: glueType(LAKE_TYPES[c.type]) }));
  const names = new Set<string>();
  for (const column of columns) {
    if (names.has(column.name)) throw new Error(`${spec.source}.${spec.object} names the lake column ${column.name} twice; a Glue table cannot hold it`);
    names.add(column.name);
  }
  return [...columns, { name: 'source_file', type: 'string' }, { name: 'source_row_number', type: 'bigint' }];
}

/** The ingest log's columns, as ingest writes them (`_ingest/<source>/<object>/export_date=<d>/<file>.parquet`). */
export const INGEST_LOG_COLUMNS: GlueColumn[] = [
  { name: 'source', type: 'string' },
  { name: 'object', type: 'string' },
  { name: 'source_file', type: 'string' },
  { name: 'export_date', type: 'date' },
  { name: 'rows_read', type: 'bigint' },
  { name: 'rows_loaded', type: 'bigint' },
  { name: 'rows_quarantined', type: 'bigint' },
  { name: 'encoding', type: 'string' },
  { name: 'error', type: 'string' },
  { name: 'missing_optional_columns', type: 'string' },
  { name: 'skipped_entries', type: 'string' },
  { name: 'notes', type: 'string' },
];

/** Name of a source table in the lake database: `<source>_<object>`. */
export function sourceTableName(spec: Pick<ObjectSpec, 'source' | 'object'>): string {
  return `${spec.source}_${spec.object}`;
}

export const INGEST_LOG_TABLE = 'handoff_ingest_log';

const PARQUET = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
};

/**
 * The Glue Data Catalog over the lake: a database with one table per connector object
 * (`<source>_<object>`, partitioned by `export_date` with partition projection, so a new export
 * date is queryable the moment its files land, with no crawler and no MSCK REPAIR) and the ingest
 * log; and a second, empty database that the models function fills with model tables.
 */
export class LakeCatalog extends Construct {
  /** Database of the lake's source tables and ingest log (`LAKE_DATABASE`). */
  readonly lakeDatabaseName: string;
  /** Database the models, seeds and data test results are written to (`GLUE_DATABASE`). */
  readonly modelsDatabaseName: string;
  readonly tableNames: string[] = [];

  constructor(scope: Construct, id: string, props: LakeCatalogProps) {
    super(scope, id);
    const range = props.exportDateRange ?? 'NOW-5YEARS,NOW+1DAYS';
    // Generated, stable names; Athena writes them unquoted in DDL, so lower-case letters, digits and _.
    this.lakeDatabaseName = glueName(this, 'lake');
    this.modelsDatabaseName = glueName(this, 'models');
    const lakeDb = new CfnDatabase(this, 'LakeDatabase', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: this.lakeDatabaseName, description: 'Handoff lake: one table per exported CRM object, partitioned by export date, and the ingest log' },
    });
    new CfnDatabase(this, 'ModelsDatabase', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: this.modelsDatabaseName, description: 'Handoff models: staging, intermediate and mart tables the models function builds each night' },
    });

    const lake = `s3://${props.lakeBucket.bucketName}`;
    for (const specs of Object.values(props.connectors)) {
      for (const spec of specs) {
        if (spec.notUsed) continue;
        const name = sourceTableName(spec);
        const location = `${lake}/${spec.source}/${spec.object}/`;
        const table = new CfnTable(this, `Table-${name}`, {
          catalogId: Aws.ACCOUNT_ID,
          databaseName: this.lakeDatabaseName,
          tableInput: {
            name,
            description: `${spec.source} ${spec.object} rows as loaded from each export file, one partition per export date`,
            tableType: 'EXTERNAL_TABLE',
            partitionKeys: [{ name: 'export_date', type: 'date' }],
            parameters: {
              'classification': 'parquet',
              'EXTERNAL': 'TRUE',
              'projection.enabled': 'true',
              'projection.export_date.type': 'date',
              'projection.export_date.format': 'yyyy-MM-dd',
              'projection.export_date.range': range,
              'projection.export_date.interval': '1',
              'projection.export_date.interval.unit': 'DAYS',
              'storage.location.template': `${location}export_date=\${export_date}/`,
            },
            storageDescriptor: { ...PARQUET, location, columns: sourceTableColumns(spec) },
          },
        });
        table.node.addDependency(lakeDb);
        this.tableNames.push(name);
      }
    }
    const log = new CfnTable(this, 'IngestLog', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.lakeDatabaseName,
      tableInput: {
        name: INGEST_LOG_TABLE,
        description: 'One row per export file loaded: rows read, loaded and quarantined, encoding, error',
        tableType: 'EXTERNAL_TABLE',
        parameters: { classification: 'parquet', EXTERNAL: 'TRUE' },
        // Athena reads every file under the location, sub-folders included.
        storageDescriptor: { ...PARQUET, location: `${lake}/${LAKE_PREFIXES.ingestLog}`, columns: INGEST_LOG_COLUMNS },
      },
    });
    log.node.addDependency(lakeDb);
    this.tableNames.push(INGEST_LOG_TABLE);
    const history = new HistoryTables(this, 'History', { lakeBucket: props.lakeBucket, databaseName: this.lakeDatabaseName, database: lakeDb });
    this.tableNames.push(...history.tableNames);
  }

  /** Lets the role read the lake database's tables (Athena looks them up as the caller). */
  grantReadLakeTables(role: IRole): void {
    this.allow(role, ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'], this.lakeDatabaseName, 'read');
  }

  /** Lets the role read the models database's tables (the site-data step queries the marts). */
  grantReadModelTables(role: IRole): void {
    this.allow(role, ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'], this.modelsDatabaseName, 'read');
  }

  /** Lets the role create, replace and drop tables in the models database (CTAS, DROP TABLE). */
  grantManageModelTables(role: IRole): void {
    this.allow(role, [
      'glue:GetDatabase', 'glue:GetDatabases', 'glue:UpdateDatabase',
      'glue:GetTable', 'glue:GetTables', 'glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable', 'glue:BatchDeleteTable',
      'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition',
    ], this.modelsDatabaseName, 'manage');
  }

  private allow(role: IRole, actions: string[], database: string, access: 'read' | 'manage'): void {
    const stack = Stack.of(this);
    const catalog = stack.formatArn({ service: 'glue', resource: 'catalog' });
    const db = stack.formatArn({ service: 'glue', resource: 'database', resourceName: database });
    const tables = stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${database}/*` });
    role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [catalog, db, tables] }));
    acknowledgeWildcardResource(role, tables, access === 'read'
      ? `Athena looks up any table of the ${database === this.lakeDatabaseName ? 'lake' : 'models'} database as the caller; the tables are one per connector object or model, so the ARN names the database and not each table; read actions only.`
      : 'The models function creates, replaces and drops one table per SQL model (names come from sql/, and change as models are added); the wildcard covers tables of the models database only, never the lake\'s.');
  }
}

/** A Glue database name from the construct path: lower-case, `_`-separated, unique in the app. */
function glueName(scope: Construct, suffix: string): string {
  return `${Names.uniqueResourceName(scope, { maxLength: 200, separator: '_' })}_${suffix}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}
