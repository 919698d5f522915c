/**
 * A local RFC 6962 log: `get-sth` and `get-entries` over node:http, serving
 * the MerkleTreeLeaf entries it was given, at most `pageSize` a request (as
 * real logs cap it). Faults can be queued: the next requests answer with a
 * status (429, 503…) and an optional Retry-After. Every entry served is
 * counted, so a test can tell a resumed read from a re-read.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CtLogServer {
  url: string;
  entries: Buffer[];
  /** The tree size get-sth reports (default: all entries); grow it to simulate new certificates. */
  treeSize: number;
  /** Entry indexes served by get-entries, in order, repeats included. */
  served: number[];
  /** Answered requests: path, status, time. */
  log: { path: string; status: number; at: number }[];
  fail(status: number, times: number, retryAfter?: string): void;
  close(): Promise<void>;
}

export async function startCtLog(entries: Buffer[], o: { pageSize?: number } = {}): Promise<CtLogServer> {
  const pageSize = o.pageSize ?? 100;
  const faults: { status: number; retryAfter?: string }[] = [];
  const state = { treeSize: entries.length };
  const served: number[] = [];
  const log: CtLogServer['log'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://log.invalid');
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ path: url.pathname, status, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const fault = faults.shift();
    if (fault)
      return answer(fault.status, { error: 'simulated' }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    if (url.pathname.endsWith('/ct/v1/get-sth'))
      return answer(200, {
        tree_size: state.treeSize,
        timestamp: Date.now(),
        sha256_root_hash: Buffer.alloc(32, state.treeSize % 256).toString('base64'),
        tree_head_signature: Buffer.alloc(8).toString('base64'),
      });
    if (url.pathname.endsWith('/ct/v1/get-entries')) {
      const start = Number(url.searchParams.get('start'));
      const end = Number(url.searchParams.get('end'));
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || start >= state.treeSize)
        return answer(400, { error: 'bad range' });
      const last = Math.min(end, start + pageSize - 1, state.treeSize - 1);
      const out = [];
      for (let i = start; i <= last; i++) {
        served.push(i);
        out.push({ leaf_input: entries[i]!.toString('base64'), extra_data: '' });
      }
      return answer(200, { entries: out });
    }
    answer(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/sim-log/`,
    entries,
    get treeSize() {
      return state.treeSize;
    },
    set treeSize(n: number) {
      state.treeSize = n;
    },
    served,
    log,
    fail(status, times, retryAfter) {
      for (let i = 0; i < times; i++) faults.push({ status, ...(retryAfter ? { retryAfter } : {}) });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
