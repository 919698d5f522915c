/**
 * What the side panel's composer relies on: a draft's free-text parts edited
 * (rebuilt and gated again, the evidence link kept), a draft discarded (its
 * URLs free again), each refused listing named with its URL and reason in the
 * error body, and /v1/me saying whether the server can send email.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api';
import { injectAs, storedHit } from './helpers/enforcement';

const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const STATEMENTS = { goodFaith: true, accurate: true, complete: true, authorised: true };

let api: TestApi;
let seq = 0;
const admin = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  injectAs(api, api.tokens.admin, method, url, payload);

async function hit(itemId: string, confirm: boolean): Promise<{ id: number; url: string }> {
  const { id, url } = await storedHit(api.store, itemId, {
    prefix: 'd',
    signals: [
      { name: 'brand_term', weight: 0.3, evidence: itemId },
      { name: 'counterfeit_words', weight: 0.3, evidence: 'replica' },
    ],
  });
  if (confirm) await admin('POST', '/v1/hits/status', { ids: [id], status: 'confirmed', reason: 'checked' });
  return { id, url };
}
const notice = (caseId: number, over: Record<string, unknown> = {}) =>
  admin('POST', `/v1/cases/${caseId}/notices`, {
    regime: 'cn-ecommerce',
    channelId: 'demo-market',
    signature: { name: 'Li Wei' },
    statements: STATEMENTS,
    requestedMeasures: ['delete'],
    ...over,
  });
const openCase = async (hitIds: number[]) =>
  json(await admin('POST', '/v1/cases', { title: `case ${++seq}`, hitIds })).id as number;

beforeAll(async () => {
  api = await startTestApi({ config: { publicUrl: 'http://127.0.0.1:9999' } });
  await admin('PUT', '/v1/channels/demo-market', {
    id: 'demo-market',
    name: 'Demo Market IP team',
    email: 'ip-notices@market.example',
    party: {},
  });
  const holder = json(await admin('GET', '/v1/holders/voltrix'));
  const put = await admin('PUT', '/v1/holders/voltrix', { ...holder, identityNumber: '91330200MA2H8XYZ1Q' });
  expect(put.statusCode, put.body).toBe(200);
});
afterAll(async () => {
  await api?.close();
});

describe('notice drafts for the side panel', () => {
  it('names each refused listing with its URL, hit and reason', async () => {
    const ok = await hit('vx-18650', true);
    const unconfirmed = await hit('vx-18650', false);
    const refused = await notice(await openCase([ok.id, unconfirmed.id]));
    expect(refused.statusCode, refused.body).toBe(422);
    expect(json(refused).error.refusals).toEqual([
      { url: unconfirmed.url, hitId: unconfirmed.id, code: 'not_confirmed', reason: expect.stringMatching(/is new/) },
    ]);
  });

  it('edits a draft: new words in text and HTML, same evidence link; a sent notice is not edited', async () => {
    const h = await hit('vx-everpack', true);
    const made = await notice(await openCase([h.id]), {
      explanation: 'first words',
    });
    expect(made.statusCode, made.body).toBe(201);
    const draft = json(made);
    const link = /http:\/\/127\.0\.0\.1:9999\/v1\/notices\/\d+\/evidence\.zip\?key=\S+/.exec(draft.text)![0];
    const edited = await admin('PATCH', `/v1/notices/${draft.id}`, {
      signature: { name: 'Li Wei' },
      statements: STATEMENTS,
      requestedMeasures: ['delete'],
      listings: { [h.url]: { infringingParts: ['logo', 'packaging'] } },
      explanation: 'The batteries carry our registered mark 伏特力 on a forged label.',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(json(edited).text).toContain('forged label');
    expect(json(edited).text).not.toContain('first words');
    expect(json(edited).html).toContain('forged label');
    expect(json(edited).text).toContain(link);
    const audit = json(await admin('GET', `/v1/audit?target=notice:${draft.id}`));
    expect(audit.entries.map((e: any) => e.action)).toContain('notice.revise');

    expect((await admin('POST', `/v1/notices/${draft.id}/send`)).statusCode).toBe(200);
    const late = await admin('PATCH', `/v1/notices/${draft.id}`, { explanation: 'too late' });
    expect(late.statusCode).toBe(409);
    expect((await admin('DELETE', `/v1/notices/${draft.id}`)).statusCode).toBe(409);
  });

  it('discards a draft: its listing can be noticed again', async () => {
    const h = await hit('vx-18650', true);
    const caseId = await openCase([h.id]);
    const made = await notice(caseId);
    expect(made.statusCode, made.body).toBe(201);
    const first = json(made);
    expect((await notice(caseId)).statusCode).toBe(409);
    expect((await admin('DELETE', `/v1/notices/${first.id}`)).statusCode).toBe(204);
    expect((await admin('GET', `/v1/notices/${first.id}`)).statusCode).toBe(404);
    expect((await notice(caseId)).statusCode).toBe(201);
  });

  it('/v1/me says whether notices can go out by email', async () => {
    expect(json(await admin('GET', '/v1/me')).delivery).toEqual({
      email: false,
      from: 'counterscan <notices@localhost>',
    });
  });
});
