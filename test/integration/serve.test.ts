/**
 * `counterscan serve` on the embedded default, as real processes: while it runs, `token`,
 * `report`, `verify` and `hits` work on its store; its outbox delivers a queued notice to a real
 * SMTP server on loopback; verification re-checks the noticed listing on its own timer.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../crawler/store';
import { exampleCatalogue } from '../../demo/generate';
import { childEnv, runCommand, startServer } from './helpers/command';
import { decoded, header, startSmtp } from './helpers/smtp';

const env = (dataDir: string, extra: Record<string, string> = {}) =>
  childEnv({ COUNTERSCAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra });

/** The installed entry point, as a user runs it. */
const cli = (dataDir: string, args: string[]) => runCommand(args, env(dataDir), 'installed');

async function startServe(dataDir: string, extra: Record<string, string>) {
  const { child, match, output } = await startServer(['serve', '--port', '0'], env(dataDir, extra), {
    entry: 'installed',
    ready: /counterscan serve: (http:\/\/\S+)[^]*verification:/,
    timeoutMs: 90_000,
  });
  return { child, address: match[1]!, banner: output };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let tmp: string;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
/** A marketplace on loopback whose listings have all been taken down (404). */
let gone: Server;
let goneOrigin: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'cs-serve-'));
  smtp = await startSmtp();
  gone = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'));
  await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
  goneOrigin = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await smtp?.close();
  await new Promise((r) => gone?.close(r));
  await rm(tmp, { recursive: true, force: true });
});

describe('counterscan serve (embedded store)', () => {
  it('token, report, verify and hits run while it serves; its outbox sends a queued notice; it verifies', async () => {
    const dataDir = join(tmp, 'data');
    const { child, address, banner } = await startServe(dataDir, {
      COUNTERSCAN_SMTP_URL: smtp.url,
      COUNTERSCAN_NOTIFY_EVERY_MS: '300',
      COUNTERSCAN_VERIFY_EVERY_MS: '1000',
      // The listings are on loopback, which the outbound policy refuses unless told.
      COUNTERSCAN_OUTBOUND_ALLOW: '127.0.0.1',
    });
    let store: Store | undefined;
    try {
      expect(banner()).toMatch(/store: embedded in .*other commands of this data dir use it through this process/);
      expect(banner()).toMatch(/outbox: queued notices, reminders and alerts go out every 300ms/);

      // The commands a reviewer runs next, each its own process on the same data dir.
      const created = await cli(dataDir, ['token', 'create', '--role', 'admin', '--name', 'serve-test']);
      expect(created.code, created.stderr).toBe(0);
      const token = created.stdout.trim().split('\n')[0]!;
      const list = await cli(dataDir, ['token', 'list']);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain('serve-test');

      // A confirmed hit on the store serve owns (this test process reaches it through serve's socket too).
      store = await openStore({ dataDir });
      const catalogue = exampleCatalogue();
      await store.catalogue.upsert(catalogue);
      const item = catalogue.items.find((i) => i.holder === 'veloran')!;
      const url = `${goneOrigin}/item/serve-1`;
      await store.listings.upsert({
        url,
        site: 'demo-market',
        kind: 'product',
        title: `${item.title} replica 1:1`,
        images: [],
        seller: { id: 'copyshop', name: 'Copy Shop' },
        fetchedAt: new Date().toISOString(),
      });
      const sha = await store.evidence.save(Buffer.from(`<html>${url}</html>`), {
        kind: 'html',
        contentType: 'text/html',
        listingUrl: url,
        capturedAt: new Date().toISOString(),
      });
      const hitId = await store.hits.upsert({
        listingUrl: url,
        itemId: item.id,
        score: 0.9,
        signals: [
          { name: 'brand_term', weight: 0.3, evidence: item.title },
          { name: 'counterfeit_words', weight: 0.3, evidence: 'replica 1:1' },
        ],
        evidenceSha256: sha,
      });

      const hits = await cli(dataDir, ['hits', '--format', 'json']);
      expect(hits.code, hits.stderr).toBe(0);
      expect((JSON.parse(hits.stdout) as { id: number }[]).map((h) => h.id)).toContain(hitId);

      // Through the API: confirm, open a case, a notice to a platform's address, send (queued).
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${address}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        const text = await res.text();
        expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
        return JSON.parse(text) as Record<string, any>;
      };
      await call('POST', '/v1/hits/status', { ids: [hitId], status: 'confirmed', reason: 'replica wording' });
      const kase = await call('POST', '/v1/cases', { title: 'serve outbox', hitIds: [hitId] });
      await call('PUT', '/v1/channels/demo-market', {
        id: 'demo-market',
        name: 'Demo Market IP team',
        email: 'ip-notices@market.example',
        party: { addressLine1: '1 Market Way', countryCode: 'US' },
      });
      const notice = await call('POST', `/v1/cases/${kase.id}/notices`, {
        regime: 'eu-dsa',
        channelId: 'demo-market',
        explanation: 'The listing sells replicas of a registered design under the holder’s trade mark.',
        signature: { name: 'Amélie Dufresne' },
        statements: { goodFaith: true, accurate: true, complete: true, authorised: true },
      });
      expect((await call('POST', `/v1/notices/${notice.id}/send`)).state).toBe('queued');

      // serve's own outbox timer sends it: no command, no worker.
      const mail = await until('the notice at the SMTP server', async () =>
        smtp.mails.find((m) => m.to.includes('ip-notices@market.example')),
      );
      expect(decoded(mail.raw)).toContain(url);
      expect(header(mail.raw, 'Subject')).toBeTruthy();
      await until('the notice marked sent', async () => {
        const n = await call('GET', `/v1/notices/${notice.id}`);
        return n.state === 'sent' ? n : undefined;
      });

      // serve's verification timer re-fetches the noticed listing and records its removal.
      await until(
        'the listing recorded removed',
        async () => ((await store!.hits.list({ status: 'removed' })).some((h) => h.id === hitId) ? true : undefined),
        60_000,
      );

      // And the commands still run beside it.
      const out = join(tmp, 'report.json');
      const [report, verify] = await Promise.all([
        cli(dataDir, ['report', '--format', 'json', '--out', out]),
        cli(dataDir, ['verify', '--json']),
      ]);
      expect(report.code, report.stderr).toBe(0);
      expect(JSON.parse(await readFile(out, 'utf8'))).toBeTruthy();
      expect(verify.code, verify.stderr).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ errors: 0 });
      for (const r of [created, list, hits, report, verify]) expect(r.stderr).not.toMatch(/Aborted/);
    } finally {
      await store?.close();
      child.kill('SIGTERM');
      await exited(child);
    }
    expect(child.exitCode).toBe(0);
  }, 240_000);
});
