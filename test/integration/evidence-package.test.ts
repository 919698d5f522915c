/**
 * A notice's evidence package, end to end: the demo video site served on loopback is swept by
 * the pipeline into the API's store, a reviewer confirms hits and builds a DMCA notice through
 * the API, and the package is fetched from `GET /v1/notices/:id/evidence.zip`. It must open with
 * standard tools, every file must hash to what the manifest and the stored hit say, the WARC
 * must read back with warcio, and the email channel must attach the same bytes. PGlite store.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { unzipSync } from 'fflate';
import { WARCParser, type WARCRecord } from 'warcio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue, smtpTransport, type PackageManifest } from '../../crawler/notices';
import { startDemoSites, type DemoSites } from '../../demo/server';
import { completeHolderProfile, injectAs, putDemoMarketChannel, sweepDemoSite } from './helpers/enforcement';
import { startTestApi, type TestApi } from './helpers/api';
import { decoded, startSmtp } from './helpers/smtp';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const json = (res: LightMyRequestResponse) => res.json() as Record<string, any>;
const STATEMENTS = { goodFaith: true, accurate: true, complete: true, authorised: true };

let api: TestApi;
let sites: DemoSites;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let tmp: string;
let noticeId: number;
let noticeText: string;
let zip: Buffer;
/** The hits the notice cites, as the store holds them. */
let cited: { id: number; listingUrl: string; evidenceSha256: string | null }[];

const as = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  injectAs(api, token, method, url, payload);

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'cs-evidence-pkg-'));
  sites = await startDemoSites({ latencyMs: 0 });
  smtp = await startSmtp();
  api = await startTestApi({ config: { publicUrl: 'https://counterscan.example.org' } });
  const holder = api.holderIds.a;
  // The holder's works (software) are pirated on the demo video site.
  const hits = await sweepDemoSite(api, {
    site: 'demo-video',
    origin: sites.video.origin,
    holder,
    maxListingImages: 0,
  });
  expect(hits.length, 'the sweep found hits for the holder').toBeGreaterThanOrEqual(2);
  cited = hits.slice(0, 2);
  await completeHolderProfile(api, holder);
  await putDemoMarketChannel(api);
  const confirm = await as(api.tokens.reviewer, 'POST', '/v1/hits/status', {
    ids: cited.map((c) => c.id),
    status: 'confirmed',
    reason: 'pirated copy offered',
  });
  expect(confirm.statusCode, confirm.body).toBe(200);
  const kase = await as(api.tokens.reviewer, 'POST', '/v1/cases', {
    title: 'evidence package',
    hitIds: cited.map((c) => c.id),
  });
  const made = await as(api.tokens.reviewer, 'POST', `/v1/cases/${json(kase).id}/notices`, {
    regime: 'dmca',
    channelId: 'demo-market',
    signature: { name: 'Amélie Dufresne' },
    statements: STATEMENTS,
  });
  expect(made.statusCode, made.body).toBe(201);
  noticeId = json(made).id;
  noticeText = json(made).text;
  const res = await as(api.tokens.holderA, 'GET', `/v1/notices/${noticeId}/evidence.zip`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  zip = res.rawPayload;
}, 120_000);

afterAll(async () => {
  await smtp?.close();
  await sites?.close();
  await api?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function warcRecords(bytes: Uint8Array): Promise<{ record: WARCRecord; payload: Uint8Array }[]> {
  const out: { record: WARCRecord; payload: Uint8Array }[] = [];
  for await (const record of WARCParser.iterRecords([bytes])) out.push({ record, payload: await record.readFully() });
  return out;
}

describe('a notice evidence package', () => {
  it('opens with standard ZIP tools', async () => {
    const path = join(tmp, `evidence-notice-${noticeId}.zip`);
    await writeFile(path, zip);
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
    execFileSync('python3', ['-m', 'zipfile', '-t', path]);
    const names = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).trim().split('\n');
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'index.html', 'notice.txt']));
    expect(names).toEqual(expect.arrayContaining(['listings/01/page.html', 'listings/01/capture.warc']));
    expect(names).toEqual(expect.arrayContaining(['listings/02/metadata.json', 'listings/02/capture.warc']));
  });

  it("hashes every file to the manifest's SHA-256, and each page to its stored hit's evidence hash", async () => {
    const files = unzipSync(zip);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as PackageManifest;
    expect(manifest.notice.id).toBe(noticeId);
    expect(new Set(Object.keys(files))).toEqual(new Set(['manifest.json', ...manifest.files.map((f) => f.path)]));
    for (const f of manifest.files) {
      expect(sha256(files[f.path]!), f.path).toBe(f.sha256);
      expect(files[f.path]!.byteLength).toBe(f.size);
    }
    expect(manifest.listings.map((l) => l.url).sort()).toEqual(cited.map((c) => c.listingUrl).sort());
    for (const l of manifest.listings) {
      const hit = cited.find((c) => c.listingUrl === l.url)!;
      expect(hit.evidenceSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(l.evidenceSha256).toBe(hit.evidenceSha256);
      expect(sha256(files[`${l.folder}/page.html`]!)).toBe(hit.evidenceSha256);
      const meta = JSON.parse(new TextDecoder().decode(files[`${l.folder}/metadata.json`]));
      expect(meta).toMatchObject({ listingUrl: l.url, evidenceSha256: hit.evidenceSha256 });
      expect(meta.capture).toMatchObject({ status: 200, url: l.url, rendered: false });
      expect(meta.capture.headers['content-type']).toMatch(/text\/html/);
      expect(Date.parse(meta.capture.fetchedAt)).not.toBeNaN();
      for (const f of meta.files) expect(sha256(files[f.path]!)).toBe(f.sha256);
    }
    const index = new TextDecoder().decode(files['index.html']);
    expect(index).toContain('"Noto Sans CJK SC", "Noto Sans CJK JP"');
    for (const f of manifest.files.filter((x) => x.path !== 'index.html')) expect(index).toContain(f.sha256);
  });

  it('holds a valid WARC capture per listing: record types, target URI, payload digest of the HTML', async () => {
    const files = unzipSync(zip);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as PackageManifest;
    for (const l of manifest.listings) {
      const read = await warcRecords(files[`${l.folder}/capture.warc`]!);
      expect(read.map((r) => r.record.warcType)).toEqual(['warcinfo', 'request', 'response', 'metadata']);
      for (const r of read.slice(1)) expect(r.record.warcTargetURI).toBe(l.url);
      const response = read[2]!;
      expect(response.record.httpHeaders?.statusCode).toBe(200);
      expect(response.record.httpHeaders?.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.record.warcPayloadDigest).toBe(`sha256:${l.evidenceSha256}`);
      expect(sha256(response.payload)).toBe(l.evidenceSha256);
      expect(read[1]!.record.httpHeaders?.headers.get('user-agent')).toBe('counterscan-evidence-test/1.0');
    }
  });

  it('is linked from the notice text with a key that opens it without a token, and only it', async () => {
    const link = new RegExp(
      `https://counterscan\\.example\\.org(/v1/notices/${noticeId}/evidence\\.zip\\?key=[A-Za-z0-9_-]+)`,
    ).exec(noticeText);
    expect(link, noticeText).not.toBeNull();
    expect(noticeText).toContain(`SHA-256 ${sha256(zip)}`);
    const byKey = await api.app.inject({ method: 'GET', url: link![1]! });
    expect(byKey.statusCode).toBe(200);
    expect(sha256(byKey.rawPayload)).toBe(sha256(zip));
    const wrongKey = await api.app.inject({ method: 'GET', url: `/v1/notices/${noticeId}/evidence.zip?key=nope` });
    expect(wrongKey.statusCode).toBe(404);
    const none = await api.app.inject({ method: 'GET', url: `/v1/notices/${noticeId}/evidence.zip` });
    expect(none.statusCode).toBe(401);
    // Another holder never reads it, and is told only that there is no such notice.
    expect((await as(api.tokens.holderB, 'GET', `/v1/notices/${noticeId}/evidence.zip`)).statusCode).toBe(404);
    const admin = await as(api.tokens.admin, 'GET', `/v1/notices/${noticeId}/evidence.zip`);
    expect(sha256(admin.rawPayload)).toBe(sha256(zip));
  });

  it('goes with the email as an attachment (the same bytes), and the mail text links it', async () => {
    expect((await as(api.tokens.reviewer, 'POST', `/v1/notices/${noticeId}/send`)).statusCode).toBe(200);
    const sent = await deliverDue(api.store.notices, {
      transport: smtpTransport(smtp.url),
      from: 'counterscan <notices@counterscan.test>',
      evidence: api.store,
      attachMaxBytes: zip.byteLength,
    });
    expect(sent.sent).toEqual([noticeId]);
    const raw = smtp.mails.at(-1)!.raw;
    const part = new RegExp(
      `filename=evidence-notice-${noticeId}\\.zip[\\s\\S]*?\\r?\\n\\r?\\n([A-Za-z0-9+/=\\r\\n]+?)\\r?\\n--`,
    ).exec(raw);
    expect(part, 'the package is attached').not.toBeNull();
    expect(sha256(Buffer.from(part![1]!.replace(/\s+/g, ''), 'base64'))).toBe(sha256(zip));
    expect(decoded(raw)).toContain(`/v1/notices/${noticeId}/evidence.zip?key=`);
  });
});
