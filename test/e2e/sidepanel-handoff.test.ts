/**
 * The side panel against a server with no SMTP relay: it says so, and hands
 * the prepared notice over — the JSON a platform's web form takes, field by
 * field and as a download equal to the notice the API stored — while a
 * queued notice stays queued. And "Block this whole site…" in the popup,
 * on a page of the demo video site (served as streamvault.com), opens the
 * side panel; the open panel's Site blocking view takes the site's domain up.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import { apiGet } from './helpers/api-server';
import { CHROME_BUILD, launchExtension, type ExtensionBrowser } from './helpers/extension';
import { clickToolbarButton, connect } from './helpers/session';

let sites: DemoSites;
let api: TestApi;
let b: ExtensionBrowser;
let panel: Page;
let hitId = 0;
const listingUrl = 'http://127.0.0.1:8401/item/vx-18650-handoff';

const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.tokens.admin}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
  return (await res.json()) as Record<string, any>;
};

beforeAll(async () => {
  [sites, api] = await Promise.all([startDemoSites({ latencyMs: 0 }), startTestApi()]);
  const voltrix = await admin('GET', '/v1/holders/voltrix');
  await admin('PUT', '/v1/holders/voltrix', { ...voltrix, identityNumber: '91330200MA2H8XYZ1Q' });
  await admin('PUT', '/v1/channels/demo-market', {
    id: 'demo-market',
    name: 'Demo Market IP team',
    email: 'ip-notices@market.example',
    party: {},
  });
  await api.store.listings.upsert({
    url: listingUrl,
    site: 'demo-market',
    kind: 'product',
    title: '伏特力 18650 replica',
    images: [],
    fetchedAt: '2026-11-20T08:00:00.000Z',
  });
  const sha = await api.store.evidence.save(Buffer.from(`<html>${listingUrl}</html>`), {
    kind: 'html',
    contentType: 'text/html',
    listingUrl,
    capturedAt: '2026-11-20T08:00:00.000Z',
  });
  hitId = await api.store.hits.upsert({
    listingUrl,
    itemId: 'vx-18650',
    score: 0.9,
    signals: [
      { name: 'brand_term', weight: 0.3, evidence: '伏特力' },
      { name: 'counterfeit_words', weight: 0.3, evidence: 'replica' },
    ],
    evidenceSha256: sha,
  });
  await api.store.inbox.setStatus([hitId], 'confirmed', 'checked', 'test', { holderId: null });
  b = await launchExtension(CHROME_BUILD, {
    hosts: { names: ['streamvault.com'], ports: { http: sites.video.port, https: sites.video.port } },
  });
  await connect(b, api.url, api.tokens.reviewer);
  panel = await b.context.newPage();
  await panel.setViewportSize({ width: 460, height: 1000 });
  await panel.goto(`${b.origin}/sidepanel.html`);
  await panel.locator('#message', { hasText: 'No hits for these filters.' }).waitFor();
}, 120_000);

afterAll(async () => {
  await b?.close();
  await api?.close();
  await sites?.close();
});

describe('without an SMTP relay', () => {
  it('says so and offers the prepared notice, field by field and as the JSON the API stored', async () => {
    await panel.selectOption('#status', 'confirmed');
    await panel.locator(`li.hit[data-id="${hitId}"]`).click();
    await panel.click('#hit-case');
    await panel.click('#case-create');
    await panel.locator(`[data-testid=case-hits] li[data-hit="${hitId}"]`).waitFor();
    await panel.selectOption('#regime', 'cn-ecommerce');
    await panel.selectOption('#method', 'webform');
    await expect.poll(() => panel.locator('[data-testid=readiness]').getAttribute('data-ready')).toBe('true');
    await panel.fill('#signature', 'Li Wei');
    for (const s of ['goodFaith', 'accurate', 'authorised', 'complete'])
      await panel.locator(`input[data-statement="${s}"]`).check();
    await panel.locator('input[data-measure="delete"]').check();
    await panel.click('#build');
    const id = Number(await panel.locator('[data-testid=preview]').getAttribute('data-notice'));

    await panel.locator('[data-testid=no-smtp]', { hasText: 'no SMTP relay is configured' }).waitFor();
    const handoff = panel.locator(`.notice[data-notice="${id}"] [data-testid=handoff]`);
    expect(await handoff.getAttribute('open')).not.toBeNull();
    const fields = await handoff
      .locator('tr[data-field]')
      .evaluateAll((els) => els.map((e: any) => [e.getAttribute('data-field'), e.children[1].textContent]));
    expect(fields).toContainEqual([expect.stringMatching(/url$/), listingUrl]);
    expect(fields.some(([, v]) => v === '91330200MA2H8XYZ1Q')).toBe(true);

    const download = panel.waitForEvent('download');
    await handoff.locator('[data-action=download-json]').click();
    const file = await (await download).path();
    const stored = await apiGet<{ payload: unknown }>(`${api.url}/v1/notices/${id}`, api.tokens.reviewer);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(stored.payload);

    // Queued, it waits: nothing on this server sends it.
    const send = panel.locator(`.notice[data-notice="${id}"] [data-action=send]`);
    expect(await send.textContent()).toMatch(/no relay/);
    await send.click();
    const row = panel.locator(`.notice[data-notice="${id}"][data-state=queued]`);
    await row.waitFor();
    expect(await row.locator('[data-testid=state-line]').textContent()).toBe('queued: waiting for the outbox');
  });
});

describe('"Block this whole site…" in the popup', () => {
  it('opens the side panel, whose Site blocking view has the page’s domain filled in', async () => {
    const page = await b.context.newPage();
    const video = sites.model.video[0]!;
    await page.goto(`http://streamvault.com${video.path}`);
    // The toolbar button grants activeTab, which lets the popup read the page's address (as a real click does).
    await clickToolbarButton(b, page);
    const tabId = await (
      await b.worker()
    ).evaluate(async () => {
      const tabs = (await (globalThis as any).chrome.tabs.query({})) as { id: number; url?: string }[];
      return tabs.find((t) => t.url?.startsWith('http://streamvault.com/'))!.id;
    });
    const popup = await b.context.newPage();
    await popup.goto(`${b.origin}/popup.html?tab=${tabId}`);
    await popup.click('#blockSite');
    // The side panel open in this window takes the site up (a panel opened by the click would too, when it loads).
    await expect
      .poll(() => panel.inputValue('#site-domain').catch(() => ''), { timeout: 15_000 })
      .toBe('streamvault.com');
    expect(await panel.locator('#tab-blocking').getAttribute('aria-selected')).toBe('true');
    const contexts = await (
      await b.worker()
    ).evaluate(async () =>
      (
        (await (globalThis as any).chrome.runtime.getContexts({})) as { contextType: string; documentUrl?: string }[]
      ).map((c) => `${c.contextType} ${c.documentUrl ?? ''}`),
    );
    // The click opened Chrome's side panel itself.
    expect(contexts).toContainEqual(expect.stringMatching(/^SIDE_PANEL .*\/sidepanel\.html$/));
  });
});
