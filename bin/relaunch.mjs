// Starts the CLI again in a child node process with V8 flags that only count when given at start-up
// (NODE_OPTIONS refuses the WebAssembly ones). The launcher stays as thin as a node process gets: it
// forwards signals and hands back the child's exit code or signal. The child mirrors it (see below).
import { spawn } from 'node:child_process';

const MARK = 'COUNTERSCAN_RELAUNCHED';
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** A signal the child gets twice (from the terminal or its process group, and from the launcher) is one signal. */
const SAME_SIGNAL_MS = 1000;
const PARENT_CHECK_MS = 500;

/**
 * In the launcher: runs this script again with `flags` (and `env` where the environment does not
 * already say otherwise) and resolves to never (the launcher exits as
 * the child does); in the child: undefined, so the caller goes on to run the CLI. A process already
 * started with every flag runs the CLI itself.
 */
export function relaunchWith(flags, env = {}) {
  if (process.env[MARK]) return asRelaunched();
  if (flags.every((f) => process.execArgv.includes(f))) return undefined;
  const child = spawn(process.execPath, [...flags, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...env, ...process.env, [MARK]: String(process.pid) },
  });
  const forward = (signal) => {
    try {
      child.kill(signal);
    } catch {
      // already gone: its exit is on its way
    }
  };
  for (const s of FORWARDED) process.on(s, forward);
  return new Promise(() => {
    child.once('error', (err) => {
      console.error(`counterscan: could not start node again with ${flags.join(' ')}: ${err.message}`);
      process.exit(1);
    });
    child.once('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      // Die of the same signal, so a shell or supervisor sees what the command itself died of.
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}

/**
 * The child: a signal that reaches it twice at once (Ctrl-C goes to the terminal's whole process
 * group, and the launcher forwards it too) is handled once — a command's `process.once` handler
 * would otherwise be followed by the default action of the copy, cutting a graceful stop short. A
 * signal no command listens for still ends the process, as by default. And when the launcher is
 * killed outright (SIGKILL cannot be forwarded), the child goes with it.
 */
function asRelaunched() {
  const launcher = Number(process.env[MARK]);
  // Commands this one starts relaunch themselves.
  delete process.env[MARK];
  for (const signal of FORWARDED) {
    let last = -Infinity;
    const once = () => {
      const now = performance.now();
      const copy = now - last < SAME_SIGNAL_MS;
      last = now;
      if (copy || process.listenerCount(signal) > 1) return;
      process.off(signal, once);
      process.kill(process.pid, signal);
    };
    process.on(signal, once);
  }
  setInterval(() => {
    if (process.ppid !== launcher) process.kill(process.pid, 'SIGKILL');
  }, PARENT_CHECK_MS).unref();
  return undefined;
}
