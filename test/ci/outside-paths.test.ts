import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHECK = fileURLToPath(new URL('../../.ci/outside-paths.mjs', import.meta.url));
// Paths are assembled so that this test file itself names no outside path.
const up = (steps: number) => '../'.repeat(steps);
const WORKPLACE = ['', 'work', 'main', 'bench', 'baseline.ts'].join('/');

/** A throwaway git repository holding the given files (all tracked). */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'handoff-outside-paths-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  execFileSync('git', ['init', '-q', root]);
  execFileSync('git', ['-C', root, 'add', '.']);
  return root;
}

function check(root: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [CHECK, root], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('.ci/outside-paths.mjs', () => {
  it('passes paths that stay inside the repository, system programs and temporary folders', () => {
    const root = repository({
      'README.md': 'See [the definitions](docs/definitions.md) and [the fixtures](test/fixtures/README.md).\n',
      'test/functions/ingest/ingest.test.ts': `const FIXTURES = new URL('${up(2)}fixtures/exports/', import.meta.url);\n`,
      'site/scripts/chromium.ts': "const SYSTEM = '/usr/bin/chromium'; const WORK = '/tmp/handoff-bench';\n",
    });
    expect(check(root)).toEqual({ status: 0, output: 'No tracked file refers to a path outside the repository.\n' });
  });

  it('fails on a folder beside the clone and on a workplace path, naming each file and line', () => {
    const root = repository({
      'README.md': `# Demo\n\nThe specification is in \`${up(1)}shared/spec/domain.md\`.\n`,
      'test/functions/ingest/ingest.test.ts': `// samples\nconst SAMPLES = new URL('${up(4)}shared/samples/', import.meta.url);\n`,
      'bench/results/run.json': `{ "command": ["${WORKPLACE}"] }\n`,
      'docs/ok.md': `[up one](${up(1)}README.md)\n`,
    });
    const { status, output } = check(root);
    expect(status).toBe(1);
    expect(output.split('\n').slice(0, 4)).toEqual([
      "3 reference(s) to paths outside the repository (a user's clone has only the repository):",
      `  README.md:3: ${up(1)}shared/spec/domain.md`,
      `  bench/results/run.json:1: ${WORKPLACE}`,
      `  test/functions/ingest/ingest.test.ts:2: ${up(4)}shared/samples/`,
    ]);
  });

  it('finds nothing outside in this repository', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    expect(check(root).status).toBe(0);
  });
});
