import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * The PostgreSQL protocol on a Unix socket in front of one PGlite.
 *
 * PGlite is a single session, so every connection's statements run in it one after another. A
 * query in the extended protocol is several messages (Parse, Bind, Describe, Execute) closed by
 * Sync, and the unnamed statement a Parse makes is the session's: if another connection's Parse
 * ran between this connection's Parse and Bind, the Bind would meet the wrong statement (or
 * worse, run it with these parameters). So a connection's messages up to its Sync (or a simple
 * Query) run as one unit, and while a connection holds a transaction open, only its units run.
 * (`@electric-sql/pglite-socket` runs each message on its own, which lets units interleave when
 * a client's messages arrive in more than one read.)
 */

/** Messages after which the client waits for answers: the end of a unit. */
const UNIT_END = new Set(['S', 'Q', 'H', 'c', 'f'].map((c) => c.charCodeAt(0)));
const TERMINATE = 'X'.charCodeAt(0);
const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** A message longer than this is refused: the socket is owner-only, so this guards against bugs, not attacks. */
const MAX_MESSAGE = 1 << 30;

interface Unit {
  conn: Connection;
  bytes: Uint8Array;
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private started = false;
  closed = false;

  constructor(
    readonly socket: Socket,
    private readonly enqueue: (unit: Unit) => void,
    private readonly onClose: (conn: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.read(d));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  /** Copies: PGlite hands out views of its memory, which the next statement overwrites before a slow socket sends. */
  write(bytes: Uint8Array): void {
    if (!this.closed && this.socket.writable) this.socket.write(Buffer.from(bytes));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.onClose(this);
  }

  private read(data: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    while (!this.closed) {
      // Before start-up a message has no type byte; after it, one byte of type then the length.
      const lengthAt = this.started ? 1 : 0;
      if (this.buffer.length < lengthAt + 4) return;
      const length = this.buffer.readInt32BE(lengthAt);
      if (length < 4 || length > MAX_MESSAGE) return this.close();
      const size = lengthAt + length;
      if (this.buffer.length < size) return;
      const message = this.buffer.subarray(0, size);
      this.buffer = this.buffer.subarray(size);
      if (this.started) this.typed(message);
      else this.startup(message);
    }
  }

  private startup(message: Buffer): void {
    const code = message.length >= 8 ? message.readInt32BE(4) : 0;
    // No TLS on a local socket: 'N' tells the client to go on in the clear.
    if (code === SSL_REQUEST || code === GSS_REQUEST) return this.write(Buffer.from('N'));
    if (code === CANCEL_REQUEST) return this.close();
    this.started = true;
    this.enqueue({ conn: this, bytes: message });
  }

  private typed(message: Buffer): void {
    const type = message[0]!;
    if (type === TERMINATE) return this.close();
    this.pending.push(message);
    if (!UNIT_END.has(type)) return;
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.enqueue({ conn: this, bytes });
  }
}

export class PgliteSocketServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private queue: Unit[] = [];
  /** The connection whose transaction is open: only its units run until it ends. */
  private owner: Connection | undefined;
  private running = false;

  constructor(
    private readonly pglite: PGlite,
    private readonly path: string,
    private readonly maxConnections = 64,
  ) {
    this.server = createServer((socket) => {
      if (this.connections.size >= this.maxConnections) {
        socket.destroy();
        return;
      }
      const conn = new Connection(
        socket,
        (unit) => this.enqueue(unit),
        (c) => void this.closed(c),
      );
      this.connections.add(conn);
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.path, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private enqueue(unit: Unit): void {
    this.queue.push(unit);
    void this.drain();
  }

  private async closed(conn: Connection): Promise<void> {
    this.connections.delete(conn);
    this.queue = this.queue.filter((u) => u.conn !== conn);
    // A client that went away inside a transaction leaves nothing half-done behind.
    if (this.owner === conn && !this.running) await this.rollback();
    void this.drain();
  }

  private async rollback(): Promise<void> {
    this.owner = undefined;
    await this.pglite.runExclusive(() => this.pglite.exec('ROLLBACK'));
  }

  private next(): Unit | undefined {
    const i = this.owner ? this.queue.findIndex((u) => u.conn === this.owner) : 0;
    return i < 0 ? undefined : this.queue.splice(i, 1)[0];
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let unit = this.next(); unit; unit = this.next()) {
        const { conn, bytes } = unit;
        if (conn.closed) continue;
        try {
          await this.pglite.runExclusive(() =>
            this.pglite.execProtocolRawStream(bytes, { onRawData: (d) => conn.write(d) }),
          );
        } catch {
          // PGlite answers SQL errors in the protocol; a throw means the session cannot go on for this client.
          conn.close();
        }
        this.owner = this.pglite.isInTransaction() ? conn : undefined;
        if (this.owner?.closed) await this.rollback();
      }
    } finally {
      this.running = false;
    }
  }
}
