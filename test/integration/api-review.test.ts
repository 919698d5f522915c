/**
 * The review API's behaviour on PGlite and on PostgreSQL: validation that
 * names the field, evidence integrity and containment, concurrent status
 * changes, inbox paging and filters, idempotent flags, cases, the audit log.
 */
import { randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blacklistSeller, refreshSellers } from '../../crawler/sellers';
import { evidenceUpload, seedHits, sha256Of, startTestApi, type StoreKind, type TestApi } from './helpers/api';

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

describe.each<StoreKind>(['pglite', 'postgres'])('review API on %s', (kind) => {
  let api: TestApi;
  let aHits: number[];
  const as = (token: string, req: InjectOptions) =>
    api.app.inject({ ...req, headers: { ...(req.headers ?? {}), authorization: `Bearer ${token}` } });
  const asAdmin = (req: InjectOptions) => as(api.tokens.admin, req);

  beforeAll(async () => {
    api = await startTestApi({ store: kind, config: { evidenceMaxBytes: 64 * 1024, apiBodyLimit: 32 * 1024 } });
    aHits = (await seedHits(api.store, [api.holderIds.a, api.holderIds.b], { items: 3, perItem: 4 })).get(
      api.holderIds.a,
    )!;
  });
  afterAll(async () => api?.close());

  describe('bad requests name the field', () => {
    const cases: [string, InjectOptions, string][] = [
      [
        'status ids',
        { method: 'POST', url: '/v1/hits/status', payload: { ids: [1, 'x'], status: 'confirmed', reason: 'r' } },
        'ids[1]',
      ],
      [
        'status value',
        { method: 'POST', url: '/v1/hits/status', payload: { ids: [1], status: 'approved', reason: 'r' } },
        'status',
      ],
      [
        'status reason',
        { method: 'POST', url: '/v1/hits/status', payload: { ids: [1], status: 'confirmed', reason: '  ' } },
        'reason',
      ],
      ['case title', { method: 'POST', url: '/v1/cases', payload: { title: '', hitIds: [] } }, 'title'],
      [
        'flag url',
        {
          method: 'POST',
          url: '/v1/flags',
          payload: {
            flagId: randomUUID(),
            url: 'javascript:alert(1)',
            listing: { title: 't' },
            reason: 'counterfeit',
            capturedAt: '2026-11-26T10:00:00Z',
          },
        },
        'url',
      ],
      [
        'flag listing title',
        {
          method: 'POST',
          url: '/v1/flags',
          payload: {
            flagId: randomUUID(),
            url: 'http://127.0.0.1:8401/item/1',
            listing: {},
            reason: 'counterfeit',
            capturedAt: '2026-11-26T10:00:00Z',
          },
        },
        'listing.title',
      ],
      [
        'item ip type',
        { method: 'POST', url: '/v1/items', payload: { id: 'x1', holder: 'h', ipType: 'tm', title: 'X' } },
        'ipType',
      ],
      ['hits min score', { method: 'GET', url: '/v1/hits?minScore=2' }, 'minScore'],
      ['hits page size', { method: 'GET', url: '/v1/hits?limit=1000' }, 'limit'],
      ['hits cursor', { method: 'GET', url: '/v1/hits?cursor=not-a-cursor' }, 'cursor'],
      ['hit id', { method: 'GET', url: '/v1/hits/abc' }, 'id'],
      ['evidence hash param', { method: 'GET', url: '/v1/evidence/..%2F..%2Fetc%2Fpasswd' }, 'sha256'],
      ['token role', { method: 'POST', url: '/v1/tokens', payload: { name: 'n', role: 'root' } }, 'role'],
    ];
    for (const [name, req, field] of cases) {
      it(name, async () => {
        const res = await asAdmin(req);
        expect(res.statusCode, res.body).toBe(400);
        expect(json(res).error).toMatchObject({ code: 'invalid_request', field });
        expect(json(res).error.message).toContain(field);
      });
    }

    it('a body that is not JSON', async () => {
      const res = await asAdmin({
        method: 'POST',
        url: '/v1/cases',
        headers: { 'content-type': 'application/json' },
        payload: '{"title": ',
      });
      expect(res.statusCode).toBe(400);
      expect(json(res).error.message).toMatch(/JSON/i);
    });

    it('a bad catalogue import lists its problems and stores nothing', async () => {
      const before = (await api.store.catalogue.items()).length;
      const res = await asAdmin({
        method: 'POST',
        url: '/v1/catalogue/import',
        headers: { 'content-type': 'text/csv' },
        payload: 'id,holder,ip_type,title\nok-1,h1,trademark,Fine\nbad-1,h1,tm,Broken\n',
      });
      expect(res.statusCode).toBe(400);
      expect(json(res).error.code).toBe('invalid_catalogue');
      expect(json(res).error.problems.join('\n')).toMatch(/row 2.*ip_type/);
      expect((await api.store.catalogue.items()).length).toBe(before);
    });

    it("a holder's import cannot take over another holder's item ids: its new ids go into its namespace", async () => {
      const aItem = (await api.store.catalogue.items({ holder: api.holderIds.a }))[0]!;
      const b = api.holderIds.b;
      const res = await as(api.tokens.holderB, {
        method: 'POST',
        url: '/v1/catalogue/import',
        headers: { 'content-type': 'text/csv' },
        payload: `id,holder,ip_type,title\nb-new-${kind},${b},trademark,New\n${aItem.id},${b},trademark,Hijacked\n`,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(json(res).renamed).toEqual({ [`b-new-${kind}`]: `${b}:b-new-${kind}`, [aItem.id]: `${b}:${aItem.id}` });
      expect(await api.store.catalogue.item(aItem.id)).toEqual(aItem);
      expect((await api.store.catalogue.item(`${b}:${aItem.id}`))?.holder).toBe(b);
    });

    it("a CSV import naming an existing holder keeps that holder's details", async () => {
      const before = (await api.store.catalogue.holder(api.holderIds.a))!;
      const res = await asAdmin({
        method: 'POST',
        url: '/v1/catalogue/import',
        headers: { 'content-type': 'text/csv' },
        payload: `id,holder,ip_type,title\nkeep-${kind},${api.holderIds.a},trademark,Another item\n`,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await api.store.catalogue.holder(api.holderIds.a)).toEqual(before);
    });

    it('a JSON body over the size cap is 413', async () => {
      const res = await asAdmin({ method: 'POST', url: '/v1/cases', payload: { title: 'x'.repeat(40 * 1024) } });
      expect(res.statusCode).toBe(413);
    });
  });

  describe('evidence', () => {
    it('is stored under its hash and read back byte for byte', async () => {
      const bytes = Buffer.from(`<html><body>listing ${randomUUID()}</body></html>`);
      const res = await as(api.tokens.holderA, evidenceUpload(bytes));
      expect(res.statusCode, res.body).toBe(201);
      expect(json(res).sha256).toBe(sha256Of(bytes));
      const back = await as(api.tokens.holderA, { method: 'GET', url: `/v1/evidence/${sha256Of(bytes)}` });
      expect(back.statusCode).toBe(200);
      expect(back.rawPayload.equals(bytes)).toBe(true);
      // A captured page must never run as the API's origin.
      expect(back.headers['content-security-policy']).toContain('sandbox');
      expect(back.headers['content-disposition']).toMatch(/^attachment/);
    });

    it('bytes that do not match the claimed SHA-256 are refused and nothing is stored', async () => {
      const bytes = Buffer.from('<html>real bytes</html>');
      const claimed = sha256Of('<html>other bytes</html>');
      const filesBefore = await filesUnder(api.evidenceDir).catch(() => []);
      const res = await as(api.tokens.holderA, evidenceUpload(bytes, { sha256: claimed }));
      expect(res.statusCode).toBe(422);
      expect(json(res).error).toMatchObject({ code: 'evidence_hash_mismatch', field: 'sha256' });
      expect(await filesUnder(api.evidenceDir).catch(() => [])).toEqual(filesBefore);
      const { rows } = await api.store.db.query('SELECT 1 FROM evidence WHERE sha256 = ANY($1)', [
        [claimed, sha256Of(bytes)],
      ]);
      expect(rows).toHaveLength(0);
    });

    it('a file over the cap is 413', async () => {
      const res = await as(api.tokens.holderA, evidenceUpload(Buffer.alloc(65 * 1024, 0x61)));
      expect(res.statusCode).toBe(413);
      expect(json(res).error.code).toBe('too_large');
    });

    it('a kind with the wrong content type is refused', async () => {
      const res = await as(
        api.tokens.holderA,
        evidenceUpload(Buffer.from('not a png'), { kind: 'screenshot' }, 'shot.png', 'text/html'),
      );
      expect(res.statusCode).toBe(415);
    });

    it('path traversal in any name field stores nothing outside the evidence directory', async () => {
      const root = dirname(api.evidenceDir);
      const before = new Set(await filesUnder(root));
      const hostile = [
        '../../../../../../tmp/cs-evil.html',
        '..\\..\\..\\cs-evil.html',
        '/etc/cs-evil.html',
        '....//....//cs-evil.html',
        '%2e%2e%2fcs-evil.html',
        'a\u0000b.html',
      ];
      for (const name of hostile) {
        const bytes = Buffer.from(`<html>${name} ${randomUUID()}</html>`);
        const res = await as(
          api.tokens.holderA,
          evidenceUpload(bytes, { listingUrl: 'http://127.0.0.1:8401/item/../../etc' }, name),
        );
        expect(res.statusCode, res.body).toBe(201);
        expect(json(res).sha256).toBe(sha256Of(bytes));
      }
      for (const field of ['sha256', 'kind']) {
        const res = await as(
          api.tokens.holderA,
          evidenceUpload(Buffer.from('<html>x</html>'), { [field]: '../../../cs-evil' }),
        );
        expect(res.statusCode).toBe(400);
        expect(json(res).error.field).toBe(field);
      }
      const added = (await filesUnder(root)).filter((f) => !before.has(f));
      expect(added.length).toBe(hostile.length);
      for (const f of added) {
        const rel = relative(api.evidenceDir, f);
        expect(rel.startsWith('..')).toBe(false);
        expect(rel).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
      }
      await expect(stat('/tmp/cs-evil.html')).rejects.toThrow();
      await expect(stat('/etc/cs-evil.html')).rejects.toThrow();
    });
  });

  describe('status changes', () => {
    it(
      '50 concurrent changes on one hit leave one consistent ' + 'state and one audit entry per applied change',
      async () => {
        const hit = aHits[0]!;
        const statuses = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 'confirmed' : 'dismissed'));
        const tokens = [api.tokens.admin, api.tokens.reviewer, api.tokens.holderA];
        const answers = await Promise.all(
          statuses.map((status, i) =>
            as(tokens[i % 3]!, {
              method: 'POST',
              url: '/v1/hits/status',
              payload: { ids: [hit], status, reason: `change ${i}` },
            }),
          ),
        );
        const results = answers.map((r) => {
          expect(r.statusCode, r.body).toBe(200);
          return json(r).results[0];
        });
        const applied = results.filter((r: any) => r.applied).length;
        expect(applied).toBeGreaterThan(0);
        const { entries } = json(await asAdmin({ method: 'GET', url: `/v1/hits/${hit}/history` }));
        const changes = entries.filter((e: any) => e.action === 'hit.status');
        expect(changes).toHaveLength(applied);
        // Each change starts where the one before it ended, and the hit is where the last one left it.
        let state = 'new';
        for (const c of changes) {
          expect(c.before.status).toBe(state);
          expect(c.after.status).not.toBe(state);
          state = c.after.status;
        }
        expect(json(await asAdmin({ method: 'GET', url: `/v1/hits/${hit}` })).status).toBe(state);
      },
    );

    it('a move the workflow forbids is refused with the reason, and not audited', async () => {
      const hit = aHits[1]!;
      const res = await asAdmin({
        method: 'POST',
        url: '/v1/hits/status',
        payload: { ids: [hit], status: 'removed', reason: 'skip ahead' },
      });
      expect(json(res).results[0]).toMatchObject({
        applied: false,
        status: 'new',
        error: { code: 'invalid_transition' },
      });
      const { entries } = json(await asAdmin({ method: 'GET', url: `/v1/hits/${hit}/history` }));
      expect(entries.filter((e: any) => e.action === 'hit.status')).toHaveLength(0);
    });

    it('bulk change applies each hit on its own', async () => {
      const ids = [aHits[2]!, aHits[3]!, 99_999_999];
      const res = await as(api.tokens.reviewer, {
        method: 'POST',
        url: '/v1/hits/status',
        payload: { ids, status: 'dismissed', reason: 'accessories, not fakes' },
      });
      expect(json(res).results.map((r: any) => r.applied)).toEqual([true, true, false]);
      expect(json(res).results[2].error.code).toBe('not_found');
      const { entries } = json(
        await asAdmin({ method: 'GET', url: `/v1/audit?action=hit.status&target=hit:${aHits[2]}` }),
      );
      expect(entries[0]).toMatchObject({
        reason: 'accessories, not fakes',
        before: { status: 'new' },
        after: { status: 'dismissed' },
      });
      expect(entries[0].actor).toContain(api.tokenIds.reviewer);
    });
  });

  describe('inbox', () => {
    it('pages through every hit once, in score order, with counts that agree', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let lastScore = Infinity;
      do {
        const res: LightMyRequestResponse = await asAdmin({
          method: 'GET',
          url: `/v1/hits?limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        });
        const body = json(res);
        for (const h of body.hits) {
          expect(h.score).toBeLessThanOrEqual(lastScore);
          lastScore = h.score;
          seen.push(h.id);
        }
        cursor = body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      const { total } = json(await asAdmin({ method: 'GET', url: '/v1/hits/counts' }));
      expect(seen.length).toBe(total);
    });

    it('ranks by risk: hits of a blacklisted seller rise, and paging by risk sees every hit once', async () => {
      const seller = `seller-${api.holderIds.b}-0`;
      await blacklistSeller(api.store, 'demo-market', seller, 'three confirmed fakes last month', 'test');
      await refreshSellers(api.store);
      const all: any[] = [];
      let cursor: string | null = null;
      do {
        const body: any = json(
          await asAdmin({ method: 'GET', url: `/v1/hits?sort=risk&limit=3${cursor ? `&cursor=${cursor}` : ''}` }),
        );
        all.push(...body.hits);
        cursor = body.nextCursor;
      } while (cursor);
      const { total } = json(await asAdmin({ method: 'GET', url: '/v1/hits/counts' }));
      expect(new Set(all.map((h) => h.id)).size).toBe(total);
      const risk = all.map((h) => h.score + 0.5 * (h.sellerRisk ?? 0));
      expect(risk).toEqual([...risk].sort((a, b) => b - a));
      const flagged = all.filter((h) => h.sellerBlacklisted);
      expect(flagged.length).toBeGreaterThan(0);
      expect(flagged.every((h) => h.sellerName === 'Seller 0')).toBe(true);
      // With equal match scores, the blacklisted seller's hit comes first.
      const top = all.find((h) => h.score === flagged[0].score);
      expect(top.sellerBlacklisted).toBe(true);
    });

    it('filters by holder, item, status, score and date, and sorts by date', async () => {
      const a = api.holderIds.a;
      const byHolder = json(await asAdmin({ method: 'GET', url: `/v1/hits?holderId=${a}&limit=200` })).hits;
      expect(byHolder.length).toBe(aHits.length);
      expect(byHolder.every((h: any) => h.holderId === a)).toBe(true);
      const item = byHolder[0].itemId;
      const byItem = json(await asAdmin({ method: 'GET', url: `/v1/hits?itemId=${item}` })).hits;
      expect(byItem.every((h: any) => h.itemId === item)).toBe(true);
      const dismissed = json(await asAdmin({ method: 'GET', url: `/v1/hits?holderId=${a}&status=dismissed` })).hits;
      const counts = json(await asAdmin({ method: 'GET', url: `/v1/hits/counts?holderId=${a}` })).counts;
      expect(dismissed.length).toBe(counts.dismissed);
      const scored = json(await asAdmin({ method: 'GET', url: '/v1/hits?minScore=0.6&maxScore=0.7&limit=200' })).hits;
      expect(scored.length).toBeGreaterThan(0);
      expect(scored.every((h: any) => h.score >= 0.6 && h.score <= 0.7)).toBe(true);
      const future = json(await asAdmin({ method: 'GET', url: '/v1/hits?since=2999-01-01T00:00:00Z' })).hits;
      expect(future).toEqual([]);
      const byDate = json(await asAdmin({ method: 'GET', url: '/v1/hits?sort=date&order=asc&limit=200' })).hits;
      const dates = byDate.map((h: any) => h.firstSeenAt);
      expect(dates).toEqual([...dates].sort());
    });
  });

  describe('flags', () => {
    it('create a hit matched on the server, with the evidence the client sent, once per flag id', async () => {
      const html = Buffer.from(`<html>flag page ${randomUUID()}</html>`);
      const png = Buffer.from('\x89PNG\r\n\x1a\n' + randomUUID(), 'latin1');
      const up1 = await as(api.tokens.holderA, evidenceUpload(html));
      const up2 = await as(api.tokens.holderA, evidenceUpload(png, { kind: 'screenshot' }, 'shot.png', 'image/png'));
      expect([up1.statusCode, up2.statusCode]).toEqual([201, 201]);
      const item = (await api.store.catalogue.items({ holder: api.holderIds.a }))[0]!;
      const body = {
        flagId: randomUUID(),
        url: `http://127.0.0.1:8401/item/flag-${randomUUID()}?utm_source=x`,
        listing: { title: `${item.title} replica AAA 1:1`, price: 3, currency: 'USD' },
        reason: 'counterfeit',
        note: 'seller ships from a known counterfeit hub',
        evidence: [sha256Of(html), sha256Of(png)],
        capturedAt: '2026-11-26T10:00:00Z',
      };
      const sends = await Promise.all(
        [1, 2, 3].map(() => as(api.tokens.holderA, { method: 'POST', url: '/v1/flags', payload: body })),
      );
      const codes = sends.map((r) => r.statusCode).sort();
      expect(codes).toEqual([200, 200, 201]);
      const hit = json(sends.find((r) => r.statusCode === 201)!).hit;
      expect(hit.itemId).toBe(item.id);
      expect(hit.listingUrl).not.toContain('utm_source');
      expect(hit.flag).toMatchObject({ reason: 'counterfeit', note: body.note });
      expect(hit.evidence.map((e: any) => e.sha256).sort()).toEqual([sha256Of(html), sha256Of(png)].sort());
      expect(hit.signals.length).toBeGreaterThan(0);
      const { entries } = json(await asAdmin({ method: 'GET', url: `/v1/hits/${hit.id}/history` }));
      expect(entries.filter((e: any) => e.action === 'hit.flag')).toHaveLength(1);
    });

    it(
      "scores a flag as a sweep would: a blacklisted seller's " + 'listing carries the boost, with its reason',
      async () => {
        const item = (await api.store.catalogue.items({ holder: api.holderIds.a }))[1]!;
        const flag = (seller: string) =>
          as(api.tokens.holderA, {
            method: 'POST',
            url: '/v1/flags',
            payload: {
              flagId: randomUUID(),
              url: `http://127.0.0.1:8401/item/boost-${randomUUID()}`,
              listing: { title: item.title, site: 'demo-market', seller: { id: seller, name: seller } },
              reason: 'counterfeit',
              capturedAt: '2026-11-26T10:00:00Z',
            },
          });
        const listed = await as(api.tokens.reviewer, {
          method: 'POST',
          url: '/v1/sellers/blacklist',
          payload: { site: 'demo-market', key: 'flag-shop-9', reason: 'sold fakes of every item' },
        });
        expect(listed.statusCode, listed.body).toBe(200);
        const boosted = json(await flag('flag-shop-9')).hit;
        const plain = json(await flag('flag-shop-10')).hit;
        const names = (h: any) => h.signals.map((s: any) => s.name);
        expect(names(boosted)).toContain('repeat_infringer');
        expect(names(plain)).not.toContain('repeat_infringer');
        expect(boosted.score).toBeGreaterThan(plain.score);
      },
    );

    it('with no item named and nothing matching, say so', async () => {
      const res = await as(api.tokens.holderA, {
        method: 'POST',
        url: '/v1/flags',
        payload: {
          flagId: randomUUID(),
          url: 'http://127.0.0.1:8401/item/zz',
          listing: { title: 'garden hose 20 m' },
          reason: 'other',
          capturedAt: '2026-11-26T10:00:00Z',
        },
      });
      expect(res.statusCode).toBe(422);
      expect(json(res).error).toMatchObject({ code: 'no_match', field: 'itemId' });
    });
  });

  describe('cases', () => {
    it('group hits, assign, comment, and keep a history', async () => {
      const created = await as(api.tokens.reviewer, {
        method: 'POST',
        url: '/v1/cases',
        payload: { title: 'Fake chargers, shop 12', hitIds: [aHits[4], aHits[5]] },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = json(created).id;
      expect(json(created).holderId).toBe(api.holderIds.a);
      const assigned = await as(api.tokens.reviewer, {
        method: 'PATCH',
        url: `/v1/cases/${id}`,
        payload: { assignee: api.tokenIds.holderA },
      });
      expect(json(assigned).assignee).toBe(api.tokenIds.holderA);
      const bad = await as(api.tokens.reviewer, {
        method: 'PATCH',
        url: `/v1/cases/${id}`,
        payload: { assignee: api.tokenIds.holderB },
      });
      expect(bad.statusCode).toBe(422);
      expect(json(bad).error.field).toBe('assignee');
      await as(api.tokens.holderA, {
        method: 'POST',
        url: `/v1/cases/${id}/comments`,
        payload: { body: 'test buy ordered' },
      });
      const mixed = await as(api.tokens.reviewer, {
        method: 'POST',
        url: `/v1/cases/${id}/hits`,
        payload: {
          hitIds: [(await seedHits(api.store, [api.holderIds.b], { items: 1, perItem: 1 })).get(api.holderIds.b)![0]],
        },
      });
      expect(json(mixed).error.code).toBe('mixed_holders');
      const view = json(await as(api.tokens.holderA, { method: 'GET', url: `/v1/cases/${id}` }));
      expect(view.hitIds).toEqual([aHits[4], aHits[5]].sort((x, y) => x! - y!));
      expect(view.comments.map((c: any) => c.body)).toEqual(['test buy ordered']);
      const history = json(await as(api.tokens.holderA, { method: 'GET', url: `/v1/cases/${id}/history` })).entries.map(
        (e: any) => e.action,
      );
      expect(history).toEqual(['case.create', 'case.update', 'case.comment']);
      const hitHistory = json(
        await as(api.tokens.holderA, { method: 'GET', url: `/v1/hits/${aHits[4]}/history` }),
      ).entries.map((e: any) => e.action);
      expect(hitHistory).toContain('case.add_hit');
    });
  });

  describe('audit log and tokens', () => {
    it('the database refuses to change or delete audit entries', async () => {
      await expect(api.store.db.query("UPDATE audit_log SET actor = 'someone else'")).rejects.toThrow(/append-only/);
      await expect(api.store.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    });

    it('a token revoked through the API stops at once', async () => {
      const made = json(
        await asAdmin({ method: 'POST', url: '/v1/tokens', payload: { name: 'short-lived', role: 'reviewer' } }),
      );
      expect((await as(made.token, { method: 'GET', url: '/v1/me' })).statusCode).toBe(200);
      expect((await asAdmin({ method: 'DELETE', url: `/v1/tokens/${made.record.tokenId}` })).statusCode).toBe(200);
      const after = await as(made.token, { method: 'GET', url: '/v1/me' });
      expect(after.statusCode).toBe(401);
      const stored = await api.store.db.query<{ token_hash: string }>(
        'SELECT token_hash FROM api_tokens WHERE id = $1',
        [made.record.tokenId],
      );
      expect(stored.rows[0]!.token_hash).toBe(sha256Of(made.token));
      expect(JSON.stringify(json(await asAdmin({ method: 'GET', url: '/v1/tokens' })))).not.toContain(made.token);
    });
  });
});

describe('limits and CORS', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      origins: ['chrome-extension://abcdefghijklmnop'],
      config: { apiRateLimit: 5, apiAuthFailureLimit: 30 },
    });
  });
  afterAll(async () => api?.close());

  it('rate-limits per token', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push(
        (
          await api.app.inject({
            method: 'GET',
            url: '/v1/me',
            headers: { authorization: `Bearer ${api.tokens.holderA}` },
          })
        ).statusCode,
      );
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Another token has its own budget.
    expect(
      (
        await api.app.inject({
          method: 'GET',
          url: '/v1/me',
          headers: { authorization: `Bearer ${api.tokens.holderB}` },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('refuses an address that keeps sending made-up tokens, without asking the store', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) {
      codes.push(
        (
          await api.app.inject({
            method: 'GET',
            url: '/v1/me',
            remoteAddress: '10.9.9.9',
            headers: { authorization: `Bearer cs_made-up-${i}` },
          })
        ).statusCode,
      );
    }
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes.slice(30)).toEqual([429, 429]);
    // Another address, with a real token, is not affected.
    expect(
      (
        await api.app.inject({
          method: 'GET',
          url: '/v1/me',
          remoteAddress: '10.9.9.10',
          headers: { authorization: `Bearer ${api.tokens.reviewer}` },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('allows only the configured extension origins', async () => {
    const pre = (origin: string) =>
      api.app.inject({
        method: 'OPTIONS',
        url: '/v1/hits',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    expect((await pre('chrome-extension://abcdefghijklmnop')).headers['access-control-allow-origin']).toBe(
      'chrome-extension://abcdefghijklmnop',
    );
    expect((await pre('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
  });
});
