import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkOrCopy } from '../../../functions/core/files.ts';

describe('linkOrCopy', () => {
  it('links a file on the same disk (one inode, two names), replacing what the target held', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'handoff-link-'));
    writeFileSync(join(dir, 'a.parquet'), 'rows');
    writeFileSync(join(dir, 'b.parquet'), 'an older file');

    // Act
    linkOrCopy(join(dir, 'a.parquet'), join(dir, 'b.parquet'));

    // Assess
    expect(statSync(join(dir, 'b.parquet')).ino).toBe(statSync(join(dir, 'a.parquet')).ino);
    expect(statSync(join(dir, 'a.parquet')).nlink).toBe(2);
    expect(readFileSync(join(dir, 'b.parquet'), 'utf8')).toBe('rows');
  });

  it('copies a file to another disk, where no link can be made (the system temp folder to /dev/shm, a memory disk)', () => {
    // Prepare: two file systems
    const dir = mkdtempSync(join(tmpdir(), 'handoff-copy-'));
    const other = mkdtempSync('/dev/shm/handoff-copy-');
    expect(statSync(other).dev).not.toBe(statSync(dir).dev);
    writeFileSync(join(dir, 'a.parquet'), 'rows');

    // Act
    linkOrCopy(join(dir, 'a.parquet'), join(other, 'a.parquet'));
    const copied = readFileSync(join(other, 'a.parquet'), 'utf8');
    const links = statSync(join(dir, 'a.parquet')).nlink;
    rmSync(other, { recursive: true, force: true });

    // Assess: the same bytes, and the source still has its one name
    expect(copied).toBe('rows');
    expect(links).toBe(1);
  });
});
