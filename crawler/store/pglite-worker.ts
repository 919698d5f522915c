/**
 * The embedded store's thread (pglite-thread.ts starts it): one PGlite, answering the main
 * thread's statements in the order they come, a transaction's only while it is open.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Transaction } from '@electric-sql/pglite';
import { shareEmbeddedStore } from './embedded-server';
import { putBlobFileSync } from './evidence-blobs';
import { openPglite } from './pglite-db';
import { serializeError, type StoreReply, type StoreRequest } from './pglite-thread';

const port = parentPort!;
const reply = (m: StoreReply) => port.postMessage(m);

/** An open transaction: its handle, and how to end its callback (resolve: COMMIT, reject: ROLLBACK). */
interface OpenTx {
  tx?: Transaction;
  commit(): void;
  rollback(): void;
  settled: Promise<void>;
}

async function main(): Promise<void> {
  let embedded: Awaited<ReturnType<typeof openPglite>>;
  try {
    embedded = await openPglite((workerData as { dataDir: string }).dataDir);
  } catch (err) {
    reply({ id: 0, error: serializeError(err) });
    return;
  }
  const { pglite, db } = embedded;
  const txs = new Map<number, OpenTx>();
  let shared: { stop(): Promise<void> } | undefined;

  async function handle(m: StoreRequest): Promise<Omit<Extract<StoreReply, { rows?: unknown[] }>, 'id'>> {
    switch (m.op) {
      case 'query': {
        if (m.tx === undefined) return { rows: (await pglite.query(m.sql, m.params)).rows };
        const open = txs.get(m.tx)?.tx;
        if (!open) throw new Error(`transaction ${m.tx} is not open`);
        return { rows: (await open.query(m.sql, m.params)).rows };
      }
      case 'exec':
        await pglite.exec(m.sql);
        return {};
      case 'begin': {
        const open: OpenTx = { commit() {}, rollback() {}, settled: Promise.resolve() };
        let begun!: () => void;
        const began = new Promise<void>((resolve) => (begun = resolve));
        // PGlite's transaction() holds the session from BEGIN until its callback settles: statements
        // of other callers queue behind it rather than run inside it.
        open.settled = pglite.transaction(async (tx) => {
          open.tx = tx;
          const end = new Promise<void>((resolve, reject) => {
            open.commit = resolve;
            open.rollback = () => reject(new Error('rolled back by the caller'));
          });
          begun();
          await end;
        });
        txs.set(m.tx, open);
        void open.settled.catch(() => {}).finally(() => txs.delete(m.tx));
        await Promise.race([began, open.settled]);
        return {};
      }
      case 'end': {
        const open = txs.get(m.tx);
        if (!open) throw new Error(`transaction ${m.tx} is not open`);
        if (m.commit) {
          open.commit();
          await open.settled;
        } else {
          open.rollback();
          await open.settled.catch(() => {});
        }
        return {};
      }
      case 'put':
        putBlobFileSync(m.dir, m.sha256, m.bytes);
        return {};
      case 'share': {
        const server = await shareEmbeddedStore(pglite, m.dataDir);
        shared = server;
        return { url: server.url };
      }
      case 'close':
        await shared?.stop();
        await db.close();
        return {};
    }
  }

  port.on('message', (m: StoreRequest & { id: number }) => {
    handle(m).then(
      (r) => {
        reply({ id: m.id, ...r });
        if (m.op === 'close') port.close();
      },
      (err: unknown) => reply({ id: m.id, error: serializeError(err) }),
    );
  });
  reply({ id: 0, opened: true });
}

await main();
