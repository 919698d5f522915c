/**
 * Flagging from a badge in headless Chromium: the evidence the extension
 * captured (screenshot, page HTML, metadata) reaches the review API with the
 * same SHA-256s as the bytes it captured; with the API stopped the flag waits
 * in the outbox and, once the API is back, arrives exactly once.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import { apiGet, startApiAgain, stopApi } from './helpers/api-server';
import { launchExtension, type ExtensionBrowser } from './helpers/extension';
import { startLossyProxy, type LossyProxy } from './helpers/proxy';
import {
  badgedCards,
  clickToolbarButton,
  connect,
  dialogEvidence,
  flagFromBadge,
  openAndScan,
  storedEvidenceBytes,
} from './helpers/session';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const CARD = 'li.result-card';
const LINK = 'a.result-link';

interface Hit {
  id: number;
  listingUrl: string;
  itemId: string;
  status: string;
  evidence: { sha256: string; kind: string; contentType: string; size: number }[];
  flag: { reason: string; note: string | null } | null;
}

let sites: DemoSites;
let api: TestApi;
let restarted: FastifyInstance | undefined;
let b: ExtensionBrowser;
let page: Page;
let proxy: LossyProxy | undefined;

beforeAll(async () => {
  [sites, api, b] = await Promise.all([startDemoSites({ latencyMs: 0 }), startTestApi(), launchExtension()]);
  await connect(b, api.url, api.tokens.reviewer);
  page = await b.context.newPage();
});

afterAll(async () => {
  await b?.close();
  await proxy?.close();
  await restarted?.close();
  await api?.close();
  await sites?.close();
});

/**
 * Open a search page, press the toolbar button (activeTab, so screenshots are allowed), flag the first badged result.
 */
async function flagFirstSuspect(query: string): Promise<{ dialog: Page; url: string; evidence: Map<string, string> }> {
  await openAndScan(b, page, `${sites.market.origin}/search?q=${encodeURIComponent(query)}&page=1`);
  await clickToolbarButton(b, page);
  await page.bringToFront();
  const cards = [...(await badgedCards(page, CARD, LINK))];
  const index = cards.findIndex(([, badged]) => badged);
  expect(index).toBeGreaterThanOrEqual(0);
  const dialog = await flagFromBadge(b, page, CARD, LINK, index);
  const evidence = await dialogEvidence(dialog);
  return { dialog, url: `${sites.market.origin}${cards[index]![0]}`, evidence };
}

async function hitsFor(url: string): Promise<Hit[]> {
  const { hits } = await apiGet<{ hits: Hit[] }>(
    `${api.url}/v1/hits?site=demo-market&sort=date&limit=200`,
    api.tokens.reviewer,
  );
  return hits.filter((h) => h.listingUrl === url);
}

describe('flag from a badge', () => {
  it('creates a hit whose stored evidence has the SHA-256s of the bytes the extension captured', async () => {
    const { dialog, url, evidence } = await flagFirstSuspect('Lumisette');
    expect([...evidence.keys()].sort()).toEqual(['html', 'metadata', 'screenshot']);

    // The bytes the extension keeps for upload hash (here, in Node) to what it showed.
    const captured = await storedEvidenceBytes(dialog, [...evidence.values()]);
    for (const [kind, sha] of evidence) expect(sha256(captured.get(sha)!), kind).toBe(sha);
    expect(captured.get(evidence.get('screenshot')!)!.subarray(1, 4).toString()).toBe('PNG');
    expect(captured.get(evidence.get('html')!)!.toString('utf8')).toContain('result-card');
    const meta = JSON.parse(captured.get(evidence.get('metadata')!)!.toString('utf8'));
    expect(meta.evidence.map((e: { sha256: string }) => e.sha256).sort()).toEqual(
      [evidence.get('html'), evidence.get('screenshot')].sort(),
    );

    await dialog.fill('#note', 'seen while browsing (e2e)');
    await dialog.click('#send');
    await dialog.locator('#status[data-state="sent"]').waitFor({ timeout: 15_000 });
    const hitId = Number(/#(\d+)/.exec((await dialog.locator('#status').textContent()) ?? '')?.[1]);

    const hit = await apiGet<Hit>(`${api.url}/v1/hits/${hitId}`, api.tokens.reviewer);
    expect(hit.listingUrl).toBe(url);
    expect(hit.flag).toMatchObject({ reason: 'counterfeit', note: 'seen while browsing (e2e)' });
    expect(hit.evidence.map((e) => e.sha256).sort()).toEqual([...evidence.values()].sort());
    // What the API stored is byte for byte what was captured.
    for (const ev of hit.evidence) {
      const res = await fetch(`${api.url}/v1/evidence/${ev.sha256}`, {
        headers: { authorization: `Bearer ${api.tokens.reviewer}` },
      });
      expect(res.status).toBe(200);
      expect(sha256(Buffer.from(await res.arrayBuffer())), ev.kind).toBe(ev.sha256);
    }
    console.log(
      `flagged ${url} → hit #${hitId}, evidence ` +
        `${hit.evidence.map((e) => `${e.kind} ${e.size} B ${e.sha256.slice(0, 12)}…`).join(', ')}`,
    );
    await dialog.close();
  });

  it('queues a flag while the API is stopped and delivers it exactly once when it is back', async () => {
    const port = await stopApi(api);
    const { dialog, url, evidence } = await flagFirstSuspect('Bruvia');
    await dialog.click('#send');
    await dialog.locator('#status[data-state="queued"]').waitFor({ timeout: 15_000 });
    await dialog.close();

    const popup = await b.context.newPage();
    await popup.goto(`${b.origin}/popup.html`);
    await popup.locator('[data-testid=outbox-count]', { hasText: '1 flag waits' }).waitFor();
    // Trying again while the API is still down changes nothing.
    await popup.click('#sendNow');
    await popup.locator('#status.error').waitFor();
    await popup.locator('[data-testid=outbox-count]', { hasText: '1 flag waits' }).waitFor();

    restarted = await startApiAgain(api, port);
    await popup.click('#sendNow');
    await popup.locator('[data-testid=outbox-count]', { hasText: 'No flags waiting' }).waitFor({ timeout: 15_000 });
    // Another drain (and the popup's own on opening) must not send it again.
    await popup.reload();
    await popup.locator('[data-testid=outbox-count]', { hasText: 'No flags waiting' }).waitFor();
    await popup.close();

    const hits = await hitsFor(url);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.evidence.map((e) => e.sha256).sort()).toEqual([...evidence.values()].sort());
    const { entries } = await apiGet<{ entries: { action: string }[] }>(
      `${api.url.replace(/:\d+$/, `:${port}`)}/v1/audit?target=hit:${hits[0]!.id}&action=hit.flag`,
      api.tokens.admin,
    );
    expect(entries).toHaveLength(1);
    console.log(`queued offline, delivered after restart: hit #${hits[0]!.id}, ${entries.length} flag audit entry`);
  });

  it('sends a flag whose answer was lost again, and the API still records it once', async () => {
    // The extension talks to the API through a proxy that will cut the reply to the next flag.
    // (The API is the one the previous test started again, on the same address.)
    proxy = await startLossyProxy(api.url);
    await connect(b, proxy.url, api.tokens.reviewer);
    proxy.dropNextReply('POST', '/v1/flags');
    const { dialog, url } = await flagFirstSuspect('GlucoCheck');
    await dialog.click('#send');
    // The API made the hit, but the extension never heard: for it, the flag still waits.
    await dialog.locator('#status[data-state="queued"]').waitFor({ timeout: 15_000 });
    await dialog.close();
    expect(await hitsFor(url)).toHaveLength(1);

    // Opening the popup sends what waits.
    const popup = await b.context.newPage();
    await popup.goto(`${b.origin}/popup.html`);
    await popup.locator('[data-testid=outbox-count]', { hasText: 'No flags waiting' }).waitFor({ timeout: 15_000 });
    await popup.close();

    const flags = proxy.seen.filter((r) => r.method === 'POST' && r.path === '/v1/flags');
    expect(flags).toHaveLength(2);
    expect(flags.map((f) => f.dropped)).toEqual([true, false]);
    const ids = flags.map((f) => (JSON.parse(f.body) as { flagId: string }).flagId);
    expect(ids[0]).toBe(ids[1]);
    const hits = await hitsFor(url);
    expect(hits).toHaveLength(1);
    const { entries } = await apiGet<{ entries: unknown[] }>(
      `${proxy.url}/v1/audit?target=hit:${hits[0]!.id}&action=hit.flag`,
      api.tokens.admin,
    );
    expect(entries).toHaveLength(1);
    console.log(
      `reply to flag ${ids[0]} lost, sent again with the same id: 1 hit (#${hits[0]!.id}), 1 flag audit entry`,
    );
  });
});
