// The benchmark's streaming ZIP writer: what it writes, the ingest's own ZIP reader reads back.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { zipFile } from '../../bench/zip-file.ts';
import { readZip } from '../../functions/ingest/archives.ts';

describe('zipFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-zip-file-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one deflated entry with its CRC and sizes after the data, readable entry for entry', async () => {
    // Prepare: 3,000 lines of "Id,Name\n…" (the header is 8 bytes, each line "n,Name n\n")
    const csv = `Id,Name\n${Array.from({ length: 3000 }, (_, i) => `${i},Name ${i}\n`).join('')}`;
    writeFileSync(join(dir, 'in.csv'), csv);

    // Act
    const size = await zipFile(join(dir, 'in.csv'), 'Lead.csv', join(dir, 'out.zip'));

    // Assess: 30 + 8 (local header, name) + data + 16 (descriptor) + 46 + 8 (directory) + 22 (end) bytes
    expect(size).toBe(statSync(join(dir, 'out.zip')).size);
    const seen: Array<{ name: string; uncompressedSize: number; compressedSize: number }> = [];
    await readZip(join(dir, 'out.zip'), async (entry) => {
      seen.push({ name: entry.name, uncompressedSize: entry.uncompressedSize, compressedSize: entry.compressedSize });
      await entry.extractTo(join(dir, 'back.csv'), entry.uncompressedSize);
    });
    expect(seen).toEqual([{ name: 'Lead.csv', uncompressedSize: Buffer.byteLength(csv), compressedSize: size - 30 - 8 - 16 - 46 - 8 - 22 }]);
    // extractTo checks the CRC-32 against the directory's; the bytes are the input's.
    expect(readFileSync(join(dir, 'back.csv'), 'utf8')).toBe(csv);
  });
});
