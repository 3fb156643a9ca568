#!/usr/bin/env node
// Fails when a tracked file refers to a path outside the repository, because a user's clone has
// only the repository: a relative path that climbs above the repository root (a folder beside the
// clone, or four `..` steps from a test three folders down), or an absolute path into a home or
// workplace folder (/work, /home, /Users, /root, /mnt). System and temporary folders (/usr/bin,
// /tmp) are where the tool finds installed programs or writes its output, so they are allowed.
// Plain JavaScript on purpose: CI runs it before `npm ci`, on whatever Node the machine has.
// Usage: node .ci/outside-paths.mjs [repository folder]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

const RELATIVE = /[\w@.\-/]*\.\.\/[\w@.\-/]*/g;
const ABSOLUTE = /(?<![\w.\-/])\/(?:work|home|Users|root|mnt)\/[\w.\-/]*/g;

/** The tracked files of the repository at root, as git lists them. */
function trackedFiles(root) {
  return execFileSync('git', ['-C', root, 'ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
}

/** Whether a relative path written in file lands outside the repository once resolved from the file's folder. */
function climbsOut(file, written) {
  const resolved = posix.normalize(posix.join(posix.dirname(file), written.replace(/^\.{3,}/, '')));
  return resolved === '..' || resolved.startsWith('../');
}

/** Every outside path in one file's text, as "file:line: path". */
function findingsIn(file, text) {
  const findings = [];
  text.split('\n').forEach((line, index) => {
    for (const [written] of line.matchAll(RELATIVE)) {
      if (!written.startsWith('/') && climbsOut(file, written)) findings.push(`${file}:${index + 1}: ${written}`);
    }
    for (const [written] of line.matchAll(ABSOLUTE)) findings.push(`${file}:${index + 1}: ${written}`);
  });
  return findings;
}

const root = process.argv[2] ?? process.cwd();
const findings = [];
for (const file of trackedFiles(root)) {
  let bytes;
  try {
    bytes = readFileSync(join(root, file));
  } catch {
    continue; // deleted in the work tree but still tracked: nothing to read
  }
  if (bytes.subarray(0, 8000).includes(0)) continue; // binary (images, archives)
  findings.push(...findingsIn(file, bytes.toString('utf8')));
}

if (findings.length > 0) {
  console.log(`${findings.length} reference(s) to paths outside the repository (a user's clone has only the repository):`);
  for (const finding of findings) console.log(`  ${finding}`);
  console.log('Copy what is needed into the repository (test fixtures, docs/) and refer to it there.');
  process.exit(1);
}
console.log('No tracked file refers to a path outside the repository.');
