import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/**
 * Removes the files of earlier runs under `_models/<table>/<run-id>/` once a run has succeeded:
 * DROP TABLE leaves a table's files behind, and each run writes a fresh folder, so without this
 * the lake would keep a full copy of every model per night. Only runs that sort before the
 * current one (run ids start with their UTC time) are removed, never the current or a later one.
 */
export async function pruneEarlierRuns(s3: S3Client, bucket: string, currentRunId: string): Promise<{ runs: string[]; objects: number }> {
  const stale: string[] = [];
  const runs = new Set<string>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: '_models/', ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) {
      const run = /^_models\/[a-z0-9_]+\/([A-Za-z0-9_-]+)\//.exec(object.Key ?? '')?.[1];
      if (run && run < currentRunId) {
        stale.push(object.Key!);
        runs.add(run);
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  for (let i = 0; i < stale.length; i += 1000) {
    const result = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: stale.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    if (result.Errors?.length) {
      const [first] = result.Errors;
      throw new Error(`could not remove ${result.Errors.length} files of earlier model runs from s3://${bucket}/_models/ (first: ${first!.Key}: ${first!.Code} ${first!.Message}); check the models function may delete there`);
    }
  }
  return { runs: [...runs].sort(), objects: stale.length };
}
