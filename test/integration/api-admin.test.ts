/**
 * The API's browser-facing pages in a real Chromium and with a real Redis:
 * the OpenAPI docs render their route list, and the queue dashboard is for
 * admins only (bearer header, or the cookie /admin/login sets for a live
 * admin token and nothing else) and renders under its Content-Security-Policy.
 */
import { Redis } from 'ioredis';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../../crawler/api';
import { loadConfig } from '../../crawler/config';
import { CHROMIUM_ARGS } from '../../crawler/fetch/browser-fetcher';
import { resolveChromium } from '../../crawler/fetch/chromium-path';
import { startTestApi, type StoreKind, type TestApi } from './helpers/api';
import { REDIS_URL } from '../setup/services';

describe('OpenAPI docs in headless Chromium', () => {
  let api: TestApi;
  let browser: Browser;
  beforeAll(async () => {
    api = await startTestApi();
    browser = await chromium.launch({
      executablePath: resolveChromium(process.env.CHROMIUM_PATH),
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('/docs shows every route of the API', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.url}/docs`);
    await page.locator('.opblock-summary-path').first().waitFor({ timeout: 30_000 });
    const paths = await page.locator('.opblock-summary-path').allTextContents();
    const routes = new Set(paths.map((p) => p.replace(/\u200b/g, '').trim()));
    for (const r of [
      '/v1/hits',
      '/v1/hits/status',
      '/v1/flags',
      '/v1/evidence',
      '/v1/cases',
      '/v1/audit',
      '/v1/items',
      '/v1/figures',
    ])
      expect(routes).toContain(r);
    console.log(`docs: ${routes.size} paths listed in the rendered page`);
    await page.close();
  });
});

describe.each<StoreKind>(['pglite', 'postgres'])('queue dashboard on %s', (kind) => {
  let api: TestApi;
  let redis: Redis;
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    api = await startTestApi({ store: kind });
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const app = await createApiServer({
      store: api.store,
      config: { ...loadConfig({}), queuePrefix: `cs-test-dash-${process.pid}` },
      redis,
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    close = () => app.close();
  });
  afterAll(async () => {
    await close?.();
    redis?.disconnect();
    await api?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { headers, redirect: 'manual' });

  it('answers admins only', async () => {
    expect((await get('/admin/queues')).status).toBe(401);
    expect((await get('/admin/queues', { authorization: `Bearer ${api.tokens.reviewer}` })).status).toBe(403);
    expect((await get('/admin/queues', { authorization: `Bearer ${api.tokens.holderA}` })).status).toBe(403);
    const ok = await get('/admin/queues', { authorization: `Bearer ${api.tokens.admin}` });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('counterscan queues');
    const queues = await get('/admin/queues/api/queues', { authorization: `Bearer ${api.tokens.admin}` });
    const names = ((await queues.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['campaign', 'discover', 'listing', 'notify', 'sweep', 'verify']);
  });

  it('takes the login cookie in a browser, and never on the API', async () => {
    const login = await fetch(`${url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(api.tokens.admin)}`,
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await get('/admin/queues', { cookie })).status).toBe(200);
    expect((await get('/v1/me', { cookie })).status).toBe(401);
    const reviewerCookie = `cs_admin_token=${encodeURIComponent(api.tokens.reviewer)}`;
    expect((await get('/admin/queues', { cookie: reviewerCookie })).status).toBe(403);
  });

  it('/admin/login sets the cookie for a live admin token only', async () => {
    const login = (token: string) =>
      fetch(`${url}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `token=${encodeURIComponent(token)}`,
        redirect: 'manual',
      });
    const revoked = await api.store.tokens.create({ name: 'revoked admin', role: 'admin' });
    await api.store.tokens.revoke(revoked.record.tokenId);
    for (const [token, status] of [
      ['any string at all', 401],
      ['', 401],
      [revoked.token, 401],
      [api.tokens.reviewer, 403],
      [api.tokens.holderA, 403],
    ] as const) {
      const res = await login(token);
      expect(res.status, token).toBe(status);
      expect(res.headers.get('set-cookie'), token).toBeNull();
      expect(await res.text()).toContain('<form method="post" action="/admin/login">');
    }
    expect((await login(api.tokens.admin)).headers.get('set-cookie')).toMatch(/^cs_admin_token=/);
  });

  it('serves the dashboard under a Content-Security-Policy it renders with', async () => {
    const page = await get('/admin/queues', { authorization: `Bearer ${api.tokens.admin}` });
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);

    const browser = await chromium.launch({
      executablePath: resolveChromium(process.env.CHROMIUM_PATH),
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const tab = await browser.newPage();
      // Runs in the page (no DOM types in this project's Node tsconfig, hence the narrow casts).
      type Violation = { directive: string; blocked: string };
      type PageGlobals = {
        cspViolations: Violation[];
        document: {
          addEventListener(type: string, f: (e: { effectiveDirective: string; blockedURI: string }) => void): void;
        };
      };
      await tab.addInitScript(() => {
        const page = globalThis as unknown as PageGlobals;
        page.cspViolations = [];
        page.document.addEventListener('securitypolicyviolation', (e) =>
          page.cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
        );
      });
      await tab.goto(`${url}/admin/login`);
      await tab.fill('input[name=token]', api.tokens.admin);
      await Promise.all([tab.waitForURL(/\/admin\/queues/), tab.click('button')]);
      // The React app rendered: its queue list names our queues.
      await tab.getByText('listing', { exact: true }).first().waitFor({ timeout: 30_000 });
      const violations = await tab.evaluate(() => (globalThis as unknown as PageGlobals).cspViolations);
      // Only bull-board's Google Fonts stylesheet is refused (on purpose); nothing of its own.
      expect(violations.filter((v) => !/fonts\.(googleapis|gstatic)\.com/.test(v.blocked))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
