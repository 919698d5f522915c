/**
 * Holder profiles notices can rely on: every element a regime asks of the holder has a field
 * the API keeps (unknown fields refused, never dropped); readiness lists per regime and channel
 * what is missing, from the regimes' own required elements; a China E-Commerce Law notice and a
 * DMCA notice are refused naming the missing elements, then built once the profile is filled;
 * a second notice on a URL under an open notice is a 409. PGlite store, real API.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api';
import { injectAs, putDemoMarketChannel, storedHit } from './helpers/enforcement';

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const STATEMENTS = { goodFaith: true, accurate: true, complete: true, authorised: true };

let api: TestApi;
let seq = 0;
const as = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  injectAs(api, token, method, url, payload);
const admin = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  as(api.tokens.admin, method, url, payload);

/** A confirmed hit on an item, with a stored page as evidence. */
async function confirmedHit(itemId: string): Promise<{ id: number; url: string }> {
  const { id, url } = await storedHit(api.store, itemId, {
    prefix: 'p',
    signals: [
      { name: 'brand_term', weight: 0.3, evidence: itemId },
      { name: 'counterfeit_words', weight: 0.3, evidence: 'replica' },
      { name: 'piracy_words', weight: 0.3, evidence: 'full movie' },
    ],
  });
  const r = await admin('POST', '/v1/hits/status', { ids: [id], status: 'confirmed', reason: 'checked' });
  expect(json(r).results[0].applied).toBe(true);
  return { id, url };
}
const openCase = async (hitIds: number[]) =>
  json(await admin('POST', '/v1/cases', { title: `case ${++seq}`, hitIds })).id as number;
const notice = (caseId: number, regime: string, over: Record<string, unknown> = {}) =>
  admin('POST', `/v1/cases/${caseId}/notices`, {
    regime,
    channelId: 'demo-market',
    signature: { name: 'Li Wei' },
    statements: STATEMENTS,
    ...over,
  });
const readiness = async (holderId: string) => json(await admin('GET', `/v1/holders/${holderId}/readiness`));
const regimeOf = (r: Record<string, any>, id: string) => r.regimes.find((x: any) => x.regime === id);

beforeAll(async () => {
  api = await startTestApi();
  await putDemoMarketChannel(api);
});
afterAll(async () => {
  await api?.close();
});

describe('holder profiles', () => {
  it('keeps every profile field, and refuses a field it does not know instead of dropping it', async () => {
    const before = json(await admin('GET', '/v1/holders/voltrix'));
    const unknown = await admin('PUT', '/v1/holders/voltrix', { ...before, identityNumber: 'X1', taxId: 'T-9' });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(unknown.body).toContain('taxId');
    const nested = await admin('PUT', '/v1/holders/voltrix', { ...before, agent: { name: 'A', fax: '1' } });
    expect(nested.statusCode, nested.body).toBe(400);
    expect(nested.body).toContain('fax');
    expect(json(await admin('GET', '/v1/holders/voltrix')).identityNumber).toBeUndefined();

    const full = {
      ...before,
      identityNumber: '91330200MA2H8XYZ1Q',
      identityProof: { fileName: 'licence.pdf', sha256: 'a'.repeat(64) },
      signatory: { name: 'Li Wei', title: 'Legal Director' },
      agent: {
        name: 'Mingjing IP Agency',
        email: 'cases@mingjing.example',
        identityNumber: '91310000MA1K000001',
        authorisation: 'power of attorney of 2026-01-05',
        authorisationLetter: { fileName: 'poa.pdf', sha256: 'b'.repeat(64) },
      },
    };
    const ok = await admin('PUT', '/v1/holders/voltrix', full);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(await admin('GET', '/v1/holders/voltrix'))).toMatchObject(full);
    // Back to the holder alone, for the next test.
    expect((await admin('PUT', '/v1/holders/voltrix', before)).statusCode).toBe(200);
  });

  it('readiness: each holder reads only its own; admins any', async () => {
    const { a, b } = api.holderIds;
    expect((await as(api.tokens.holderA, 'GET', `/v1/holders/${a}/readiness`)).statusCode).toBe(200);
    expect((await as(api.tokens.holderA, 'GET', `/v1/holders/${b}/readiness`)).statusCode).toBe(404);
    expect((await admin('GET', `/v1/holders/${b}/readiness`)).statusCode).toBe(200);
    expect((await admin('GET', '/v1/holders/nobody/readiness')).statusCode).toBe(404);
  });

  it(
    'a China E-Commerce Law notice: refused naming the true ' + 'identity, listed by readiness, built once filled',
    async () => {
      const before = await readiness('voltrix');
      const cn = regimeOf(before, 'cn-ecommerce');
      expect(cn.ready).toBe(false);
      expect(cn.missing).toEqual([
        expect.objectContaining({ id: 'right-holder-identity', fields: ['identityNumber'] }),
      ]);
      expect(cn.channels.map((c: any) => c.channel)).toEqual(['email', 'webform']);
      expect(before.ready).not.toContain('cn-ecommerce');

      const hit = await confirmedHit('vx-18650');
      const caseId = await openCase([hit.id]);
      const refused = await notice(caseId, 'cn-ecommerce', { requestedMeasures: ['delete'] });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(json(refused).error.code).toBe('notice_incomplete');
      expect(json(refused).error.problems.join('\n')).toMatch(/true identity/);

      const holder = json(await admin('GET', '/v1/holders/voltrix'));
      const put = await admin('PUT', '/v1/holders/voltrix', { ...holder, identityNumber: '91330200MA2H8XYZ1Q' });
      expect(put.statusCode, put.body).toBe(200);
      const after = await readiness('voltrix');
      expect(regimeOf(after, 'cn-ecommerce')).toMatchObject({ ready: true, missing: [] });
      expect(after.ready).toContain('cn-ecommerce');

      const built = await notice(caseId, 'cn-ecommerce', { requestedMeasures: ['delete'] });
      expect(built.statusCode, built.body).toBe(201);
      expect(json(built).text).toContain('91330200MA2H8XYZ1Q');
      expect(json(built).text).toContain(hit.url);

      // The same URL again while that notice is open: a conflict with it.
      const again = await notice(await openCase([hit.id]), 'cn-ecommerce', { requestedMeasures: ['delete'] });
      expect(again.statusCode, again.body).toBe(409);
      expect(json(again).error.code).toBe('already_noticed');
    },
  );

  it(
    'a DMCA notice for a copyright work: refused naming phone ' + 'and address, built once the profile has them',
    async () => {
      const dmca = regimeOf(await readiness('lanting'), 'dmca');
      const ids = dmca.missing.map((m: any) => m.id);
      expect(ids).toEqual(expect.arrayContaining(['complainant-address', 'complainant-phone']));
      // Only what is empty: lanting's record has a street address and a country, not a city.
      expect(dmca.missing.flatMap((m: any) => m.fields).sort()).toEqual(['city', 'phone', 'signatory.name']);
      // Signature: the profile has no signatory on file yet.
      expect(ids).toContain('signature');

      const hit = await confirmedHit('lt-jade-river');
      const caseId = await openCase([hit.id]);
      const refused = await notice(caseId, 'dmca');
      expect(refused.statusCode, refused.body).toBe(422);
      const problems = json(refused).error.problems.join('\n');
      expect(problems).toMatch(/postal address/);
      expect(problems).toMatch(/telephone|phone/);

      const holder = json(await admin('GET', '/v1/holders/lanting'));
      const put = await admin('PUT', '/v1/holders/lanting', {
        ...holder,
        address: '18 Film Rd',
        city: 'Beijing',
        postalCode: '100020',
        phone: '+86 10 0000 1818',
        signatory: { name: 'Li Wei', title: 'Head of Copyright Protection' },
      });
      expect(put.statusCode, put.body).toBe(200);
      expect(regimeOf(await readiness('lanting'), 'dmca')).toMatchObject({ ready: true, missing: [] });

      const built = await notice(caseId, 'dmca');
      expect(built.statusCode, built.body).toBe(201);
      expect(json(built).text).toContain('+86 10 0000 1818');
      expect(json(built).text).toContain('Beijing');
    },
  );
});
