/**
 * Content script time to badge a 60-result search page, in Debian's headless
 * Chromium with the demo build of the extension (.output/demo/chrome-mv3;
 * `npm run build:ext:demo` first), on two pages: the demo marketplace's, and
 * one with a real site's structure (Walmart: results in `__NEXT_DATA__`,
 * rendered cards) served as www.walmart.com.
 *
 * The page is the demo marketplace's search for "Korvath" with pages 1–3 in
 * one list (60 result cards, as an infinite-scroll page shows them), served
 * from loopback; the extension is connected to a review API holding the
 * 48-item example catalogue. Two figures, on the content script's own clock:
 * the time to badge, from its start to the last badge of its first pass
 * mounted (reading the 60 cards with the site adapter, matching them in the
 * background, mounting the shadow-root badges); and of that, the content
 * script's own work on the page's thread (reading the page, finding the
 * cards, taking the background's answer, mounting the badges), which is
 * what the page waits on — the background matches in its own process. The
 * budget (50 ms, issue 12: "≤ 50 ms of content-script work") applies to the
 * second; the first is printed beside it. Reading listing pages to confirm
 * results comes after and is not counted. The first load is reported apart;
 * the figures are medians of the loads after it. They are wall times, so on
 * a shared machine the bench first waits (up to 3 minutes) for the load
 * average to fall below the number of cores, and prints the load. Exit
 * status 1 when a median content-script time exceeds 50 ms.
 *
 * `--profile` also samples the page's thread (CDP's CPU profiler) over the
 * loads after the first and prints where it went: each sample is charged to
 * the innermost content-script function on its stack (the DOM calls it makes
 * count as its own), else to the page, the garbage collector or idle time.
 *
 *   npm run bench:badge [-- --loads 30] [-- --page demo|walmart] [-- --profile]
 */
import { createServer, type Server } from 'node:http';
import type { CDPSession, Page } from 'playwright';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, setPriority } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { imageForPath } from '../../demo/png';
import { startDemoSites } from '../../demo/server';
import { exampleCatalogue } from '../../demo/generate';
import { startTestApi } from '../integration/helpers/api';
import { launchExtension } from '../e2e/helpers/extension';
import { connect, openAndScan, type ScanReport } from '../e2e/helpers/session';
import { walmartSearch, type FixtureResult } from '../e2e/helpers/real-sites';
import { serveHttpAndHttps } from '../e2e/helpers/dual-server';

const LOADS = Number(process.argv[process.argv.indexOf('--loads') + 1]) || 30;
/** One of the two pages only (`demo`, `walmart`); both by default. */
const ONLY = process.argv.includes('--page') ? process.argv[process.argv.indexOf('--page') + 1] : undefined;
const PROFILE = process.argv.includes('--profile');
const QUERY = 'Korvath';
const BUDGET_MS = 50;

/** Pages 1–3 of the search as one page of 60 cards; every other path goes to the demo marketplace. */
async function sixtyResultPage(marketOrigin: string): Promise<{ url: string; server: Server }> {
  const pages = await Promise.all(
    [1, 2, 3].map(async (n) => (await fetch(`${marketOrigin}/search?q=${QUERY}&page=${n}`)).text()),
  );
  const cards = pages.flatMap((html) => html.match(/<li class="result-card"[\s\S]*?<\/li>/g) ?? []);
  if (cards.length !== 60) throw new Error(`expected 60 result cards, got ${cards.length}`);
  const merged = pages[0]!.replace(
    /<ul class="results">[\s\S]*?<\/ul>/,
    `<ul class="results">${cards.join('\n')}</ul>`,
  );
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/search')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(merged);
      return;
    }
    const png = imageForPath(req.url ?? '');
    if (png) {
      res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      return;
    }
    void fetch(`${marketOrigin}${req.url}`).then(async (r) => {
      res
        .writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream' })
        .end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/search?q=${QUERY}&page=1`, server };
}

/**
 * A real site's structure: a Walmart search page of 60 results (made-up
 * products of the example catalogue's brands, a third sold by marketplace
 * sellers), its results in `__NEXT_DATA__` and its rendered cards, served
 * as www.walmart.com so the real-site match pattern and adapter apply.
 */
async function walmartSixty(titles: string[]) {
  const results: FixtureResult[] = Array.from({ length: 60 }, (_, i) => ({
    path: `/ip/Fixture-Product-${i}/${600000000 + i}`,
    title: `${titles[i % titles.length]}${i % 3 === 2 ? ' replica 1:1' : ''}`,
    price: 10 + i,
    seller: i % 3 === 0 ? 'Walmart.com' : `Marketplace Seller ${i}`,
    label: 'unrelated',
  }));
  const html = walmartSearch(results);
  const server = await serveHttpAndHttps((req, res) => {
    if (req.url?.startsWith('/search')) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else res.writeHead(404).end();
  });
  return { server, url: 'http://www.walmart.com/search?q=fixture' };
}

/** Where the page's thread spent its time over the profiled loads (see `--profile`). */
class PageProfiler {
  private readonly charged = new Map<string, number>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly extensionOrigin: string,
  ) {}

  static async attach(page: Page, extensionOrigin: string): Promise<PageProfiler> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    return new PageProfiler(cdp, extensionOrigin);
  }

  async start(): Promise<void> {
    await this.cdp.send('Profiler.start');
  }

  /** Charges the samples from the content script's first one to `windowMs` later (its first badges). */
  async stop(windowMs: number): Promise<void> {
    const { profile } = await this.cdp.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const chargeOf = new Map<number, string>();
    const label = (id: number): string => {
      const known = chargeOf.get(id);
      if (known) return known;
      let out: string | undefined;
      for (let at: number | undefined = id; at !== undefined && !out; at = parent.get(at)) {
        const f = byId.get(at)!.callFrame;
        const where = `${f.url.slice(this.extensionOrigin.length)}:${f.lineNumber + 1}`;
        if (f.url.startsWith(this.extensionOrigin)) out = `content script: ${f.functionName || '(anonymous)'} ${where}`;
      }
      if (!out) {
        const f = byId.get(id)!.callFrame;
        out = f.functionName.startsWith('(') ? f.functionName : f.url ? 'page scripts' : `native: ${f.functionName}`;
      }
      chargeOf.set(id, out);
      return out;
    };
    let at = profile.startTime;
    let from: number | undefined;
    profile.samples?.forEach((id, i) => {
      at += profile.timeDeltas?.[i] ?? 0;
      const key = label(id);
      if (from === undefined && key.startsWith('content script')) from = at;
      if (from === undefined || at > from + windowMs * 1000) return;
      const next = profile.timeDeltas?.[i + 1] ?? 0;
      this.charged.set(key, (this.charged.get(key) ?? 0) + next / 1000);
    });
  }

  print(loads: number): void {
    const rows = [...this.charged].sort((a, b) => b[1] - a[1]);
    const script = rows.filter(([k]) => k.startsWith('content script')).reduce((sum, [, v]) => sum + v, 0);
    console.log(
      `  profile: the page's thread from the content script's start to its first badges, ms a load ` +
        `(content-script functions: ${ms(script / loads)} in all)`,
    );
    for (const [k, v] of rows.slice(0, 25)) console.log(`    ${ms(v / loads).padStart(9)}  ${k}`);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * The figure is wall time: on a shared machine, wait (up to 3 minutes) until the load is below the core count, and say
 * what it was.
 */
async function quietEnough(): Promise<string> {
  const cores = availableParallelism();
  for (let waited = 0; loadavg()[0]! >= cores && waited < 180; waited += 10) await sleep(10_000);
  return `load average ${loadavg()[0]!.toFixed(2)} on ${cores} cores`;
}

async function measure(
  b: Awaited<ReturnType<typeof launchExtension>>,
  url: string,
  label: string,
  before: string,
): Promise<boolean> {
  const page = await b.context.newPage();
  const profiler = PROFILE ? await PageProfiler.attach(page, b.origin) : undefined;
  const reports: ScanReport[] = [];
  for (let i = 0; i <= LOADS; i++) {
    // A fresh navigation each time (the extension keeps nothing per page between loads); the report
    // read is this load's, and the next load starts once its listing pages have been read.
    await page.goto('about:blank');
    if (i > 0) await profiler?.start();
    const r = await openAndScan(b, page, url, { quietMs: 500 });
    if (i > 0) await profiler?.stop(r.timings.firstBadgesMs);
    if (r.listings !== 60) throw new Error(`${label}: the content script read ${r.listings} results, not 60`);
    reports.push(r);
  }
  profiler?.print(LOADS);
  const [first, ...rest] = reports;
  const total = rest.map((r) => r.timings.firstBadgesMs);
  const script = rest.map((r) => r.timings.scriptMs);
  const part = (k: keyof ScanReport['timings']) => ms(median(rest.map((r) => r.timings[k])));
  const badges = await page.locator('counterscan-badge').count();
  console.log(
    `badge benchmark: ${label}, ${rest.length} loads after a first one, ${first!.catalogueItems} catalogue items ` +
      `(${before} at the start, ${loadavg()[0]!.toFixed(2)} at the end)`,
  );
  console.log(`  first load                         ${ms(first!.timings.firstBadgesMs)}`);
  console.log(
    `  time to badge, median              ${ms(median(total))}   (p90 ${ms(pct(total, 90))}, min ` +
      `${ms(Math.min(...total))}, max ${ms(Math.max(...total))})`,
  );
  console.log(
    `  content script's own work, median  ${ms(median(script))}   (p90 ${ms(pct(script, 90))}, max ` +
      `${ms(Math.max(...script))})`,
  );
  console.log(`    start (its modules, the site's adapter)  ${part('startMs')}`);
  console.log(`    read 60 results (adapter, live DOM)  ${part('extractMs')}`);
  console.log(
    `    match in the background            ${part('matchMs')} (of which the background's own work ` +
      `${part('backgroundMs')})`,
  );
  console.log(`    mount badges (shadow roots)        ${part('renderMs')}`);
  console.log(`  badges after the listing pages were read: ${badges} (${rest.at(-1)!.suspects.length} suspects)`);
  const ok = median(script) <= BUDGET_MS;
  console.log(
    `${ok ? 'PASS' : 'FAIL'}: ${label}: content script's work, median ${ms(median(script))} ${ok ? '≤' : '>'} ` +
      `${BUDGET_MS} ms (time to badge ${ms(median(total))})`,
  );
  await page.close();
  return ok;
}

async function main(): Promise<void> {
  // This process plays the web sites and the API, which on a user's machine run elsewhere: it yields the CPU to the
  // browser.
  setPriority(10);
  const before = await quietEnough();
  const sites = await startDemoSites({ size: 1400, latencyMs: 0 });
  const api = await startTestApi();
  const page60 = await sixtyResultPage(sites.market.origin);
  const walmart = await walmartSixty(
    exampleCatalogue()
      .items.filter((i) => !i.runtimeSeconds)
      .map((i) => i.title),
  );
  const b = await launchExtension(undefined, { hosts: { names: ['www.walmart.com'], ports: walmart.server.ports } });
  try {
    await connect(b, api.url, api.tokens.reviewer);
    const demo =
      ONLY === 'walmart' || (await measure(b, page60.url, '60-result search page (demo marketplace)', before));
    const real =
      ONLY === 'demo' ||
      (await measure(
        b,
        walmart.url,
        '60-result Walmart-structured search page (www.walmart.com: __NEXT_DATA__ and rendered cards)',
        before,
      ));
    process.exitCode = demo && real ? 0 : 1;
  } finally {
    await b.close();
    page60.server.close();
    await walmart.server.close();
    await api.close();
    await sites.close();
  }
}

await main();
