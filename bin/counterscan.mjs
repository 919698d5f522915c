#!/usr/bin/env node
// Installed entry point. Runs the compiled CLI (dist/, built on `npm install`); rebuilds it first
// when a source file is newer (a checkout being worked on), and falls back to transpiling at run
// time only when esbuild is not there to build with.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { relaunchWith } from './relaunch.mjs';

// Node started again with settings that spend less memory than V8's defaults (set for a server's
// speed), and that only count when given at start-up (NODE_OPTIONS refuses the WebAssembly one):
// --liftoff-only: the embedded store's PostgreSQL (20 MB of WebAssembly) stays on baseline code;
//   optimising its hot functions cost 300–500 MB of RSS (the demo peaked at 1 GB) and a core for minutes.
// --max-semi-space-size=8: V8 grows the young generation to 2 × 64 MB under a sweep's allocation
//   rate; capped at 2 × 8 MB it took ~140 MB off the demo's peak for ~5 % more CPU per page.
// --heap-growing-percent=50: after a full collection V8 lets the old generation grow to up to 4 ×
//   what survived; 1.5 × kept a queue worker at ~240 MB instead of ~380 MB for the same CPU per page.
// MALLOC_ARENA_MAX=2: glibc gives each thread that allocates (libvips, libuv's pool) an arena of
//   its own, which keeps what was freed; two arenas took ~45 MB off the demo's peak.
await relaunchWith(['--liftoff-only', '--max-semi-space-size=8', '--heap-growing-percent=50'], {
  MALLOC_ARENA_MAX: '2',
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'BUILT');
const SOURCES = ['crawler', 'shared', 'demo'];

function newerThan(path, time) {
  if (!existsSync(path)) return false;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs > time;
  return readdirSync(path).some((f) => newerThan(join(path, f), time));
}

function fresh() {
  if (!existsSync(built)) return false;
  const time = statSync(built).mtimeMs;
  return !SOURCES.some((dir) => newerThan(join(root, dir), time));
}

if (!fresh()) {
  try {
    await (await import('./build-cli.mjs')).buildCli();
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    // No esbuild (a production install without dev tools): transpile at run time.
    const { register } = await import('tsx/esm/api');
    register();
    await import('../crawler/cli.ts');
    process.exit(process.exitCode ?? 0);
  }
}
await import(pathToFileURL(join(root, 'dist', 'cli.js')).href);
