#!/usr/bin/env node
// Installed entry point. Runs the compiled CLI (dist/, built on `npm install`); rebuilds it first
// when a source file is newer (a checkout being worked on), and falls back to transpiling at run
// time only when esbuild is not there to build with.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
