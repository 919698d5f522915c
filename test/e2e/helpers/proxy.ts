/**
 * A loopback HTTP proxy in front of the review API that can lose an answer:
 * the request reaches the API and is processed, then the connection is cut
 * before the reply gets back — the case a client-made flag id exists for.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  body: string;
  /** The reply was cut off. */
  dropped: boolean;
}

export interface LossyProxy {
  url: string;
  seen: SeenRequest[];
  /** Cut the reply of the next request matching method and path. */
  dropNextReply(method: string, path: string): void;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startLossyProxy(target: string): Promise<LossyProxy> {
  const seen: SeenRequest[] = [];
  const drops: { method: string; path: string }[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const bytes = await body(req);
      const path = req.url ?? '/';
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
      ) as Record<string, string>;
      const upstream = await fetch(`${target}${path}`, {
        method: req.method,
        headers,
        body: ['GET', 'HEAD'].includes(req.method ?? 'GET') ? undefined : bytes,
      });
      const reply = Buffer.from(await upstream.arrayBuffer());
      const drop = drops.findIndex((d) => d.method === req.method && path.startsWith(d.path));
      seen.push({ method: req.method ?? '', path, body: bytes.toString('utf8'), dropped: drop >= 0 });
      if (drop >= 0) {
        drops.splice(drop, 1);
        // Headers and half the body, then the connection dies: the client saw an answer start and cannot
        // know how it ended (cutting before any byte makes Chromium quietly retry on a new connection).
        res.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/json',
          'content-length': String(reply.length),
        });
        res.write(reply.subarray(0, Math.floor(reply.length / 2)), () => req.socket.destroy());
        return;
      }
      res.writeHead(upstream.status, Object.fromEntries(upstream.headers)).end(reply);
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    dropNextReply: (method, path) => drops.push({ method, path }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
