import { PassThrough, Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import yauzl from 'yauzl';
import type { S3ObjectRef } from './s3-event.ts';

/**
 * Small reads (the central directory, each entry's local header) are served from one block
 * fetched ahead: a directory of 10,000 entries then costs a few requests, not 20,000.
 */
const READ_AHEAD_BYTES = 256 * 1024;

/** The exact version read by every range: pinned by version id, else by ETag (S3 answers 412 if the key was overwritten meanwhile). */
export interface PinnedObject extends S3ObjectRef {
  size: number;
}

/**
 * A ZIP archive in S3 read in place with ranged GETs (yauzl's RandomAccessReader), so a
 * multi-GB Data Export never lands in /tmp: only the entry being loaded does. Any S3 failure is
 * kept in `failure`: yauzl reports it as a broken archive, but it is a failure of the transfer,
 * which the caller re-throws so the message is retried, never recorded as a bad file.
 */
export class S3ZipReader extends yauzl.RandomAccessReader {
  readonly size: number;
  /** The first S3 request that failed, if any. */
  failure: Error | undefined;
  readonly #s3: S3Client;
  readonly #object: PinnedObject;
  #block: { start: number; data: Buffer } | undefined;

  constructor(s3: S3Client, object: PinnedObject) {
    super();
    this.#s3 = s3;
    this.#object = object;
    this.size = object.size;
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    this.#get(start, end).then(
      (body) => {
        body.on('error', (error: Error) => out.destroy(this.#fail(error)));
        body.pipe(out);
      },
      (error: Error) => out.destroy(error),
    );
    return out;
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null, bytesRead?: number) => void): void {
    if (length > READ_AHEAD_BYTES) return super.read(buffer, offset, length, position, callback);
    this.#blockFor(position, length).then(
      (block) => {
        const copied = block.data.copy(buffer, offset, position - block.start, position - block.start + length);
        callback(null, copied);
      },
      (error: Error) => callback(error),
    );
  }

  async #blockFor(position: number, length: number): Promise<{ start: number; data: Buffer }> {
    const cached = this.#block;
    if (cached && position >= cached.start && position + length <= cached.start + cached.data.length) return cached;
    const end = Math.min(this.size, position + Math.max(length, READ_AHEAD_BYTES));
    const body = await this.#get(position, end);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
    } catch (error) {
      throw this.#fail(error as Error);
    }
    this.#block = { start: position, data: Buffer.concat(chunks) };
    return this.#block;
  }

  /** One ranged GET of `[start, end)` of the pinned version. */
  async #get(start: number, end: number): Promise<Readable> {
    const { bucket, key, versionId, etag } = this.#object;
    try {
      const response = await this.#s3.send(new GetObjectCommand({
        Bucket: bucket, Key: key, Range: `bytes=${start}-${end - 1}`,
        ...(versionId ? { VersionId: versionId } : etag ? { IfMatch: `"${etag.replace(/^"|"$/g, '')}"` } : {}),
      }));
      if (!(response.Body instanceof Readable)) throw new Error('the response has no readable body');
      return response.Body;
    } catch (error) {
      throw this.#fail(error as Error);
    }
  }

  #fail(error: Error): Error {
    this.failure ??= error;
    return error;
  }
}
