/**
 * From a confirmed case to a notice a platform receives: the accuracy gate,
 * the regime's required elements, the SMTP outbox against a real local SMTP
 * server (and a relay that is down), counter-notice clocks and reminders on a
 * fake clock, the Lumen export, per-channel accuracy. PGlite store.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue, sendCounterNoticeReminders, smtpTransport } from '../../crawler/notices';
import type { Signal } from '../../shared/model';
import { startTestApi, type StoreKind, type TestApi } from './helpers/api';
import { completeHolderProfile, injectAs, putDemoMarketChannel, storedHit } from './helpers/enforcement';
import { decoded, header, startSmtp } from './helpers/smtp';

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const STATEMENTS = { goodFaith: true, accurate: true, complete: true, authorised: true };

describe.each<StoreKind>(['pglite', 'postgres'])('notices on %s', (kind) => {
  let api: TestApi;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let holder: string;
  let seq = 0;
  const as = (token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    injectAs(api, token, method, url, payload);
  const reviewer = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    as(api.tokens.reviewer, method, url, payload);

  /** A listing + hit for one of holder A's items, with a stored page as evidence. */
  async function listingHit(
    o: { seller?: string; signals?: Signal[]; itemIndex?: number } = {},
  ): Promise<{ id: number; url: string }> {
    const item = (await api.store.catalogue.items({ holder }))[o.itemIndex ?? 0]!;
    return await storedHit(api.store, item.id, {
      prefix: 'n',
      title: `${item.title} cracked keygen ${++seq}`,
      seller: o.seller ? { id: o.seller, name: o.seller } : undefined,
      signals: o.signals ?? [
        { name: 'brand_term', weight: 0.2, evidence: item.title },
        { name: 'piracy_words', weight: 0.25, evidence: 'cracked' },
      ],
    });
  }
  async function confirmed(o: Parameters<typeof listingHit>[0] = {}) {
    const h = await listingHit(o);
    const r = await reviewer('POST', '/v1/hits/status', {
      ids: [h.id],
      status: 'confirmed',
      reason: 'checked the page',
    });
    expect(json(r).results[0].applied).toBe(true);
    return h;
  }
  const openCase = async (hitIds: number[]) =>
    json(await reviewer('POST', '/v1/cases', { title: `case ${++seq}`, hitIds })).id as number;
  const draft = (caseId: number, over: Record<string, unknown> = {}) =>
    reviewer('POST', `/v1/cases/${caseId}/notices`, {
      regime: 'dmca',
      channelId: 'demo-market',
      signature: { name: 'Amélie Dufresne' },
      statements: STATEMENTS,
      ...over,
    });

  beforeAll(async () => {
    api = await startTestApi({ store: kind });
    holder = api.holderIds.a;
    smtp = await startSmtp();
    // A notice needs the complainant's full contact: the holder's record is completed first.
    await completeHolderProfile(api, holder);
    await putDemoMarketChannel(api);
  });
  afterAll(async () => {
    await smtp?.close();
    await api?.close();
  });

  it('refuses unconfirmed listings, authorised sellers and price-only disputes, each with its reason', async () => {
    const ok = await confirmed();
    const unconfirmed = await listingHit();
    const authorisedSeller = (await api.store.catalogue.items({ holder }))[0]!.authorisedSellers[0]!;
    const byAuthorised = await confirmed({ seller: authorisedSeller });
    const priceOnly = await confirmed({
      signals: [
        { name: 'title_similarity', weight: 0.35, evidence: 'title' },
        { name: 'price_below_reference', weight: 0.15, evidence: '40% of reference' },
      ],
    });
    const res = await draft(await openCase([ok.id, unconfirmed.id, byAuthorised.id, priceOnly.id]));
    expect(res.statusCode, res.body).toBe(422);
    const { code, problems } = json(res).error;
    expect(code).toBe('listings_refused');
    expect(problems).toHaveLength(3);
    expect(problems.find((p: string) => p.startsWith(unconfirmed.url))).toMatch(/is new: a reviewer must confirm/);
    expect(problems.find((p: string) => p.startsWith(byAuthorised.url))).toMatch(
      new RegExp(`seller ${authorisedSeller} is authorised`),
    );
    expect(problems.find((p: string) => p.startsWith(priceOnly.url))).toMatch(/pricing dispute, not an IP claim/);
    expect(await api.store.db.query('SELECT 1 FROM notices')).toMatchObject({ rows: [] });
  });

  it('refuses a notice missing a required element, naming it; the signature is never defaulted', async () => {
    const caseId = await openCase([(await confirmed()).id]);
    const unsigned = await draft(caseId, { signature: undefined });
    expect(unsigned.statusCode).toBe(422);
    expect(json(unsigned).error.code).toBe('notice_incomplete');
    expect(json(unsigned).error.problems.join('\n')).toMatch(/missing: .*signature/i);
    const unsworn = await draft(caseId, { statements: { goodFaith: true, accurate: true } });
    expect(json(unsworn).error.problems.join('\n')).toMatch(/missing: .*(perjury|authori)/i);
  });

  let noticeId: number;
  let noticed: { id: number; url: string }[];

  it('builds a complete DMCA notice citing every URL with its evidence hash and capture time', async () => {
    noticed = [await confirmed(), await confirmed({ itemIndex: 1 })];
    const res = await draft(await openCase(noticed.map((h) => h.id)));
    expect(res.statusCode, res.body).toBe(201);
    const n = json(res);
    noticeId = n.id;
    expect(n).toMatchObject({
      state: 'draft',
      regime: 'dmca',
      recipient: 'ip-notices@market.example',
      holderId: holder,
    });
    for (const h of noticed) {
      const hit = json(await reviewer('GET', `/v1/hits/${h.id}`));
      expect(n.text).toContain(h.url);
      expect(n.text).toContain(hit.evidence[0].sha256);
      expect(n.text).toContain('2026-11-20');
    }
    expect(n.urls.map((u: any) => u.url).sort()).toEqual(noticed.map((h) => h.url).sort());
  });

  it('will not notice a URL again while its notice is open', async () => {
    const res = await draft(await openCase([noticed[0]!.id]));
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('already_noticed');
    expect(json(res).error.problems[0]).toContain(`already named in notice ${noticeId}`);
  });

  it('a failing relay leaves the notice queued and retried, then the SMTP server receives it', async () => {
    expect(json(await reviewer('POST', `/v1/notices/${noticeId}/send`)).state).toBe('queued');
    const notices = api.store.notices;
    const t0 = new Date();
    const down = await deliverDue(notices, {
      transport: smtpTransport('smtp://127.0.0.1:1'),
      from: 'counterscan <notices@counterscan.test>',
      now: () => t0,
      retryBaseMs: 60_000,
    });
    expect(down).toEqual({ sent: [], retried: [noticeId], failed: [] });
    let n = json(await reviewer('GET', `/v1/notices/${noticeId}`));
    expect(n).toMatchObject({ state: 'queued', attempts: 1 });
    expect(n.lastError).toMatch(/ECONNREFUSED|connect/i);
    // Not due again before its backoff ends.
    expect(
      (
        await deliverDue(notices, {
          transport: smtpTransport(smtp.url),
          from: 'x@y.test',
          now: () => new Date(t0.getTime() + 30_000),
        })
      ).sent,
    ).toEqual([]);
    const up = await deliverDue(notices, {
      transport: smtpTransport(smtp.url),
      from: 'counterscan <notices@counterscan.test>',
      now: () => new Date(t0.getTime() + 61_000),
    });
    expect(up.sent).toEqual([noticeId]);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    n = json(await reviewer('GET', `/v1/notices/${noticeId}`));
    expect(mail.to).toEqual(['ip-notices@market.example']);
    expect(header(mail.raw, 'Subject')).toBe(n.subject);
    expect(header(mail.raw, 'X-Counterscan-Notice')).toBe(String(noticeId));
    const body = decoded(mail.raw);
    for (const h of noticed) expect(body).toContain(h.url);
    expect(body).toMatch(/penalty of perjury/i);
    expect(n).toMatchObject({ state: 'sent', attempts: 2 });
    // Delivery moves the listings on, audited.
    for (const h of noticed) {
      const hit = json(await reviewer('GET', `/v1/hits/${h.id}`));
      expect(hit.status).toBe('notice_sent');
      const history = json(await reviewer('GET', `/v1/hits/${h.id}/history`)).entries;
      expect(history.at(-1)).toMatchObject({ actor: 'delivery', after: { status: 'notice_sent' } });
    }
    // Sent once: a second run finds nothing due.
    expect(
      (
        await deliverDue(notices, {
          transport: smtpTransport(smtp.url),
          from: 'x@y.test',
          now: () => new Date(t0.getTime() + 3_600_000),
        })
      ).sent,
    ).toEqual([]);
    expect(smtp.mails).toHaveLength(1);
  });

  it('exports the notice in the Lumen shape with every field', async () => {
    const lumen = json(await reviewer('GET', `/v1/notices/${noticeId}/lumen`));
    const notice = lumen.notice;
    for (const f of ['type', 'title', 'subject', 'body', 'date_sent', 'jurisdiction_list', 'action_taken'])
      expect(notice[f], f).toBeDefined();
    expect('mark_registration_number' in notice).toBe(true);
    const roles = notice.entity_notice_roles_attributes.map((r: any) => r.name).sort();
    expect(roles).toEqual(['principal', 'recipient', 'sender', 'submitter']);
    for (const r of notice.entity_notice_roles_attributes) {
      for (const f of ['name', 'kind', 'address_line_1', 'country_code', 'email'])
        expect(f in r.entity_attributes, `${r.name}.${f}`).toBe(true);
    }
    const urls = notice.works_attributes
      .flatMap((w: any) => w.infringing_urls_attributes.map((u: any) => u.url))
      .sort();
    expect(urls).toEqual(noticed.map((h) => h.url).sort());
    for (const w of notice.works_attributes) expect(w.description).toBeTruthy();
  });

  it('a counter-notice starts the DMCA clock and the reminder fires once, on time', async () => {
    const friday = '2026-11-20T15:00:00.000Z';
    const res = await reviewer('POST', `/v1/notices/${noticeId}/counter-notices`, {
      receivedAt: friday,
      sender: 'Seller 1 <s1@shop.example>',
      statement: 'I own a licence for this software.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = json(res);
    // §512(g)(2)(C): restore not before 10 and not after 14 business days.
    expect(c.earliest.slice(0, 10)).toBe('2026-12-04');
    expect(c.latest.slice(0, 10)).toBe('2026-12-10');
    expect(json(await reviewer('GET', `/v1/notices/${noticeId}`)).outcome).toBe('countered');
    const counters = api.store.counterNotices;
    const transport = smtpTransport(smtp.url);
    const before = smtp.mails.length;
    const justBefore = new Date(new Date(c.remindAt).getTime() - 60_000);
    expect(await sendCounterNoticeReminders(counters, { transport, from: 'x@y.test', now: () => justBefore })).toEqual(
      [],
    );
    expect(
      await sendCounterNoticeReminders(counters, { transport, from: 'x@y.test', now: () => new Date(c.remindAt) }),
    ).toEqual([c.id]);
    expect(
      await sendCounterNoticeReminders(counters, { transport, from: 'x@y.test', now: () => new Date(c.latest) }),
    ).toEqual([]);
    expect(smtp.mails.length).toBe(before + 1);
    const reminder = smtp.mails.at(-1)!;
    const holderRecord = (await api.store.catalogue.holder(holder))!;
    expect(reminder.to).toEqual([holderRecord.agent?.email ?? holderRecord.email]);
    expect(decoded(reminder.raw)).toContain('2026-12-04');
  });

  it('tracks per channel the share of notices rejected, withdrawn or countered', async () => {
    const acc = json(await reviewer('GET', '/v1/notices/accuracy')).channels.find(
      (c: any) => c.channelId === 'demo-market',
    );
    expect(acc).toMatchObject({ sent: 1, countered: 1, inaccurateShare: 1 });
  });

  it('two outbox runs at once send a notice once', async () => {
    const res = await draft(await openCase([(await confirmed()).id]));
    expect(res.statusCode, res.body).toBe(201);
    const id = json(res).id;
    await reviewer('POST', `/v1/notices/${id}/send`);
    const notices = api.store.notices;
    const before = smtp.mails.length;
    const runs = await Promise.all(
      [1, 2, 3].map(() => deliverDue(notices, { transport: smtpTransport(smtp.url), from: 'x@y.test' })),
    );
    expect(runs.flatMap((r) => r.sent)).toEqual([id]);
    expect(smtp.mails.length).toBe(before + 1);
  });

  it('another holder sees none of it', async () => {
    expect((await as(api.tokens.holderB, 'GET', `/v1/notices/${noticeId}`)).statusCode).toBe(404);
    expect(json(await as(api.tokens.holderB, 'GET', '/v1/notices')).notices).toEqual([]);
    expect((await as(api.tokens.holderB, 'GET', `/v1/notices/${noticeId}/lumen`)).statusCode).toBe(404);
    expect((await as(api.tokens.holderA, 'GET', `/v1/notices/${noticeId}`)).statusCode).toBe(200);
  });
});
