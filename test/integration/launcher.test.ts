/**
 * bin/relaunch.mjs: the CLI runs in a child node started with V8 flags that only count at start-up.
 * The child gets the flags and the environment defaults (the caller's environment wins), the
 * launcher hands back its exit code, a SIGTERM to the launcher or to its whole process group stops
 * the child once and gracefully, and a launcher killed outright takes the child with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'test/fixtures/cli/relaunched.mjs');

interface Started {
  launcher: ChildProcess;
  output: () => string;
  /** What the relaunched child printed about itself. */
  child: Promise<{ pid: number; execArgv: string[]; env: Record<string, string | undefined> }>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const groups: number[] = [];
afterEach(() => {
  // Whatever a failing test left running: the launcher's group holds the child too.
  for (const pgid of groups.splice(0))
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
});

function start(args: string[] = [], env: Record<string, string> = {}): Started {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(COUNTERSCAN_|NODE_OPTIONS$|RELAUNCH_TEST_)/.test(k)),
  );
  // Its own process group, as a shell gives a job, so the test can signal the group as a terminal does.
  const launcher = spawn(process.execPath, [FIXTURE, ...args], { env: { ...clean, ...env }, detached: true });
  groups.push(launcher.pid!);
  let out = '';
  launcher.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  launcher.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const child = new Promise<Awaited<Started['child']>>((resolve) => {
    const check = () => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
      else setTimeout(check, 20);
    };
    check();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    launcher.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { launcher, output: () => out, child, exit };
}

/** Whether the process runs (a zombie no reaper collected counts as gone). */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  const state = readFileSync(stat, 'utf8').split(') ')[1]?.[0];
  return state !== 'Z' && state !== 'X';
}

async function until(what: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (what()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return what();
}

// Linux only: the test reads each process's state from /proc/<pid>/stat, which other systems lack.
describe.skipIf(process.platform !== 'linux')('the launcher (bin/relaunch.mjs)', () => {
  it('starts the child with the flags and the environment defaults, the caller’s environment first', async () => {
    const s = start([], { RELAUNCH_TEST_KEPT: 'caller' });
    const child = await s.child;
    expect(child.pid).not.toBe(s.launcher.pid);
    expect(child.execArgv).toContain('--max-semi-space-size=4');
    expect(child.env).toEqual({
      RELAUNCH_TEST_DEFAULT: 'set',
      RELAUNCH_TEST_KEPT: 'caller',
      // The mark is the child's own: what it starts relaunches itself.
      COUNTERSCAN_RELAUNCHED: undefined,
    });
    s.launcher.kill('SIGTERM');
    expect(await s.exit).toEqual({ code: 0, signal: null });
  });

  it('hands back the exit code', async () => {
    const s = start(['exit', '3']);
    expect(await s.exit).toEqual({ code: 3, signal: null });
  });

  it('a SIGTERM to the launcher stops the child gracefully, and the launcher exits as it did', async () => {
    const s = start();
    const { pid } = await s.child;
    s.launcher.kill('SIGTERM');
    expect(await s.exit).toEqual({ code: 0, signal: null });
    expect(s.output()).toMatch(/stopping\nstopped\n/);
    expect(running(pid)).toBe(false);
  });

  it('a SIGTERM to the process group (both get it) is one signal to the child, not two that kill it', async () => {
    const s = start();
    await s.child;
    process.kill(-s.launcher.pid!, 'SIGTERM');
    expect(await s.exit).toEqual({ code: 0, signal: null });
    expect(s.output()).toMatch(/stopping\nstopped\n/);
  });

  it('the child goes when the launcher is killed outright', async () => {
    const s = start();
    const { pid } = await s.child;
    s.launcher.kill('SIGKILL');
    await s.exit;
    expect(await until(() => !running(pid), 3_000)).toBe(true);
  });
});
