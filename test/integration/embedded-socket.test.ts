/**
 * The embedded store's socket under concurrency: many connections sending parameterised queries at once
 * (the extended protocol: Parse, Bind, Execute, Sync per query) must each get their own answers, and a
 * transaction on one connection must not see another connection's statements inside it.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shareEmbeddedStore } from '../../crawler/store/embedded-server';
import { openPglite } from '../../crawler/store/pglite-db';

let tmp: string;
let embedded: Awaited<ReturnType<typeof openPglite>>;
let server: Awaited<ReturnType<typeof shareEmbeddedStore>>;
let pool: pg.Pool;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'cs-socket-'));
  embedded = await openPglite(join(tmp, 'pglite'));
  server = await shareEmbeddedStore(embedded.pglite, tmp);
  pool = new pg.Pool({ connectionString: server.url, max: 8 });
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
  await embedded?.db.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

it('answers 8 connections × 100 parameterised queries of different shapes, each with its own result', async () => {
  const shapes = [
    (n: number) => ({ text: 'SELECT $1::int AS v', values: [n], want: n }),
    (n: number) => ({ text: 'SELECT $1::int + $2::int + $3::int AS v', values: [n, 1, 2], want: n + 3 }),
    (n: number) => ({
      text: 'SELECT $1::int * $2::int - $3::int + $4::int - $5::int + $6::int AS v',
      values: [n, 2, 1, 1, 1, 1],
      want: n * 2,
    }),
  ];
  const wrong: string[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async (_, c) => {
      const client = await pool.connect();
      try {
        for (let i = 0; i < 100; i++) {
          const n = c * 1000 + i;
          const q = shapes[(c + i) % shapes.length]!(n);
          const { rows } = await client.query<{ v: number }>(q.text, q.values);
          if (rows[0]?.v !== q.want) wrong.push(`${q.text} ${JSON.stringify(q.values)} → ${rows[0]?.v}`);
        }
      } finally {
        client.release();
      }
    }),
  );
  expect(wrong).toEqual([]);
}, 120_000);

/** A bare protocol client on the socket, so a test decides when each message is written. */
async function rawClient(): Promise<{ send(b: Buffer): void; until(type: string): Promise<Buffer[]>; end(): void }> {
  const socket = createConnection({ path: join(new URL(server.url).searchParams.get('host')!, '.s.PGSQL.5432') });
  await once(socket, 'connect');
  let buf = Buffer.alloc(0);
  const messages: Buffer[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 5 && buf.length >= 1 + buf.readInt32BE(1)) {
      const len = 1 + buf.readInt32BE(1);
      messages.push(buf.subarray(0, len));
      buf = buf.subarray(len);
    }
    wake?.();
  });
  const client = {
    send: (b: Buffer) => void socket.write(b),
    /** Every message up to and including the first of `type` (e.g. 'Z', ReadyForQuery). */
    async until(type: string): Promise<Buffer[]> {
      for (;;) {
        const i = messages.findIndex((m) => String.fromCharCode(m[0]!) === type);
        if (i >= 0) return messages.splice(0, i + 1);
        await new Promise<void>((r) => (wake = r));
      }
    },
    end: () => socket.end(),
  };
  client.send(serialize.startup({ user: 'postgres', database: 'postgres' }));
  await client.until('Z');
  return client;
}

it('sends each connection its whole answer when answers are larger than the socket takes at once', async () => {
  // A few MB per answer: more than a Unix socket buffers, so part of it waits in Node while the next
  // connection's statement runs in PGlite's memory.
  const wrong: string[] = [];
  await Promise.all(
    ['a', 'b', 'c', 'd'].map(async (ch) => {
      for (let i = 0; i < 4; i++) {
        try {
          const { rows } = await pool.query<{ j: { s: string } }>(
            "SELECT json_build_object('s', repeat($1, $2)) AS j",
            [ch, 3_000_000],
          );
          const got = rows[0]!.j.s;
          if (got.length !== 3_000_000 || got.replaceAll(ch, '') !== '') wrong.push(`${ch}/${i}: mixed or cut`);
        } catch (err) {
          wrong.push(`${ch}/${i}: ${(err as Error).message}`);
        }
      }
    }),
  );
  expect(wrong).toEqual([]);
}, 120_000);

it("keeps one connection's Parse and Bind together when another connection queries between them", async () => {
  const raw = await rawClient();
  try {
    raw.send(serialize.parse({ text: 'SELECT $1::int + $2::int + $3::int AS v', types: [] }));
    // The statement is parsed but not yet bound: another connection's query with one parameter runs now.
    await new Promise((r) => setTimeout(r, 100));
    const other = await pool.query<{ v: number }>('SELECT $1::int AS v', [7]);
    expect(other.rows[0]!.v).toBe(7);
    raw.send(Buffer.concat([serialize.bind({ values: ['1', '2', '3'] }), serialize.execute(), serialize.sync()]));
    const answer = await raw.until('Z');
    const types = answer.map((m) => String.fromCharCode(m[0]!));
    const error = answer.find((m) => m[0] === 'E'.charCodeAt(0));
    expect(error ? error.toString('latin1') : '').toBe('');
    expect(types).toContain('D');
    const row = answer.find((m) => m[0] === 'D'.charCodeAt(0))!;
    // DataRow: type, length, column count (2 bytes), then the column's length and text.
    expect(row.subarray(11).toString('utf8')).toBe('6');
  } finally {
    raw.end();
  }
}, 60_000);

it("keeps a connection's transaction to itself while others query", async () => {
  await pool.query('CREATE TABLE IF NOT EXISTS socket_tx (n int)');
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    await tx.query('INSERT INTO socket_tx VALUES ($1)', [1]);
    // Another connection's statements wait for the transaction rather than running inside it.
    const other = pool.query('INSERT INTO socket_tx VALUES ($1)', [2]);
    await new Promise((r) => setTimeout(r, 200));
    await tx.query('ROLLBACK');
    await other;
  } finally {
    tx.release();
  }
  const { rows } = await pool.query<{ n: number }>('SELECT n FROM socket_tx ORDER BY n');
  expect(rows.map((r) => r.n)).toEqual([2]);
}, 60_000);
