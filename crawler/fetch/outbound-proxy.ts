/**
 * A forward proxy on loopback for the browser fetcher. Chromium sends every
 * request through it (Playwright also routes loopback through a configured
 * proxy), so each connection the browser makes — the page, every redirect
 * hop, scripts, XHR, WebSockets — is opened by the outbound policy's checked
 * connect, and Chromium never resolves a name itself: DNS rebinding fails
 * here as it does for the HTTP fetcher. Plain HTTP is forwarded without
 * following redirects (the browser follows them, through the proxy again);
 * HTTPS and WebSockets are CONNECT tunnels.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { outboundRefusal, type OutboundPolicy } from './outbound-policy';

/**
 * Set on the proxy's own answer when the policy refused the target, so the browser fetcher can tell a refusal from the
 * site's 403.
 */
export const REFUSED_HEADER = 'x-counterscan-refused';

const HOP_BY_HOP = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEnd(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k.toLowerCase())) out[k] = v;
  return out;
}

export class OutboundProxy {
  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>`, for Chromium's proxy setting. */
    readonly url: string,
  ) {}

  static async start(policy: OutboundPolicy, onRefused?: (detail: string) => void): Promise<OutboundProxy> {
    const refused = (err: unknown) => {
      const r = outboundRefusal(err);
      if (r) onRefused?.(r.detail);
      return r;
    };
    const server = createServer((req, res) => void forward(policy, req, res, refused));
    server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) =>
      tunnel(policy, req, client, head, refused),
    );
    // WebSocket upgrades sent as plain requests are not proxied (Chromium tunnels them with CONNECT).
    server.on('upgrade', (_req, socket: Duplex) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new OutboundProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function forward(
  policy: OutboundPolicy,
  req: IncomingMessage,
  res: ServerResponse,
  refused: (err: unknown) => unknown,
): Promise<void> {
  try {
    const target = new URL(req.url ?? '');
    policy.checkUrl(target);
    const method = req.method ?? 'GET';
    const upstream = await policy.dispatcher.request({
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: method as 'GET',
      headers: endToEnd(req.headers),
      body: method === 'GET' || method === 'HEAD' ? null : req,
    });
    res.writeHead(upstream.statusCode, endToEnd(upstream.headers));
    await pipeline(upstream.body, res);
  } catch (err) {
    if (res.headersSent) return void res.destroy();
    const policyRefused = refused(err);
    res.writeHead(policyRefused ? 403 : 502, {
      'content-type': 'text/plain',
      ...(policyRefused ? { [REFUSED_HEADER]: '1' } : {}),
    });
    res.end(policyRefused ? 'refused by outbound policy' : 'bad gateway');
  }
}

function tunnel(
  policy: OutboundPolicy,
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  refused: (err: unknown) => unknown,
): void {
  client.on('error', () => client.destroy());
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(req.url ?? '');
  if (!m) return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  policy.connectTcp(m[1]!, Number(m[2])).then(
    (upstream) => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.pipe(client);
      client.pipe(upstream);
    },
    (err: unknown) => {
      client.end(
        refused(err) ? `HTTP/1.1 403 Forbidden\r\n${REFUSED_HEADER}: 1\r\n\r\n` : 'HTTP/1.1 502 Bad Gateway\r\n\r\n',
      );
    },
  );
}
