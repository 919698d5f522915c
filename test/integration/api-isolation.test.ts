/**
 * What one holder does must not change or reveal another holder's records
 * (issue 10, items 1, 2, 7 and 8), on PGlite and on PostgreSQL: a flag's
 * listing data stays with the flagger; the notice gate counts only the
 * holder's own notices; a holder's mirror on a shared pirate site is a
 * suggestion pending review; seller risk and campaign figures are the
 * holder's own.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Signal } from '../../shared/model';
import { startTestApi, type StoreKind, type TestApi } from './helpers/api';

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const STATEMENTS = { goodFaith: true, accurate: true, complete: true, authorised: true };
const CONTACT = {
  address: '12 Quay Street',
  city: 'Dublin',
  postalCode: 'D02 X285',
  phone: '+353 1 555 0101',
  country: 'IE',
};

describe.each<StoreKind>(['pglite', 'postgres'])('cross-holder isolation on %s', (kind) => {
  let api: TestApi;
  let seq = 0;
  const as = (token: string, method: InjectOptions['method'], url: string, payload?: unknown) =>
    api.app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${token}` } });
  const asA = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    as(api.tokens.holderA, method, url, payload);
  const asB = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    as(api.tokens.holderB, method, url, payload);
  const asReviewer = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    as(api.tokens.reviewer, method, url, payload);
  const itemOf = async (holder: string, n = 0) => (await api.store.catalogue.items({ holder }))[n]!;

  /** A crawled listing with a confirmed hit of `holder`'s item, with the page as evidence. */
  async function crawledHit(
    holder: string,
    o: {
      url?: string;
      seller?: string;
      price?: number;
      signals?: Signal[];
      status?: 'new' | 'confirmed';
      itemIndex?: number;
    } = {},
  ) {
    const item = await itemOf(holder, o.itemIndex);
    const url = o.url ?? `http://127.0.0.1:8401/item/iso-${++seq}-${randomUUID().slice(0, 6)}`;
    if (!o.url) {
      await api.store.listings.upsert({
        url,
        site: 'demo-market',
        kind: 'product',
        title: `${item.title} cracked keygen ${seq}`,
        price: o.price ?? 12,
        currency: 'CNY',
        images: [],
        seller: { id: o.seller ?? `shop-${seq}`, name: o.seller ?? `Shop ${seq}` },
        fetchedAt: '2026-11-20T08:00:00.000Z',
      });
    }
    const sha = await api.store.evidence.save(Buffer.from(`<html>${url} ${holder}</html>`), {
      kind: 'html',
      contentType: 'text/html',
      listingUrl: url,
      capturedAt: '2026-11-20T08:00:00.000Z',
    });
    const id = await api.store.hits.upsert({
      listingUrl: url,
      itemId: item.id,
      score: 0.9,
      signals: o.signals ?? [
        { name: 'brand_term', weight: 0.2, evidence: item.title },
        { name: 'piracy_words', weight: 0.25, evidence: 'cracked' },
      ],
      evidenceSha256: sha,
    });
    if ((o.status ?? 'confirmed') === 'confirmed')
      await api.store.inbox.setStatus([id], 'confirmed', 'checked the page', 'test', { holderId: null });
    return { id, url, item };
  }
  const openCase = async (token: string, hitIds: number[]) => {
    const res = await as(token, 'POST', '/v1/cases', { title: `case ${++seq}`, hitIds });
    expect(res.statusCode, res.body).toBe(201);
    return json(res).id as number;
  };
  /** A notice draft: DMCA for A's software, an EU DSA notice for B's trademarks and designs. */
  const draft = (token: string, caseId: number) =>
    as(token, 'POST', `/v1/cases/${caseId}/notices`, {
      ...(token === api.tokens.holderB
        ? { regime: 'eu-dsa', explanation: 'Counterfeit goods under our registered marks and designs.' }
        : { regime: 'dmca' }),
      channelId: 'demo-market',
      signature: { name: 'Amélie Dufresne' },
      statements: STATEMENTS,
    });
  const flag = (token: string, url: string, itemId: string, listing: Record<string, unknown>) =>
    as(token, 'POST', '/v1/flags', {
      flagId: randomUUID(),
      url,
      listing,
      itemId,
      reason: 'counterfeit',
      capturedAt: '2026-11-26T10:00:00Z',
    });

  beforeAll(async () => {
    api = await startTestApi({ store: kind });
    // Notices need each holder's full contact and a channel.
    for (const holder of [api.holderIds.a, api.holderIds.b]) {
      const h = (await api.store.catalogue.holder(holder))!;
      const res = await as(api.tokens.admin, 'PUT', `/v1/holders/${holder}`, {
        ...h,
        ...CONTACT,
        email: h.email ?? `legal@${holder}.example`,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const put = await as(api.tokens.admin, 'PUT', '/v1/channels/demo-market', {
      id: 'demo-market',
      name: 'Demo Market IP team',
      email: 'ip-notices@market.example',
      party: { addressLine1: '1 Market Way', countryCode: 'US' },
    });
    expect(put.statusCode, put.body).toBe(200);
  });
  afterAll(async () => api?.close());

  describe("a flag's listing data stays with the flagger (item 1)", () => {
    it(
      "B's flag on A's URL changes no field of A's hit and leaves " + "A's notice path open; B's hit keeps B's values",
      async () => {
        const a = await crawledHit(api.holderIds.a, { seller: 'copyshop_77' });
        const authorised = a.item.authorisedSellers[0]!;
        const before = json(await asA('GET', `/v1/hits/${a.id}`));
        const beforeReviewer = json(await asReviewer('GET', `/v1/hits/${a.id}`));
        expect(before).toMatchObject({ price: 12, currency: 'CNY', sellerId: 'copyshop_77' });

        const bItem = await itemOf(api.holderIds.b);
        const flagged = await flag(api.tokens.holderB, a.url, bItem.id, {
          title: `${bItem.title} genuine`,
          price: 1,
          currency: 'USD',
          seller: { id: authorised, name: authorised },
        });
        expect(flagged.statusCode, flagged.body).toBe(201);
        const bHit = json(flagged).hit;

        expect(json(await asA('GET', `/v1/hits/${a.id}`))).toEqual(before);
        expect(json(await asReviewer('GET', `/v1/hits/${a.id}`))).toEqual(beforeReviewer);
        expect(json(await asA('GET', `/v1/hits/${a.id}/history`)).entries.map((e: any) => e.action)).not.toContain(
          'hit.flag',
        );
        // A's notice is judged on what A's hit shows, not on the seller B sent.
        const notice = await draft(api.tokens.holderA, await openCase(api.tokens.holderA, [a.id]));
        expect(notice.statusCode, notice.body).toBe(201);

        // B's hit: the crawler's listing (the shared truth), with B's own values kept on B's flag.
        expect(bHit).toMatchObject({
          holderId: api.holderIds.b,
          listingSource: 'crawler',
          price: 12,
          currency: 'CNY',
          sellerId: 'copyshop_77',
        });
        expect(bHit.flag.listing).toEqual({
          title: `${bItem.title} genuine`,
          price: 1,
          currency: 'USD',
          sellerId: authorised,
          sellerName: authorised,
        });
        expect(json(await asB('GET', `/v1/hits/${bHit.id}`)).flag.listing).toMatchObject({
          price: 1,
          currency: 'USD',
          sellerId: authorised,
        });
      },
    );

    it('a URL no sweep has fetched shows each holder its own flag until the crawler fetches it', async () => {
      const url = `http://127.0.0.1:8401/item/flag-only-${randomUUID().slice(0, 8)}`;
      const [aItem, bItem] = [await itemOf(api.holderIds.a), await itemOf(api.holderIds.b)];
      const bFlag = await flag(api.tokens.holderB, url, bItem.id, {
        title: `${bItem.title} 1:1`,
        price: 1,
        currency: 'USD',
        seller: { id: aItem.authorisedSellers[0]! },
      });
      expect(bFlag.statusCode, bFlag.body).toBe(201);
      const aFlag = await flag(api.tokens.holderA, url, aItem.id, {
        title: `${aItem.title} cracked`,
        price: 5,
        currency: 'EUR',
        seller: { id: 'warez_hub' },
      });
      expect(aFlag.statusCode, aFlag.body).toBe(201);
      const aHit = json(aFlag).hit;
      expect(aHit).toMatchObject({
        listingSource: 'flag',
        title: `${aItem.title} cracked`,
        price: 5,
        currency: 'EUR',
        sellerId: 'warez_hub',
      });
      // B flags again: A's hit does not move.
      const again = await flag(api.tokens.holderB, url, bItem.id, {
        title: 'changed by B',
        price: 2,
        currency: 'USD',
        seller: { id: 'someone' },
      });
      expect(json(again).created).toBe(false);
      expect(json(await asA('GET', `/v1/hits/${aHit.id}`))).toEqual(aHit);
      const bHit = json(await asB('GET', `/v1/hits/${json(bFlag).hit.id}`));
      expect(bHit).toMatchObject({ listingSource: 'flag', title: 'changed by B', price: 2, sellerId: 'someone' });
      // A's notice gate reads A's own flag: warez_hub is not authorised.
      await api.store.inbox.setStatus([aHit.id], 'confirmed', 'seen', 'test', { holderId: null });
      const sha = await api.store.evidence.save(Buffer.from(`<html>${url}</html>`), {
        kind: 'html',
        contentType: 'text/html',
        listingUrl: url,
        capturedAt: '2026-11-26T10:00:00.000Z',
      });
      await api.store.db.query('INSERT INTO hit_evidence (hit_id, sha256) VALUES ($1, $2)', [aHit.id, sha]);
      expect((await draft(api.tokens.holderA, await openCase(api.tokens.holderA, [aHit.id]))).statusCode).toBe(201);
      // Once the crawler fetches the page, everyone sees what it saw.
      await api.store.listings.upsert({
        url,
        site: 'demo-market',
        kind: 'product',
        title: 'Crawled title',
        price: 40,
        currency: 'CNY',
        images: [],
        seller: { id: 'crawled_seller' },
        fetchedAt: '2026-11-27T00:00:00.000Z',
      });
      for (const [token, id] of [
        [api.tokens.holderA, aHit.id],
        [api.tokens.holderB, bHit.id],
      ] as const) {
        expect(json(await as(token, 'GET', `/v1/hits/${id}`))).toMatchObject({
          listingSource: 'crawler',
          title: 'Crawled title',
          price: 40,
          currency: 'CNY',
          sellerId: 'crawled_seller',
        });
      }
      expect(await api.store.listings.get(url)).toMatchObject({ title: 'Crawled title' });
    });
  });

  describe("the notice gate counts only the holder's own notices (item 2)", () => {
    it("B may notice a URL under A's open notice for its own rights; A may not notice it twice", async () => {
      const a = await crawledHit(api.holderIds.a);
      const aNotice = await draft(api.tokens.holderA, await openCase(api.tokens.holderA, [a.id]));
      expect(aNotice.statusCode, aNotice.body).toBe(201);
      const aNoticeId = json(aNotice).id as number;

      const b = await crawledHit(api.holderIds.b, { url: a.url });
      const bNotice = await draft(api.tokens.holderB, await openCase(api.tokens.holderB, [b.id]));
      expect(bNotice.statusCode, bNotice.body).toBe(201);
      expect(bNotice.body).not.toContain(`notice ${aNoticeId}`);

      // A's own second notice on the URL (another of A's items) is refused, naming A's notice.
      const again = await crawledHit(api.holderIds.a, { url: a.url, itemIndex: 1 });
      const refused = await draft(api.tokens.holderA, await openCase(api.tokens.holderA, [again.id]));
      expect(refused.statusCode, refused.body).toBe(409);
      expect(json(refused).error.problems).toEqual([
        `${a.url}: already named in notice ${aNoticeId}, which is still open`,
      ]);
    });
  });

  describe("a holder's mirror for a shared pirate site is a suggestion pending review (item 7)", () => {
    it('stays out of the site and of every blocking request until a reviewer accepts it', async () => {
      const created = await asReviewer('POST', '/v1/pirate-sites', {
        name: 'SharedFlix',
        domain: 'sharedflix.example',
      });
      expect(created.statusCode, created.body).toBe(201);
      const siteId = json(created).id as number;
      const request = async (token: string) => {
        const res = await as(token, 'POST', `/v1/pirate-sites/${siteId}/blocking-requests`, {
          legalGround: 'Copyright infringement on a commercial scale.',
          accessProviders: ['demo-market'],
        });
        expect(res.statusCode, res.body).toBe(201);
        return json(res);
      };

      const suggested = await asA('POST', `/v1/pirate-sites/${siteId}/mirrors`, {
        domain: 'a-mirror.example',
        reason: 'same player page and poster CDN',
      });
      expect(suggested.statusCode, suggested.body).toBe(202);
      expect(json(suggested).domains.map((d: any) => d.domain)).toEqual(['sharedflix.example']);
      expect(json(suggested).suggestions).toEqual([
        expect.objectContaining({
          domain: 'a-mirror.example',
          holderId: api.holderIds.a,
          status: 'pending',
          reasons: [{ signal: 'holder', detail: 'same player page and poster CDN' }],
        }),
      ]);
      // Nobody else's view or request carries it; nor does A's own request while it is pending.
      for (const token of [api.tokens.holderB, api.tokens.holderA, api.tokens.reviewer]) {
        const r = await request(token);
        expect(r.package.domains.map((d: any) => d.domain)).toEqual(['sharedflix.example']);
        expect(r.text).not.toContain('a-mirror.example');
      }
      expect((await asB('GET', `/v1/pirate-sites/${siteId}`)).body).not.toContain('a-mirror.example');
      expect((await asB('GET', '/v1/pirate-sites')).body).not.toContain('a-mirror.example');
      const { rows } = await api.store.db.query('SELECT domain FROM pirate_site_domains WHERE site_id = $1', [siteId]);
      expect(rows).toEqual([{ domain: 'sharedflix.example' }]);

      // Holders cannot decide; a reviewer sees the suggestion and accepts it.
      const pending = json(await asReviewer('GET', `/v1/pirate-sites/${siteId}`)).suggestions;
      expect(pending).toEqual([expect.objectContaining({ domain: 'a-mirror.example', status: 'pending' })]);
      const decide = (token: string) =>
        as(token, 'POST', `/v1/pirate-sites/${siteId}/mirror-suggestions/${pending[0].id}`, {
          decision: 'accept',
          reason: 'checked the player page',
        });
      expect((await decide(api.tokens.holderA)).statusCode).toBe(403);
      expect((await decide(api.tokens.holderB)).statusCode).toBe(403);
      const accepted = await decide(api.tokens.reviewer);
      expect(accepted.statusCode, accepted.body).toBe(200);
      const mirror = json(accepted).domains.find((d: any) => d.domain === 'a-mirror.example');
      expect(mirror.reasons.map((r: any) => r.signal)).toEqual(['holder', 'reviewer']);
      expect((await decide(api.tokens.reviewer)).statusCode).toBe(404);
      expect((await request(api.tokens.holderB)).package.domains.map((d: any) => d.domain).sort()).toEqual([
        'a-mirror.example',
        'sharedflix.example',
      ]);
      const history = await api.store.audit.list({ targets: [`pirate_site:${siteId}`], limit: 10 });
      expect(history.map((e) => e.action).sort()).toEqual([
        'pirate_site.create',
        'pirate_site.mirror_accept',
        'pirate_site.mirror_suggest',
      ]);
    });

    it("a holder still links mirrors of its own site at once, and a reviewer's reason is the reviewer's", async () => {
      const own = json(await asA('POST', '/v1/pirate-sites', { name: 'A-only', domain: 'a-only.example' }));
      const linked = await asA('POST', `/v1/pirate-sites/${own.id}/mirrors`, {
        domain: 'a-only-2.example',
        reason: 'same template',
      });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(json(linked).domains.find((d: any) => d.domain === 'a-only-2.example').reasons).toEqual([
        { signal: 'holder', detail: 'same template' },
      ]);
      const shared = json(
        await asReviewer('POST', '/v1/pirate-sites', { name: 'Shared 2', domain: 'shared-two.example' }),
      );
      const byReviewer = await asReviewer('POST', `/v1/pirate-sites/${shared.id}/mirrors`, {
        domain: 'shared-two-m.example',
        reason: 'same player',
      });
      expect(byReviewer.statusCode).toBe(200);
      expect(json(byReviewer).domains.find((d: any) => d.domain === 'shared-two-m.example').reasons).toEqual([
        { signal: 'reviewer', detail: 'same player' },
      ]);
    });
  });

  describe("seller risk and campaign figures are the holder's own (item 8)", () => {
    it(
      "a holder's top sellers and hits carry a seller risk " + 'computed from its own hits; reviewers see the whole',
      async () => {
        // A has four confirmed fakes from one seller (enough to blacklist it); B has one.
        const seller = `dual_shop_${randomUUID().slice(0, 6)}`;
        const aHits = [];
        for (let n = 0; n < 4; n++) aHits.push(await crawledHit(api.holderIds.a, { seller }));
        const b = await crawledHit(api.holderIds.b, { seller });
        const refreshed = await as(api.tokens.admin, 'POST', '/v1/sellers/refresh');
        expect(refreshed.statusCode, refreshed.body).toBe(200);

        const topOf = async (token: string, query = '') =>
          (json(await as(token, 'GET', `/v1/sellers/top?limit=500${query}`)).sellers as any[]).find(
            (s) => s.key === seller,
          );
        const bTop = await topOf(api.tokens.holderB);
        expect(bTop).toMatchObject({ score: 0.125, blacklisted: false });
        expect(bTop.figures).toMatchObject({ confirmed: 1, hitListings: 1 });
        // Five confirmed in all (0.5, capped) and five listings with hits (+0.06); A's own four (+0.04).
        expect(await topOf(api.tokens.reviewer, `&holderId=${api.holderIds.b}`)).toMatchObject({
          score: 0.56,
          blacklisted: true,
        });
        expect(await topOf(api.tokens.holderA)).toMatchObject({ score: 0.54, blacklisted: true });

        expect(json(await asB('GET', `/v1/hits/${b.id}`))).toMatchObject({
          sellerRisk: 0.125,
          sellerBlacklisted: false,
        });
        expect(json(await asReviewer('GET', `/v1/hits/${b.id}`))).toMatchObject({
          sellerRisk: 0.56,
          sellerBlacklisted: true,
        });
        expect(json(await asA('GET', `/v1/hits/${aHits[0]!.id}`))).toMatchObject({
          sellerRisk: 0.54,
          sellerBlacklisted: true,
        });
        const bRanked = json(await asB('GET', '/v1/hits?sort=risk&limit=200')).hits.find((h: any) => h.id === b.id);
        expect(bRanked).toMatchObject({ sellerRisk: 0.125, sellerBlacklisted: false });

        // A reviewer's blacklisting is meant for everyone, and applies to each holder's view at once.
        expect(
          (
            await asReviewer('POST', '/v1/sellers/blacklist', {
              site: 'demo-market',
              key: seller,
              reason: 'test buy: counterfeit',
            })
          ).statusCode,
        ).toBe(200);
        expect(json(await asB('GET', `/v1/hits/${b.id}`))).toMatchObject({ sellerRisk: 0.5, sellerBlacklisted: true });
        expect(await topOf(api.tokens.holderB)).toMatchObject({ score: 0.125, blacklisted: true });
      },
    );

    it(
      'a listing only flags have shown counts under each flagging ' + "holder's own seller, in that holder's view",
      async () => {
        const url = `http://127.0.0.1:8401/item/flag-seller-${randomUUID().slice(0, 6)}`;
        const [aItem, bItem] = [await itemOf(api.holderIds.a), await itemOf(api.holderIds.b)];
        const [bSeller, aSeller] = [`b_says_${randomUUID().slice(0, 6)}`, `a_says_${randomUUID().slice(0, 6)}`];
        const bHit = json(
          await flag(api.tokens.holderB, url, bItem.id, {
            title: `${bItem.title} 1:1`,
            price: 3,
            currency: 'USD',
            seller: { id: bSeller },
          }),
        ).hit;
        const aHit = json(
          await flag(api.tokens.holderA, url, aItem.id, {
            title: `${aItem.title} cracked`,
            price: 4,
            currency: 'USD',
            seller: { id: aSeller },
          }),
        ).hit;
        await api.store.inbox.setStatus([aHit.id, bHit.id], 'confirmed', 'seen', 'test', { holderId: null });
        expect((await as(api.tokens.admin, 'POST', '/v1/sellers/refresh')).statusCode).toBe(200);
        const keys = async (token: string) =>
          (json(await as(token, 'GET', '/v1/sellers/top?limit=500')).sellers as any[]).map((s) => s.key);
        expect(await keys(api.tokens.holderB)).toContain(bSeller);
        expect(await keys(api.tokens.holderB)).not.toContain(aSeller);
        expect(await keys(api.tokens.holderA)).toContain(aSeller);
        expect(await keys(api.tokens.holderA)).not.toContain(bSeller);
        expect(await keys(api.tokens.reviewer)).toEqual(expect.arrayContaining([aSeller, bSeller]));
        expect(json(await asB('GET', `/v1/hits/${bHit.id}`))).toMatchObject({ sellerId: bSeller, sellerRisk: 0.125 });
      },
    );

    it("a holder asking for another holder's campaign gets the answer of a campaign that does not exist", async () => {
      const [aItem, bItem] = [await itemOf(api.holderIds.a), await itemOf(api.holderIds.b)];
      const base = {
        sites: [{ site: 'demo-market', origin: 'http://127.0.0.1:8401' }],
        schedule: { everyMs: 3_600_000 },
        maxSearchPages: 1,
        startsAt: new Date('2026-11-01T00:00:00Z'),
      };
      const name = (s: string) => `${s}-${randomUUID().slice(0, 6)}`;
      const aOnly = name('a-only');
      await api.store.campaigns.create({ ...base, name: aOnly, scope: { holders: [api.holderIds.a] } });
      const aItems = name('a-items');
      await api.store.campaigns.create({ ...base, name: aItems, scope: { items: [aItem.id] } });
      const everyone = name('everyone');
      await api.store.campaigns.create({ ...base, name: everyone, scope: {} });
      // Tagged sweeps only (scan --campaign), with a hit of A's.
      const tagged = name('tagged');
      const sweepId = `${tagged}-sweep`;
      await api.store.sweeps.start({
        id: sweepId,
        site: 'demo-market',
        origin: 'http://127.0.0.1:8401',
        campaign: tagged,
      });
      const url = `http://127.0.0.1:8401/item/campaign-${randomUUID().slice(0, 6)}`;
      await api.store.listings.upsert({
        url,
        site: 'demo-market',
        kind: 'product',
        title: `${aItem.title} cracked`,
        images: [],
        fetchedAt: '2026-11-20T08:00:00.000Z',
      });
      await api.store.hits.upsert({ listingUrl: url, itemId: aItem.id, score: 0.9, signals: [], sweepId });

      const figures = (token: string, campaign: string) =>
        as(token, 'GET', `/v1/figures/enforcement?campaign=${campaign}`);
      const unknown = await figures(api.tokens.holderB, name('no-such-campaign'));
      expect(unknown.statusCode).toBe(404);
      for (const c of [aOnly, aItems, tagged]) {
        const res = await figures(api.tokens.holderB, c);
        expect(res.statusCode, c).toBe(404);
        expect(json(res).error.code).toBe(json(unknown).error.code);
        expect(json(res).error.field).toBe(json(unknown).error.field);
        expect(json(res).error.message.replace(c, 'X')).toBe(
          json(unknown).error.message.replace(/no-such-campaign-\w+/, 'X'),
        );
        expect((await figures(api.tokens.holderA, c)).statusCode, c).toBe(200);
        expect((await figures(api.tokens.reviewer, c)).statusCode, c).toBe(200);
      }
      expect((await figures(api.tokens.holderB, everyone)).statusCode).toBe(200);
      expect(json(await figures(api.tokens.holderA, tagged)).overall.hits).toBe(1);
      expect((await figures(api.tokens.reviewer, name('no-such-campaign'))).statusCode).toBe(404);
      expect(bItem.holder).toBe(api.holderIds.b);
    });
  });
});
