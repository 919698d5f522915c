/**
 * Discovery's triage queue in the side panel, in headless Chromium: a
 * reviewer sees the candidates ranked as the API ranks them, with kind,
 * score, sources and the reasons behind the score (page text shown as text);
 * accepts a streaming site (recorded as a pirate site, its sweep queued,
 * offered to Site blocking) and rejects a parked look-alike, each with a
 * reason; the API holds both decisions. A holder's panel has no Discovery tab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import type { CandidateCheck } from '../../crawler/store';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import { apiGet } from './helpers/api-server';
import { CHROME_BUILD, launchExtension, type ExtensionBrowser } from './helpers/extension';
import { connect } from './helpers/session';

let api: TestApi;
let b: ExtensionBrowser;
let panel: Page;
const id = { stream: 0, parked: 0, blog: 0 };
const XSS = '<img src=x onerror="document.title=\'pwned\'">';

const check = (c: Partial<CandidateCheck>): CandidateCheck => ({
  addresses: ['192.0.2.7'],
  origin: null,
  kind: 'unrelated',
  named: [],
  signals: [],
  template: null,
  fingerprint: null,
  hosting: null,
  mirrorOf: [],
  score: 0,
  infringing: false,
  ...c,
});

async function seed(domain: string, detail: string, c: CandidateCheck): Promise<number> {
  const { candidate } = await api.store.discovery.noteFound({
    domain,
    unicode: domain,
    source: { source: 'lookalike', detail },
    nameReasons: [{ kind: 'term', term: 'lantern keeper', termKind: 'work', detail: `names "lantern keeper"` }],
    holderIds: ['silverpine'],
  });
  await api.store.discovery.saveCheck(candidate.id, c);
  return candidate.id;
}

beforeAll(async () => {
  api = await startTestApi();
  id.parked = await seed(
    'lanternkeeper.xyz',
    'typo family',
    check({ kind: 'parked', score: 0.35, signals: [{ signal: 'parking', detail: 'domain for sale', weight: 0.3 }] }),
  );
  id.stream = await seed(
    'lanternkeeper-stream.net',
    'term + word',
    check({
      kind: 'streaming',
      template: 'wordpress-video-theme',
      origin: 'http://lanternkeeper-stream.net',
      score: 0.85,
      infringing: true,
      named: [{ term: 'lantern keeper', kind: 'work', holderIds: ['silverpine'] }],
      signals: [
        { signal: 'player_frames', detail: '3 player iframes', weight: 0.3 },
        { signal: 'piracy_words', detail: 'watch free full movie', weight: 0.1 },
      ],
    }),
  );
  id.blog = await seed(
    'lanternkeeper-review.org',
    XSS,
    check({ kind: 'unrelated', score: 0.2, signals: [{ signal: 'blog', detail: XSS, weight: 0 }] }),
  );
  b = await launchExtension(CHROME_BUILD);
  await connect(b, api.url, api.tokens.reviewer);
  panel = await b.context.newPage();
  await panel.setViewportSize({ width: 460, height: 1000 });
  await panel.goto(`${b.origin}/sidepanel.html`);
  await panel.locator('#tab-discovery:not([hidden])').waitFor();
}, 120_000);

afterAll(async () => {
  await b?.close();
  await api?.close();
});

describe('the Discovery tab', () => {
  it('lists the candidates as the API ranks them, with kind, score, sources and reasons', async () => {
    await panel.click('#tab-discovery');
    await panel.locator('.candidate').nth(2).waitFor();
    const shown = await panel.locator('.candidate').evaluateAll((els) => els.map((e) => e.getAttribute('data-domain')));
    const ranked = await apiGet<{ candidates: { domain: string }[] }>(
      `${api.url}/v1/discovery/candidates`,
      api.tokens.reviewer,
    );
    expect(shown).toEqual(ranked.candidates.map((c) => c.domain));
    expect(shown[0]).toBe('lanternkeeper-stream.net');

    const stream = panel.locator(`.candidate[data-candidate="${id.stream}"]`);
    expect(await stream.locator('[data-testid=kind]').textContent()).toBe('streaming');
    expect(await stream.locator('.score').textContent()).toBe('0.85');
    expect(await stream.locator('[data-testid=sources]').textContent()).toBe('lookalike: term + word');
    const reasons = await stream.locator('[data-testid=reasons] li').allTextContents();
    expect(reasons).toContain('term: names "lantern keeper"');
    expect(reasons).toContain('+0.3 player frames: 3 player iframes');

    // What a crawled page or a list said is text, never markup.
    const blog = panel.locator(`.candidate[data-candidate="${id.blog}"]`);
    expect(await blog.locator('[data-testid=sources]').textContent()).toBe(`lookalike: ${XSS}`);
    expect(await panel.locator('.candidate img').count()).toBe(0);
    expect(await panel.title()).not.toBe('pwned');
  });

  it('accepts one with a reason: a pirate site, its sweep queued, offered to Site blocking', async () => {
    const stream = panel.locator(`.candidate[data-candidate="${id.stream}"]`);
    await stream.locator('[data-action=accept]').click();
    // A decision needs its reason.
    await panel.locator('#discovery-message.error', { hasText: 'Say why' }).waitFor();
    expect(
      (await apiGet<{ status: string }>(`${api.url}/v1/discovery/candidates/${id.stream}`, api.tokens.reviewer)).status,
    ).toBe('new');

    await stream.locator('[data-field=reason]').fill('pirate streaming of The Lantern Keeper');
    await stream.locator('[data-action=accept]').click();
    await stream.locator('[data-testid=pirate-site]').waitFor();
    expect(await stream.getAttribute('data-status')).toBe('accepted');
    expect(await stream.locator('[data-testid=sweep]').getAttribute('data-queued')).toBe('true');
    expect(await stream.locator('[data-testid=sweep]').textContent()).toMatch(/Sweep queued \(pirate-streaming\)/);
    const siteId = Number(await stream.locator('[data-testid=pirate-site]').getAttribute('data-site'));

    const c = await apiGet<Record<string, unknown>>(
      `${api.url}/v1/discovery/candidates/${id.stream}`,
      api.tokens.reviewer,
    );
    expect(c).toMatchObject({
      status: 'accepted',
      pirateSiteId: siteId,
      adapter: 'pirate-streaming',
      sweepStatus: 'queued',
      decisionReason: 'pirate streaming of The Lantern Keeper',
    });

    await stream.locator('[data-action=to-blocking]').click();
    expect(await panel.locator('#tab-blocking').getAttribute('aria-selected')).toBe('true');
    await panel.locator('#sites', { hasText: 'lanternkeeper-stream.net is already recorded' }).waitFor();
    await panel.locator(`#sites .notice[data-site="${siteId}"] li[data-domain="lanternkeeper-stream.net"]`).waitFor();
  });

  it('rejects another with a reason; the queue no longer holds either', async () => {
    await panel.click('#tab-discovery');
    await panel.locator(`.candidate[data-candidate="${id.parked}"]`).waitFor();
    expect(await panel.locator(`.candidate[data-candidate="${id.stream}"]`).count()).toBe(0);
    const parked = panel.locator(`.candidate[data-candidate="${id.parked}"]`);
    await parked.locator('[data-field=reason]').fill('parked, for sale');
    await parked.locator('[data-action=reject]').click();
    await parked.locator('[data-testid=outcome]', { hasText: 'rejected: parked, for sale' }).waitFor();

    const c = await apiGet<Record<string, unknown>>(
      `${api.url}/v1/discovery/candidates/${id.parked}`,
      api.tokens.reviewer,
    );
    expect(c).toMatchObject({ status: 'rejected', decisionReason: 'parked, for sale', pirateSiteId: null });
    const queue = await apiGet<{ candidates: { id: number }[] }>(
      `${api.url}/v1/discovery/candidates`,
      api.tokens.reviewer,
    );
    expect(queue.candidates.map((x) => x.id)).toEqual([id.blog]);

    await panel.selectOption('#discovery-status', 'rejected');
    await panel.locator(`.candidate[data-candidate="${id.parked}"][data-status=rejected]`).waitFor();
  });

  it('is not offered to a holder', async () => {
    await connect(b, api.url, api.tokens.holderA);
    await panel.reload();
    // The tab is settled before the inbox loads.
    await panel.locator('#message', { hasText: 'No hits for these filters.' }).waitFor();
    expect(await panel.locator('#tab-discovery').isHidden()).toBe(true);
    const res = await fetch(`${api.url}/v1/discovery/candidates`, {
      headers: { authorization: `Bearer ${api.tokens.holderA}` },
    });
    expect(res.status).toBe(403);
  });
});
