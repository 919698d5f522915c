#!/usr/bin/env node
// Compiles the CLI to dist/ (esbuild: one chunk per command, dependencies left to node_modules),
// so a command starts without a TypeScript transpiler and loads only what it runs. Runs on
// `npm install` (prepare) and whenever bin/counterscan.mjs finds dist/ older than the sources.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');

export async function buildCli() {
  rmSync(out, { recursive: true, force: true });
  const { metafile } = await build({
    entryPoints: {
      cli: join(root, 'crawler/cli.ts'),
      'build-pglite-template': join(root, 'crawler/store/build-pglite-template.ts'),
      // The embedded store's thread: pglite-thread.ts starts it as `./pglite-worker.js` beside its own chunk.
      'chunks/pglite-worker': join(root, 'crawler/store/pglite-worker.ts'),
    },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    // migrate.ts finds its SQL files with `new URL('./migrations/', import.meta.url)`: beside its chunk.
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    absWorkingDir: root,
  });
  const outputs = Object.entries(metafile.outputs);
  const starter = outputs.find(([, o]) => 'crawler/store/pglite-thread.ts' in o.inputs)?.[0];
  if (!starter || dirname(starter) !== dirname(relative(root, join(out, 'chunks/pglite-worker.js'))))
    throw new Error(`build-cli: pglite-thread.ts went to ${starter}, not beside chunks/pglite-worker.js`);
  cpSync(join(root, 'crawler/store/migrations'), join(out, 'chunks/migrations'), { recursive: true });
  writeFileSync(join(out, 'BUILT'), `${new Date().toISOString()}\n`);
  // The embedded store's initdb template, once per user and PGlite version (crawler/store/pglite-template.ts).
  // Its own process: initdb's peak memory is not the build's. Without it a store still opens, only slower.
  spawnSync(process.execPath, [join(out, 'build-pglite-template.js')], { stdio: 'inherit' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
