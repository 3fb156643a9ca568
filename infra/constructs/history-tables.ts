import { Aws } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct, type IDependable } from 'constructs';
import { lakeTableName } from '../../functions/core/athena-lake.ts';
import { HISTORY_COLUMNS, HISTORY_KINDS } from '../../functions/core/history.ts';

export interface HistoryTablesProps {
  /** The lake bucket whose `_history/` the tables read. */
  readonly lakeBucket: IBucket;
  /** The lake's Glue database (`LAKE_DATABASE`), where models look up `source('history', …)`. */
  readonly databaseName: string;
  /** The database resource, created before the tables. */
  readonly database: IDependable;
}

/**
 * The lake's history as Glue tables: `history_figures`, `history_records` and `history_definitions`, each over
 * `_history/<kind>/` (one folder per night, `as_of=<day>/`, with the night in the `as_of_date` column), so the models
 * on Athena read the snapshots of earlier nights as DuckDB does.
 */
export class HistoryTables extends Construct {
  readonly tableNames: string[] = [];

  constructor(scope: Construct, id: string, props: HistoryTablesProps) {
    super(scope, id);
    for (const kind of HISTORY_KINDS) {
      const name = lakeTableName('history', kind);
      const table = new CfnTable(this, `Table-${kind}`, {
        catalogId: Aws.ACCOUNT_ID,
        databaseName: props.databaseName,
        tableInput: {
          name,
          description: `Handoff history: the ${kind} of each night's snapshot, one folder per night`,
          tableType: 'EXTERNAL_TABLE',
          parameters: { classification: 'parquet', EXTERNAL: 'TRUE' },
          // Athena reads every file under the location, sub-folders included.
          storageDescriptor: {
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
            location: `s3://${props.lakeBucket.bucketName}/_history/${kind}/`,
            columns: HISTORY_COLUMNS[kind].map(([column, type]) => ({ name: column, type: type === 'varchar' ? 'string' : type })),
          },
        },
      });
      table.node.addDependency(props.database);
      this.tableNames.push(name);
    }
  }
}
