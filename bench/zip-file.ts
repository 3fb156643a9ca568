// A one-entry ZIP written as it streams, for the Lambda benchmark's Data Export archive: the entry
// is deflated chunk by chunk and its CRC and sizes follow it in a data descriptor (general purpose
// bit 3), as streaming writers such as Java's ZipOutputStream write them. Memory stays flat
// whatever the file's size. No ZIP64: entries stay under 4 GiB.
import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { createDeflateRaw, crc32 } from 'node:zlib';

const MAX_BYTES = 0xffffffff;
const FLAGS = 0x0808; // bit 3: sizes in a data descriptor; bit 11: UTF-8 name
const DEFLATE = 8;
const DOS_DATE_1980 = 0x21;

/** Writes `to` as a ZIP holding `file` under `entryName`; returns the archive's size in bytes. */
export async function zipFile(file: string, entryName: string, to: string): Promise<number> {
  if (statSync(file).size > MAX_BYTES) throw new Error(`${file} is 4 GiB or more; this writer has no ZIP64`);
  const name = Buffer.from(entryName, 'utf8');
  const out = await open(to, 'w');
  try {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(FLAGS, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(DOS_DATE_1980, 12);
    local.writeUInt16LE(name.length, 26);
    await out.write(Buffer.concat([local, name]));
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        done(null, chunk);
      },
    });
    for await (const chunk of createReadStream(file).pipe(measure).pipe(createDeflateRaw()) as AsyncIterable<Buffer>) {
      compressed += chunk.length;
      await out.write(chunk);
    }
    if (compressed > MAX_BYTES) throw new Error(`${file} deflates to 4 GiB or more; this writer has no ZIP64`);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(FLAGS, 8);
    central.writeUInt16LE(DEFLATE, 10);
    central.writeUInt16LE(DOS_DATE_1980, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressed, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    // Relative offset of the local header: 0, the one entry starts the archive.
    const directoryOffset = local.length + name.length + compressed + descriptor.length;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12);
    end.writeUInt32LE(directoryOffset, 16);
    await out.write(Buffer.concat([descriptor, central, name, end]));
    return directoryOffset + central.length + name.length + end.length;
  } finally {
    await out.close();
  }
}
