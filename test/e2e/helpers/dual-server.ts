/**
 * A loopback server for real sites' host names over http:// and https:// (a
 * throwaway self-signed certificate made with openssl; the test browser
 * ignores certificate errors): some real sites' names are on Chromium's HSTS
 * preload list (amazon.com, youtube.com), so the browser goes to https://
 * whatever the test asks. --host-resolver-rules sends `host:443` to the
 * https port and the rest to the http one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttp, type RequestListener } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'cs-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=counterscan-test',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface DualServer {
  /** Where http:// and https:// go (see launchExtension's `hosts`). */
  ports: { http: number; https: number };
  close(): Promise<void>;
}

export async function serveHttpAndHttps(handler: RequestListener): Promise<DualServer> {
  const http = createHttp(handler);
  const https = createHttps(selfSigned(), handler);
  await Promise.all(
    [http, https].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))),
  );
  const port = (server: { address(): unknown }) => (server.address() as AddressInfo).port;
  const close = (server: { close(cb: () => void): unknown; closeAllConnections(): void }) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    ports: { http: port(http), https: port(https) },
    close: async () => void (await Promise.all([close(http), close(https)])),
  };
}
