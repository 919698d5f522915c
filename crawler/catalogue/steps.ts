import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A long job written as a generator: each `yield` marks a point where the
 * caller may let other work run. The CLI runs it straight through
 * (`runSync`); the API runs it in time slices (`runSliced`) so a 60 MB
 * catalogue never holds the event loop for more than a few milliseconds.
 */
export type Steps<T> = Generator<void, T, void>;

export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs `steps`, giving the event loop a turn whenever `sliceMs` of work has passed since the last one. */
export async function runSliced<T>(steps: Steps<T>, sliceMs = 4): Promise<T> {
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - start >= sliceMs) {
      await nextTurn();
      start = performance.now();
    }
  }
}
