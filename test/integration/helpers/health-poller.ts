import { Worker } from 'node:worker_threads';

/** Plain JS for the worker: it has its own event loop, so it measures the server's stalls, not its own. */
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const latencies = [];
let running = true;
parentPort.on('message', () => { running = false; });
(async () => {
  parentPort.postMessage('started');
  while (running) {
    const t = performance.now();
    try {
      const res = await fetch(workerData.url + '/health');
      await res.arrayBuffer();
    } catch {}
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, workerData.everyMs));
  }
  parentPort.postMessage(latencies);
})();
`;

export interface HealthPoller {
  /** Stops polling; the latency of every answer, in ms, in the order asked. */
  stop(): Promise<number[]>;
}

/** Asks `<url>/health` every `everyMs` from a worker thread until stopped. */
export async function startHealthPoller(url: string, everyMs = 10): Promise<HealthPoller> {
  const worker = new Worker(POLLER, { eval: true, workerData: { url, everyMs } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return {
    async stop() {
      const latencies = await new Promise<number[]>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage('stop');
      });
      await worker.terminate();
      return latencies;
    },
  };
}

/** The `p` quantile (0–1) of some numbers. */
export function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}
