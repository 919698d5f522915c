/**
 * From confirmed hits to sent notices and a site-blocking request, all from
 * the side panel in headless Chromium: a reviewer confirms three hits, groups
 * them into cases, sees the holder's readiness and the accuracy gate's
 * refusal of an unconfirmed hit, builds and edits a China E-Commerce Law
 * notice and a DMCA notice, sends both through a real local SMTP server (the
 * outbox round `serve` runs), records a platform's answer and a counter-
 * notice with its deadline, and builds a blocking request for the demo video
 * site (served as streamvault.com) with a mirror, addressed through RDAP.
 * Every step is in the audit log.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { RdapClient, type Resolver } from '../../crawler/blocking/rdap';
import { OutboundPolicy } from '../../crawler/fetch/outbound-policy';
import { smtpTransport } from '../../crawler/notices';
import { startEmbeddedNotify } from '../../crawler/runner/notify-scheduler';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { startRdapFixtureServer, type RdapFixtureServer } from '../fixtures/rdap/server';
import { startTestApi, type TestApi } from '../integration/helpers/api';
import { loopbackOutbound } from '../integration/helpers/outbound';
import { decoded, header, startSmtp, type Mail } from '../integration/helpers/smtp';
import { apiGet } from './helpers/api-server';
import { CHROME_BUILD, launchExtension, type ExtensionBrowser } from './helpers/extension';
import { connect } from './helpers/session';

const DNS: Record<string, string[]> = { 'streamvault.com': ['192.0.2.10'], 'reelmirror.com': ['2001:db8::20'] };
const resolve: Resolver = async (host) => {
  const ips = DNS[host];
  if (!ips) throw Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return ips;
};

let sites: DemoSites;
let rdap: RdapFixtureServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let api: TestApi;
let outbox: { stop(): Promise<void> };
let b: ExtensionBrowser;
let panel: Page;
/** The hits worked on: two fakes and one unconfirmed listing of Voltrix's, one pirate copy of Silverpine's. */
const hit = { vx1: 0, vx2: 0, vxNew: 0, film: 0 };
const url = { vx1: '', vx2: '', vxNew: '', film: '' };

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function seedHit(listingUrl: string, itemId: string, title: string, kind: 'product' | 'video') {
  await api.store.listings.upsert({
    url: listingUrl,
    site: kind === 'video' ? 'demo-video' : 'demo-market',
    kind,
    title,
    images: [],
    seller: { id: `seller-${itemId}`, name: `Seller of ${itemId}` },
    fetchedAt: '2026-11-20T08:00:00.000Z',
  });
  const sha = await api.store.evidence.save(Buffer.from(`<html><title>${title}</title>${listingUrl}</html>`), {
    kind: 'html',
    contentType: 'text/html',
    listingUrl,
    capturedAt: '2026-11-20T08:00:00.000Z',
  });
  return api.store.hits.upsert({
    listingUrl,
    itemId,
    score: 0.92,
    signals: [
      { name: 'brand_term', weight: 0.3, evidence: title },
      kind === 'video'
        ? { name: 'piracy_words', weight: 0.3, evidence: 'full movie' }
        : { name: 'counterfeit_words', weight: 0.3, evidence: 'replica' },
    ],
    evidenceSha256: sha,
  });
}

const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.tokens.admin}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`).toBe(true);
  return (await res.json()) as Record<string, any>;
};

beforeAll(async () => {
  [sites, rdap, smtp] = await Promise.all([
    startDemoSites({ latencyMs: 0 }),
    startRdapFixtureServer({ slowMs: 3000 }),
    startSmtp(),
  ]);
  const port = await freePort();
  api = await startTestApi({
    port,
    config: { smtpUrl: smtp.url, publicUrl: `http://127.0.0.1:${port}` },
    rdap: new RdapClient({
      bootstrapBaseUrl: rdap.bootstrapBaseUrl,
      resolve,
      timeoutMs: 2000,
      outbound: loopbackOutbound,
    }),
  });
  // The outbox round `counterscan serve` runs on a timer, against the local SMTP server.
  outbox = startEmbeddedNotify(
    {
      store: api.store,
      transport: smtpTransport(smtp.url),
      from: 'counterscan <notices@localhost>',
      outbound: new OutboundPolicy({ allow: [] }),
    },
    300,
  );
  // Profiles that notices can rely on: Voltrix's registration number (China), Silverpine's agent's phone (DMCA).
  const voltrix = await admin('GET', '/v1/holders/voltrix');
  await admin('PUT', '/v1/holders/voltrix', {
    ...voltrix,
    identityNumber: '91330200MA2H8XYZ1Q',
    signatory: { name: 'Li Wei' },
  });
  const silverpine = await admin('GET', '/v1/holders/silverpine');
  await admin('PUT', '/v1/holders/silverpine', {
    ...silverpine,
    signatory: { name: 'Dana Reyes' },
    agent: { ...silverpine.agent, phone: '+1 212 555 0188', city: 'New York', country: 'US' },
  });
  for (const c of [
    { id: 'demo-market', name: 'Demo Market IP team', email: 'ip-notices@market.example', party: {} },
    { id: 'demo-video', name: 'Demo Video designated agent', email: 'dmca-agent@video.example', party: {} },
    { id: 'isp-north', name: 'North Broadband abuse desk', email: 'blocking@isp-north.example', party: {} },
  ])
    await admin('PUT', `/v1/channels/${c.id}`, c);

  const fake = sites.model.market.find((l) => l.itemId === 'vx-18650' && !l.broken) ?? sites.model.market[0]!;
  url.vx1 = `${sites.market.origin}${fake.path}`;
  url.vx2 = `${sites.market.origin}/listing/vx-everpack-replica`;
  url.vxNew = `${sites.market.origin}/listing/vx-18650-unchecked`;
  const film = sites.model.video.find((l) => l.itemId === 'sp-lantern-keeper' && l.label === 'pirated');
  url.film = `http://streamvault.com${film?.path ?? '/watch/lantern-keeper-full-movie'}`;
  hit.vx1 = await seedHit(url.vx1, 'vx-18650', '伏特力 18650 replica battery', 'product');
  hit.vx2 = await seedHit(url.vx2, 'vx-everpack', 'Everpack 1000 power station replica', 'product');
  hit.vxNew = await seedHit(url.vxNew, 'vx-18650', '伏特力 18650 cheap', 'product');
  hit.film = await seedHit(url.film, 'sp-lantern-keeper', 'The Lantern Keeper full movie free', 'video');

  b = await launchExtension(CHROME_BUILD, {
    hosts: { names: ['streamvault.com'], ports: { http: sites.video.port, https: sites.video.port } },
  });
  await connect(b, api.url, api.tokens.reviewer);
  panel = await b.context.newPage();
  await panel.setViewportSize({ width: 460, height: 1000 });
  await panel.goto(`${b.origin}/sidepanel.html`);
  await panel.locator('li.hit').first().waitFor();
}, 120_000);

afterAll(async () => {
  await outbox?.stop();
  await b?.close();
  await api?.close();
  await smtp?.close();
  await rdap?.close();
  await sites?.close();
});

const status = async (id: number) =>
  (await apiGet<{ status: string }>(`${api.url}/v1/hits/${id}`, api.tokens.reviewer)).status;
const row = (id: number) => panel.locator(`li.hit[data-id="${id}"]`);

/** Tick what the signer states, name the signer, and write the description. */
async function fillWords(signature: string, explanation: string, measures: string[] = []) {
  await panel.fill('#signature', signature);
  for (const s of ['goodFaith', 'accurate', 'authorised', 'complete'])
    await panel.locator(`input[data-statement="${s}"]`).check();
  for (const m of measures) await panel.locator(`input[data-measure="${m}"]`).check();
  await panel.fill('#explanation', explanation);
}

/** Press Refresh on the outbox until the notice is in `state`. */
async function waitForState(noticeId: number, state: string) {
  await expect
    .poll(
      async () => {
        await panel.click('#outbox-refresh');
        await panel.waitForTimeout(200);
        return panel.locator(`.notice[data-notice="${noticeId}"]`).getAttribute('data-state');
      },
      { timeout: 20_000, interval: 300 },
    )
    .toBe(state);
}

const mailTo = (to: string): Mail | undefined => smtp.mails.find((m) => m.to.includes(to));
let cnNotice = 0;
let dmcaNotice = 0;

describe('from the side panel to sent notices and a blocking request', () => {
  it('confirms three hits (x selects, c confirms the selection)', async () => {
    for (const id of [hit.vx1, hit.vx2, hit.film]) {
      await row(id).click();
      await panel.keyboard.press('x');
    }
    await panel.locator('#bulk', { hasText: '3 selected' }).waitFor();
    await panel.keyboard.press('c');
    // c asks why first (the reason prompt): a digit picks one, Enter applies it to the selection.
    await panel.locator('dialog.reason[open]').waitFor();
    await panel.keyboard.press('1');
    await panel.keyboard.press('Enter');
    await panel.locator('dialog.reason').waitFor({ state: 'detached' });
    await panel.locator('#message', { hasText: '3 hits confirmed' }).waitFor();
    for (const id of [hit.vx1, hit.vx2, hit.film]) await expect.poll(() => status(id)).toBe('confirmed');
    expect(await status(hit.vxNew)).toBe('new');
  });

  it('groups the Voltrix hits into a case, shows readiness per regime, refuses the unconfirmed hit', async () => {
    await panel.selectOption('#status', '');
    await row(hit.vxNew).waitFor();
    for (const id of [hit.vx1, hit.vx2, hit.vxNew]) {
      await row(id).click();
      await panel.keyboard.press('x');
    }
    await panel.click('#to-case');
    await panel.locator('#notices:not([hidden]) [data-testid=chosen]', { hasText: '3 hits chosen' }).waitFor();
    await panel.click('#case-create');
    await panel.locator('[data-testid=case-hits] li').nth(2).waitFor();

    // Readiness before anything is written: Voltrix's profile has no phone, which a DMCA notice needs…
    await panel.selectOption('#regime', 'dmca');
    const dmcaReady = panel.locator('[data-testid=readiness]');
    await expect.poll(() => dmcaReady.getAttribute('data-ready')).toBe('false');
    expect(await dmcaReady.textContent()).toMatch(/phone/i);
    // …while a China E-Commerce Law notice has all it needs (the registration number is on file).
    await panel.selectOption('#regime', 'cn-ecommerce');
    await expect.poll(() => dmcaReady.getAttribute('data-ready')).toBe('true');
    await panel.selectOption('#channel', 'demo-market');

    await fillWords('Li Wei', 'Counterfeit batteries under our mark 伏特力.', ['delete']);
    await panel.click('#build');
    const refusal = panel.locator(`[data-testid=refusals] li[data-hit="${hit.vxNew}"]`);
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('not_confirmed');
    expect(await refusal.textContent()).toContain(url.vxNew);
    expect(await refusal.textContent()).toMatch(/is new: a reviewer must confirm/);
    expect(await panel.locator('[data-testid=refusals] li').count()).toBe(1);
  });

  it('builds the China notice once the unconfirmed hit is out, previews it, edits its description', async () => {
    await panel.click(`button[aria-label="take hit ${hit.vxNew} out of the case"]`);
    await expect.poll(() => panel.locator('[data-testid=case-hits] li').count()).toBe(2);
    await panel.selectOption('#regime', 'cn-ecommerce');
    await panel.selectOption('#channel', 'demo-market');
    await fillWords('Li Wei', 'Counterfeit batteries under our mark 伏特力.', ['delete']);
    await panel.click('#build');
    const preview = panel.locator('[data-testid=preview]');
    await preview.waitFor();
    cnNotice = Number(await preview.getAttribute('data-notice'));
    const text = (await panel.locator('[data-testid=preview-text]').textContent())!;
    expect(text).toContain('91330200MA2H8XYZ1Q');
    expect(text).toContain(url.vx1);
    expect(text).toContain('Counterfeit batteries under our mark');
    expect(text).toMatch(new RegExp(`/v1/notices/${cnNotice}/evidence\\.zip\\?key=`));
    expect(await panel.locator('[data-testid=preview-html]').textContent()).toContain('<');

    // The free text is edited in place: the same draft, rebuilt.
    await panel.fill('#explanation', 'Forged labels with our registered mark 伏特力 on every cell.');
    await panel.click('#build');
    await panel
      .locator(`[data-testid=preview][data-notice="${cnNotice}"] [data-testid=preview-text]`, {
        hasText: 'Forged labels',
      })
      .waitFor();
    const server = await apiGet<{ text: string; state: string }>(
      `${api.url}/v1/notices/${cnNotice}`,
      api.tokens.reviewer,
    );
    expect(server.state).toBe('draft');
    expect(server.text).toContain('Forged labels');
    expect(server.text).not.toContain('Counterfeit batteries under our mark');
    // Email goes out from this server: no "send it by hand" warning.
    expect(await panel.locator('[data-testid=no-smtp]').count()).toBe(0);
  });

  it('sends it: queued then sent, and the platform receives it with its evidence package', async () => {
    await panel.click(`.notice[data-notice="${cnNotice}"] [data-action=send]`);
    await waitForState(cnNotice, 'sent');
    const mail = mailTo('ip-notices@market.example');
    expect(mail, 'the China notice reached the platform').toBeDefined();
    expect(header(mail!.raw, 'Subject')).toBeTruthy();
    const body = decoded(mail!.raw);
    expect(body).toContain(url.vx1);
    expect(body).toContain(url.vx2);
    expect(body).toContain('91330200MA2H8XYZ1Q');
    expect(body).toMatch(/Forged labels/);
    expect(mail!.raw).toMatch(new RegExp(`filename="?evidence-notice-${cnNotice}\\.zip`));
    expect(body).toMatch(new RegExp(`/v1/notices/${cnNotice}/evidence\\.zip\\?key=`));
    expect(header(mail!.raw, 'X-Counterscan-Regime')).toBe('cn-ecommerce');

    // The platform's answer.
    const cn = panel.locator(`.notice[data-notice="${cnNotice}"]`);
    await cn.locator('select[data-field=event]').selectOption('acknowledged');
    await cn.locator('[data-action=record-event]').click();
    await waitForState(cnNotice, 'acknowledged');
  });

  it('sends a DMCA notice for the pirate copy, records a counter-notice, shows its deadline', async () => {
    await panel.click('#tab-inbox');
    await row(hit.film).click();
    await panel.click('#hit-case');
    await panel.locator('[data-testid=chosen]', { hasText: '1 hit chosen' }).waitFor();
    await panel.click('#case-create');
    await panel.locator(`[data-testid=case-hits] li[data-hit="${hit.film}"]`).waitFor();
    await panel.selectOption('#regime', 'dmca');
    await panel.selectOption('#channel', 'demo-video');
    await expect.poll(() => panel.locator('[data-testid=readiness]').getAttribute('data-ready')).toBe('true');
    await fillWords('Dana Reyes', 'A full copy of the film, streamed without licence.');
    await panel.click('#build');
    await panel.locator('[data-testid=preview]').waitFor();
    dmcaNotice = Number(await panel.locator('[data-testid=preview]').getAttribute('data-notice'));
    expect(await panel.locator('[data-testid=subject]').textContent()).toMatch(/DMCA notice/);
    await panel.click(`.notice[data-notice="${dmcaNotice}"] [data-action=send]`);
    await waitForState(dmcaNotice, 'sent');

    const mail = mailTo('dmca-agent@video.example');
    expect(mail, 'the DMCA notice reached the designated agent').toBeDefined();
    expect(header(mail!.raw, 'Subject')).toMatch(/DMCA notice of claimed infringement: The Lantern Keeper/);
    const body = decoded(mail!.raw);
    expect(body).toContain(url.film);
    expect(body).toContain('A full copy of the film');
    expect(body).toContain('Dana Reyes');
    expect(mail!.raw).toMatch(new RegExp(`filename="?evidence-notice-${dmcaNotice}\\.zip`));
    expect(smtp.mails).toHaveLength(2);

    const dmca = panel.locator(`.notice[data-notice="${dmcaNotice}"]`);
    await dmca.locator('summary', { hasText: 'Record a counter-notice' }).click();
    await dmca.locator('[data-field=cn-sender]').fill('Stream Uploader, 1 Main St, Springfield');
    await dmca.locator('[data-field=cn-statement]').fill('I swear the removal was a mistake.');
    await dmca.locator('[data-action=record-counter]').click();
    const counter = panel.locator(`.notice[data-notice="${dmcaNotice}"] [data-testid=counter-notice]`);
    await counter.waitFor();
    const deadline = (await counter.getAttribute('data-deadline'))!;
    expect(await counter.textContent()).toContain(`deadline ${deadline.slice(0, 10)}`);
    // DMCA § 512(g): restored no less than 10 and no more than 14 business days after the counter-notice.
    const days = (new Date(deadline).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13);
    expect(days).toBeLessThan(21);
  });

  it('builds a site-blocking request for the demo video site with a mirror, addressed through RDAP', async () => {
    await panel.click('#tab-inbox');
    await row(hit.film).click();
    await panel.click('#hit-block');
    await expect.poll(() => panel.inputValue('#site-domain')).toBe('streamvault.com');
    await panel.fill('#site-name', 'StreamVault (demo video site)');
    await panel.click('#site-record');
    const site = panel.locator('[data-site]', { hasText: 'StreamVault' });
    await site.locator('li[data-domain="streamvault.com"][data-role=primary]').waitFor();
    await site.locator('summary', { hasText: 'Link a mirror' }).click();
    await site.locator('[data-field=mirror-domain]').fill('reelmirror.com');
    await site.locator('[data-field=mirror-reason]').fill('Same catalogue, same player and page template');
    await site.locator('[data-action=link-mirror]').click();
    await site.locator('li[data-domain="reelmirror.com"][data-role=mirror]').waitFor();

    await site.locator('summary', { hasText: 'Build a blocking request' }).click();
    await site
      .locator('[data-field=legal-ground]')
      .fill('Copyright Act s. 97A: the site makes our films available without licence.');
    await site.locator('input[data-provider="isp-north"]').check();
    await site.locator('[data-action=build-request]').click();
    const addressees = site.locator('[data-testid=addressees] tr');
    await addressees.first().waitFor({ timeout: 20_000 });
    const roles = await addressees.evaluateAll((els) => els.map((e: any) => e.getAttribute('data-role')));
    expect(roles).toEqual(expect.arrayContaining(['registrar', 'access_provider']));
    expect(await site.locator('[data-testid=addressees] tr[data-email="blocking@isp-north.example"] a').count()).toBe(
      1,
    );
    const text = (await site.locator('[data-testid=request-text]').textContent())!;
    expect(text).toContain('streamvault.com');
    expect(text).toContain('reelmirror.com');
    const download = panel.waitForEvent('download');
    await site.locator('[data-action=export-json]').click();
    expect((await download).suggestedFilename()).toMatch(/^blocking-request-\d+\.json$/);
  });

  it('every step is in the audit log', async () => {
    const { entries } = await admin('GET', '/v1/audit?limit=500');
    const actions = (entries as { action: string; target: string }[]).map((e) => `${e.action} ${e.target}`);
    const has = (re: RegExp) =>
      expect(
        actions.some((a) => re.test(a)),
        String(re),
      ).toBe(true);
    for (const id of [hit.vx1, hit.vx2, hit.film]) has(new RegExp(`^hit\\.status hit:${id}$`));
    has(/^case\.create /);
    has(/^case\.remove_hit /);
    for (const n of [cnNotice, dmcaNotice]) {
      has(new RegExp(`^notice\\.create notice:${n}$`));
      has(new RegExp(`^notice\\.queue notice:${n}$`));
      has(new RegExp(`^notice\\.sent notice:${n}$`));
    }
    has(new RegExp(`^notice\\.revise notice:${cnNotice}$`));
    has(new RegExp(`^notice\\.acknowledged notice:${cnNotice}$`));
    has(/^notice\.counter_notice /);
    has(/^pirate_site\.create /);
    has(/^pirate_site\.mirror /);
    has(/^blocking_request\.create /);
  });
});
