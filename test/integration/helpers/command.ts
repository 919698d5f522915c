/**
 * Running `counterscan` as a separate process, as a user would: from source (tsx) or through the installed
 * entry point, with an environment that carries none of the test run's own settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * This process's environment without what would leak into a child and change what it does: our own settings,
 * vitest's, NODE_OPTIONS (vitest's loaders) and the shared Redis/PostgreSQL a developer's shell may point at.
 * A test names every setting its command needs in `extra`.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('COUNTERSCAN_') || k.startsWith('VITEST')) continue;
    if (k === 'NODE_OPTIONS' || k === 'DATABASE_URL' || k === 'REDIS_URL') continue;
    base[k] = v;
  }
  return { ...base, NO_COLOR: '1', ...extra };
}

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `source` runs crawler/cli.ts through tsx; `installed` runs bin/counterscan.mjs (built dist/). */
export type Entry = 'source' | 'installed';
const ENTRY_ARGS: Record<Entry, string[]> = {
  source: ['--import', 'tsx', 'crawler/cli.ts'],
  installed: ['bin/counterscan.mjs'],
};

/** Starts a command; `done` resolves with its exit code and everything it printed. */
export function startCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  entry: Entry = 'source',
): { child: ChildProcess; done: Promise<CommandRun>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [...ENTRY_ARGS[entry], ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CommandRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

export const runCommand = (args: string[], env: NodeJS.ProcessEnv, entry: Entry = 'source') =>
  startCommand(args, env, entry).done;

/**
 * Starts a long-running command (`api`, `serve`) and resolves once what it printed matches `ready`, its
 * banner; rejects with everything it printed when it exits first or takes longer than `timeoutMs`.
 */
export function startServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  o: { entry?: Entry; ready: RegExp; timeoutMs: number },
): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  const { child, stdout, stderr } = startCommand(args, env, o.entry);
  const output = () => stdout() + stderr();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start: ${output()}`)), o.timeoutMs);
    const check = () => {
      const match = o.ready.exec(stdout());
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({ child, match, output });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}: ${output()}`));
    });
  });
}
