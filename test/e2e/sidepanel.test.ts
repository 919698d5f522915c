/**
 * The side panel (opened as a tab at chrome-extension://ID/sidepanel.html)
 * against the review API: keyboard triage (j/k, c, d, x + c for bulk) changes
 * the hits' status on the server, each with the reason picked in the prompt
 * (a digit, optional text, Enter; Escape changes nothing); evidence
 * thumbnails load with the token.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { seedHits, startTestApi, type TestApi } from '../integration/helpers/api';
import { apiGet } from './helpers/api-server';
import { launchExtension, type ExtensionBrowser } from './helpers/extension';
import { connect } from './helpers/session';

let sites: DemoSites;
let api: TestApi;
let b: ExtensionBrowser;
let panel: Page;
let flaggedId: number;

/** A flag with a real screenshot, made through the API as the extension would. */
async function flagWithScreenshot(png: Buffer, listingPath: string, title: string): Promise<number> {
  const sha = createHash('sha256').update(png).digest('hex');
  const auth = { authorization: `Bearer ${api.tokens.reviewer}` };
  const form = new FormData();
  form.append('sha256', sha);
  form.append('kind', 'screenshot');
  form.append('capturedAt', new Date().toISOString());
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'shot.png');
  expect((await fetch(`${api.url}/v1/evidence`, { method: 'POST', headers: auth, body: form })).status).toBe(201);
  const res = await fetch(`${api.url}/v1/flags`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      flagId: randomUUID(),
      url: `${sites.market.origin}${listingPath}`,
      listing: { title },
      reason: 'counterfeit',
      note: 'from the e2e set-up',
      evidence: [sha],
      capturedAt: new Date().toISOString(),
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { hit: { id: number } }).hit.id;
}

beforeAll(async () => {
  [sites, api, b] = await Promise.all([startDemoSites({ latencyMs: 0 }), startTestApi(), launchExtension()]);
  await seedHits(api.store, [api.holderIds.a, api.holderIds.b], { items: 2, perItem: 3 });
  const shot = await b.context.newPage();
  const fake = sites.model.market.find(
    (l) => l.label === 'counterfeit' && !l.broken && !l.flaky && !l.needsBrowser && l.title.includes('Lumisette'),
  )!;
  await shot.goto(`${sites.market.origin}${fake.path}`);
  flaggedId = await flagWithScreenshot(await shot.screenshot(), fake.path, fake.title);
  await shot.close();
  await connect(b, api.url, api.tokens.reviewer);
  panel = await b.context.newPage();
  await panel.setViewportSize({ width: 440, height: 900 });
  await panel.goto(`${b.origin}/sidepanel.html`);
  await panel.locator('li.hit').first().waitFor();
});

afterAll(async () => {
  await b?.close();
  await api?.close();
  await sites?.close();
});

const status = async (id: number) =>
  (await apiGet<{ status: string }>(`${api.url}/v1/hits/${id}`, api.tokens.reviewer)).status;
const rowIds = async () =>
  (await panel
    .locator('li.hit')
    .evaluateAll((els) => els.map((e: any) => Number(e.getAttribute('data-id'))))) as number[];
const current = async () => Number(await panel.locator('li.hit.current').getAttribute('data-id'));
const reasonOf = async (id: number) => {
  const { entries } = await apiGet<{ entries: { action: string; reason: string | null }[] }>(
    `${api.url}/v1/hits/${id}/history`,
    api.tokens.reviewer,
  );
  return entries.filter((e) => e.action === 'hit.status').at(-1)?.reason;
};
/** Answer the reason prompt from the keyboard: a digit, then (optionally) text, then Enter. */
async function answerReason(digit: string, text = ''): Promise<void> {
  await panel.locator('dialog.reason[open]').waitFor();
  await panel.keyboard.press(digit);
  if (text) {
    await panel.keyboard.press('Tab');
    await panel.keyboard.type(text);
  }
  await panel.keyboard.press('Enter');
  await panel.locator('dialog.reason').waitFor({ state: 'detached' });
}

describe('side panel inbox', () => {
  it('lists the new hits, best first, with counts', async () => {
    const ids = await rowIds();
    expect(ids.length).toBe(13);
    expect(ids).toContain(flaggedId);
    await panel.locator('#counts', { hasText: 'new 13' }).waitFor();
  });

  it('confirms and dismisses with c and d and a reason, moves with j and k, and the API has them', async () => {
    const ids = await rowIds();
    expect(await current()).toBe(ids[0]);
    // Escape: the prompt closes and nothing changes.
    await panel.keyboard.press('c');
    await panel.locator('dialog.reason[open]').waitFor();
    await panel.keyboard.press('j'); // the inbox's keys do nothing behind the prompt
    await panel.keyboard.press('Escape');
    await panel.locator('dialog.reason').waitFor({ state: 'detached' });
    expect(await current()).toBe(ids[0]);
    expect(await status(ids[0]!)).toBe('new');
    // Enter with no reason picked: the prompt says so and stays.
    await panel.keyboard.press('c');
    await panel.keyboard.press('Enter');
    await panel.locator('dialog.reason .error', { hasText: 'Pick a reason' }).waitFor();
    await answerReason('1', 'fake hologram on the box'); // confirm #0 (Counterfeit goods), move to #1
    await panel.keyboard.press('d');
    await answerReason('3'); // dismiss #1 (Not our item), move to #2
    await panel.keyboard.press('j'); // #3
    await panel.keyboard.press('k'); // #2
    await panel.keyboard.press('j'); // #3
    expect(await current()).toBe(ids[3]);
    // Shown at once…
    await panel.locator(`li.hit[data-id="${ids[0]}"][data-status="confirmed"]`).waitFor();
    await panel.locator(`li.hit[data-id="${ids[1]}"][data-status="dismissed"]`).waitFor();
    // …and saved.
    await panel.locator('#message.okay').waitFor();
    await expect.poll(() => status(ids[0]!)).toBe('confirmed');
    await expect.poll(() => status(ids[1]!)).toBe('dismissed');
    expect(await status(ids[2]!)).toBe('new');
    expect(await reasonOf(ids[0]!)).toBe('Counterfeit goods: fake hologram on the box');
    expect(await reasonOf(ids[1]!)).toBe('Not our item');
  });

  it('selects with x and confirms the selection at once (bulk)', async () => {
    const ids = await rowIds();
    await panel.keyboard.press('x'); // select #3
    await panel.keyboard.press('j');
    await panel.keyboard.press('x'); // select #4
    await panel.locator('#bulk', { hasText: '2 selected' }).waitFor();
    await panel.keyboard.press('c');
    await panel.locator('dialog.reason h2', { hasText: 'Confirm 2 hits' }).waitFor();
    await answerReason('4'); // Repeat infringer
    await panel.locator('#message', { hasText: '2 hits confirmed' }).waitFor();
    await expect.poll(() => status(ids[3]!)).toBe('confirmed');
    await expect.poll(() => status(ids[4]!)).toBe('confirmed');
    expect(await status(ids[5]!)).toBe('new');
    expect(await reasonOf(ids[3]!)).toBe('Repeat infringer');
    await panel.locator('#counts', { hasText: 'confirmed 3' }).waitFor();
  });

  it(
    'shows the signals and the evidence thumbnail of the current hit (e) (saved to ' +
      'docs/screenshots/sidepanel.png with SCREENSHOTS=1)',
    async () => {
      const ids = await rowIds();
      await panel.locator(`li.hit[data-id="${flaggedId}"]`).click();
      await panel.keyboard.press('e');
      const img = panel.locator('.evidence img.thumb');
      await img.waitFor();
      expect(await img.evaluate((i: any) => i.complete && i.naturalWidth > 0)).toBe(true);
      expect(await panel.locator('#detail .signals li').count()).toBeGreaterThan(2);
      expect(ids).toContain(flaggedId);
      if (process.env.SCREENSHOTS) {
        await panel.setViewportSize({ width: 440, height: 1100 });
        await mkdir('docs/screenshots', { recursive: true });
        await panel.screenshot({ path: 'docs/screenshots/sidepanel.png' });
      }
    },
  );
});
