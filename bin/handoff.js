#!/usr/bin/env node
// Handoff targets Node 24; many machines still run older Node. This shim re-runs the CLI on the
// Node 24 binary pinned in devDependencies when the current one is older, so `npx handoff` works anyway.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../functions/cli.ts', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
let node = process.execPath;
if (major < 24) {
  try {
    node = createRequire(import.meta.url).resolve('node/bin/node');
  } catch {
    console.error(`handoff needs Node 24 or newer (this is ${process.version}); run npm install to get the pinned one.`);
    process.exit(1);
  }
}
const result = spawnSync(node, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
