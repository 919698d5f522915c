/**
 * The simulated internet discovery is measured on, built from the demo
 * catalogue: infringing shops, streaming sites (with mirror networks) and
 * torrent indexes under look-alike, homoglyph, IDN and unrelated names;
 * parked look-alikes, review blogs, an authorised retailer, ordinary
 * businesses one typo from a brand, the official sites; thousands of
 * unrelated certificate names. Each site is found only the way it would be
 * in the wild: its certificate in the CT log, its name among the look-alike
 * permutations, a search result, a blocklist line or a reviewer's referral.
 * `truth` says which registrable domains infringe.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  discoveryTerms,
  domainLookalikes,
  SHOP_WORDS,
  slugOf,
  termLookalikes,
  toAscii,
} from '../../../../shared/discovery';
import { CatalogueSchema, type Catalogue } from '../../../../shared/model';
import { certMaker, merkleLeaf } from './certs';
import * as P from './pages';

type Site = { html: (path: string, query: URLSearchParams) => string | undefined; woo?: boolean };

export interface World {
  catalogue: Catalogue;
  /** Registrable domains (ASCII) that infringe. */
  truth: Set<string>;
  /** Every site's domain and what it is, for reading failures. */
  kinds: Map<string, string>;
  /** MerkleTreeLeaf entries for the CT log. */
  ctEntries: Buffer[];
  dnsRecords: Map<string, string[]>;
  /** The HTTP server for every site (virtual hosts), and the search engine at `searchHost`. */
  port: number;
  searchHost: string;
  blocklist: string;
  referral: string;
  /** The streaming networks' domains, network by network (the first of each is the one found first). */
  networks: string[][];
  /** Counterfeit shops built on WooCommerce (read, once accepted, by its template adapter). */
  wooShops: string[];
  close(): Promise<void>;
}

function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'river stone maple harbor cloud pixel bright north urban green orbit cedar amber delta metro lunar solar ' +
  'bakery dental garage studio travel garden yoga coffee print legal media health farm press radio tech cargo ' +
  'atlas nova prime swift vista echo zen peak bloom craft forge harvest summit coast valley pine willow'
).split(' ');
/** Each network customises its theme: wrapper classes by name (digits would read alike to the mirror fingerprint). */
const SKINS = ['aurora', 'basalt', 'coral', 'dune', 'ember', 'fjord', 'garnet', 'helix', 'indigo', 'jasper'];
const TLDS = ['com', 'net', 'org', 'io', 'co', 'de', 'fr', 'app', 'dev', 'info', 'biz', 'shop', 'online'];

export async function buildWorld(o: { unrelatedCerts?: number; seed?: number } = {}): Promise<World> {
  const rnd = prng(o.seed ?? 16);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const catalogue = CatalogueSchema.parse(JSON.parse(readFileSync('demo/catalogue.json', 'utf8')));
  const terms = discoveryTerms(catalogue.items);
  const works: P.Work[] = catalogue.items
    .filter((i) => i.ipType === 'copyright')
    .map((i) => ({ id: i.id, title: i.title, runtimeSeconds: i.runtimeSeconds ?? 6000 }));
  const latinWorks = works.filter((w) => /^[\x20-\x7e]+$/.test(w.title));
  const brands = terms.terms.filter((t) => t.kind === 'brand');
  const latinBrands = brands.filter((t) => /^[a-z0-9]+$/.test(t.slug));
  const cjkBrands = brands.filter((t) => !/^[a-z0-9]+$/.test(t.slug));
  const productsOf = (slug: string): P.Product[] =>
    catalogue.items
      .filter((i) => i.brandTerms.some((b) => slugOf(b) === slug))
      .map((i) => ({ title: i.title, price: Math.round((i.referencePrice?.amount ?? 100) * 0.3) }));

  const sites = new Map<string, Site>();
  const kinds = new Map<string, string>();
  const truth = new Set<string>();
  const certNames: string[][] = [];
  const put = (domain: string, kind: string, infringing: boolean, site: Site, o2: { cert?: boolean } = {}) => {
    const ascii = toAscii(domain);
    sites.set(ascii, site);
    kinds.set(ascii, kind);
    if (infringing) truth.add(ascii);
    if (o2.cert) certNames.push(rnd() < 0.5 ? [ascii, `www.${ascii}`] : [ascii]);
  };
  const home = (html: string): Site => ({ html: (path) => (path === '/' ? html : undefined) });

  // Counterfeit shops on brand names: in the CT log (term, homoglyph, typo) or only among the permutations.
  latinBrands.forEach((b, i) => {
    const products = productsOf(b.slug);
    if (products.length === 0) return;
    const replica = rnd() < 0.6;
    const woo = i % 2 === 0;
    const shopSite = (name: string): Site =>
      woo
        ? { html: P.wooShop(name, products, { replicaWords: replica, currency: 'USD' }), woo: true }
        : home(P.shop(name, products, { replicaWords: replica, currency: 'USD' }));
    const mode = i % 4;
    if (mode === 0)
      put(
        `${b.slug}-${pick(SHOP_WORDS.slice(0, 10))}.${pick(['shop', 'top', 'store'])}`,
        'shop',
        true,
        shopSite(b.text),
        { cert: true },
      );
    else if (mode === 1) {
      const glyph = b.slug.replace(/o/, '0').replace(/l/, '1').replace(/e/, '3');
      put(`${glyph === b.slug ? `${b.slug}s` : glyph}-sale.com`, 'shop', true, shopSite(b.text), { cert: true });
    } else if (mode === 2) {
      const official = terms.official.find((d) => d.holderIds.some((h) => b.holderIds.includes(h)));
      const names = official ? domainLookalikes(official.domain).filter((l) => l.family !== 'homoglyph') : [];
      if (names.length > 0) put(pick(names).domain, 'shop', true, shopSite(b.text)); // no certificate: DNS only
    } else put(pick(termLookalikes(b.slug, SHOP_WORDS, new Set())).domain, 'shop', true, shopSite(b.text));
    // A parked look-alike of the same brand, with a certificate (parking services get them too).
    if (i % 2 === 0)
      put(`${b.slug}-${pick(['deals', 'club', 'world'])}.net`, 'parked', false, home(P.parked(`${b.slug}-deals.net`)), {
        cert: true,
      });
  });
  for (const b of cjkBrands.slice(0, 4)) {
    const products = productsOf(b.slug);
    if (products.length > 0)
      put(
        `${b.slug}${pick(['官方', '旗舰店', '正品'])}.com`,
        'shop',
        true,
        home(P.shop(b.text, products, { replicaWords: true, currency: 'CNY' })),
        { cert: true },
      );
  }

  // Pirate streaming networks: the first site of each under a name with the work, its mirrors under names without.
  const networks: string[][] = [];
  latinWorks.forEach((w, i) => {
    const net: P.StreamingNetwork = {
      brand: `${pick(['Flix', 'Cine', 'Movie', 'Stream'])}${pick(['Nova', 'Hub', 'Zone', 'Wave'])}${i}`,
      skin: `skin-${SKINS[i % SKINS.length]}`,
    };
    const shown = [w, ...works.filter((x) => x !== w).slice(0, 5)];
    const site: Site = {
      html: (path, q) => {
        if (path === '/' && q.get('s')) return P.streamingSearch(net, shown, q.get('s')!);
        if (path === '/') return P.streamingHome(net, shown);
        const m = /^\/movies\/([^/]+)\/$/.exec(path);
        const work = m && shown.find((x) => encodeURIComponent(x.title.toLowerCase().replace(/\s+/g, '-')) === m[1]);
        return work ? P.streamingMovie(net, work) : undefined;
      },
    };
    const titleSlug = w.title
      .toLowerCase()
      .replace(/^the /, '')
      .replace(/[^a-z0-9]/g, '');
    const first = `${pick(['watch', 'free', 'hd'])}-${titleSlug}.${pick(['xyz', 'cc', 'top'])}`;
    const domains = [first];
    put(first, 'streaming', true, site, { cert: true });
    if (i < 2) {
      for (let k = 2; k <= 3; k++) {
        const mirror = `${net.brand.toLowerCase()}${k}.${pick(['to', 'cc', 'ws'])}`;
        put(mirror, 'streaming', true, site); // found through search results
        domains.push(mirror);
      }
    }
    networks.push(domains.map(toAscii));
  });
  for (const w of works.filter((x) => !latinWorks.includes(x)).slice(0, 3)) {
    const net: P.StreamingNetwork = { brand: `影视${w.id.length}`, skin: `skin-${w.id}` };
    put(`${w.title}在线.top`, 'streaming', true, home(P.streamingHome(net, [w, ...works.slice(0, 3)])), { cert: true });
  }
  // Torrent indexes.
  for (const w of latinWorks.slice(0, 2)) {
    const s = w.title
      .toLowerCase()
      .replace(/^the /, '')
      .replace(/[^a-z0-9]/g, '');
    put(`${s}-torrents.org`, 'torrent', true, home(P.torrentIndex(`${w.title} Torrents`, [w, ...works.slice(0, 4)])), {
      cert: true,
    });
  }

  // Not infringing, though the name plays on a term.
  for (const w of latinWorks.slice(0, 3)) {
    const s = w.title
      .toLowerCase()
      .replace(/^the /, '')
      .replace(/[^a-z0-9]/g, '');
    put(`${s}-review.blog`, 'review-blog', false, home(P.reviewBlog('Reel Notes', w)), { cert: true });
  }
  const typoBusinesses = latinBrands.filter((b) => b.slug.length >= 7).slice(0, 3);
  for (const b of typoBusinesses) {
    const typo = b.slug.slice(0, 3) + b.slug[4] + b.slug[3] + b.slug.slice(5); // one transposition
    put(
      `${typo}-${pick(['hotel', 'plumbing', 'dental'])}.com`,
      'business',
      false,
      home(P.business(`${typo} & Sons`, 'plumbing')),
      { cert: true },
    );
  }
  const authorised = latinBrands.find((b) => productsOf(b.slug).length > 0)!;
  put(
    `${authorised.slug}-boutique-paris.com`,
    'authorised-retailer',
    false,
    home(
      P.shop(`${authorised.text} Boutique Paris`, productsOf(authorised.slug), {
        replicaWords: false,
        currency: 'EUR',
      }),
    ),
    { cert: true },
  );
  for (const d of terms.official)
    put(
      d.domain,
      'official',
      false,
      home(P.shop(d.domain, [{ title: 'Catalogue', price: 99 }], { replicaWords: false, currency: 'EUR' })),
      { cert: true },
    );
  for (const d of terms.official.slice(0, 5)) certNames.push([`shop.${d.domain}`, `mail.${d.domain}`]);
  // Expired look-alikes: in the log, but no longer in DNS.
  for (const b of latinBrands.slice(0, 5)) certNames.push([`${b.slug}-clearance.com`]);

  // Blocklist and referral: infringing sites whose names say nothing.
  const blockShop = 'luxe-bagz-store.com';
  put(
    blockShop,
    'shop',
    true,
    home(P.shop('Luxe Bagz', productsOf(latinBrands[0]!.slug), { replicaWords: true, currency: 'USD' })),
  );
  const blockStream = 'cinemania-stream.net';
  put(blockStream, 'streaming', true, home(P.streamingHome({ brand: 'Cinemania', skin: 'cm' }, works.slice(0, 6))));
  put('old-warez-portal.com', 'parked', false, home(P.parked('old-warez-portal.com')));
  const blocklist = [
    'domain,reason',
    `${blockShop},counterfeit handbags (customs seizure 2026-03)`,
    `${blockStream},"streams films, reported by a partner"`,
    'old-warez-portal.com,listed in 2023',
  ].join('\n');
  const referral = 'replica-deals-hub.com';
  put(
    referral,
    'shop',
    true,
    home(P.shop('Deals Hub', productsOf(latinBrands[1]!.slug), { replicaWords: true, currency: 'USD' })),
  );
  // An encyclopedia the search engine returns for a film: names the work, infringes nothing.
  put('filmpedia.org', 'encyclopedia', false, home(P.encyclopedia(latinWorks[0]!.title)));

  // Thousands of unrelated names, a tenth of them live with ordinary pages (never flagged, never fetched).
  for (let i = 0; i < (o.unrelatedCerts ?? 3000); i++) {
    const name =
      `${pick(WORDS)}${rnd() < 0.5 ? '-' : ''}${pick(WORDS)}` +
      `${rnd() < 0.3 ? Math.floor(rnd() * 100) : ''}.${pick(TLDS)}`;
    const host = rnd() < 0.3 ? `${pick(['www', 'mail', 'api', 'cdn', 'shop'])}.${name}` : name;
    certNames.push([host]);
    if (rnd() < 0.1 && !sites.has(name)) put(name, 'unrelated', false, home(P.business(name, pick(WORDS))));
  }

  // The search engine: results for work and brand queries, links to sites and noise.
  const searchHost = 'search.sim';
  const results = (q: string): { url: string; title: string }[] => {
    const out: { url: string; title: string }[] = [{ url: 'https://www.amazon.com/s?k=x', title: 'Amazon' }];
    const lower = q.toLowerCase();
    latinWorks.forEach((w, i) => {
      if (!lower.includes(w.title.toLowerCase())) return;
      for (const d of networks[i] ?? []) out.push({ url: `http://${d}/movies/x/`, title: `${w.title} full movie` });
      out.push({ url: 'http://filmpedia.org/wiki/x', title: `${w.title} - Film Encyclopedia` });
    });
    return out;
  };
  const searchPage = (q: string) =>
    `<html><body><div class="results">${results(q)
      .map(
        (r) =>
          `<div class="result"><a class="result__a" href="/l/?uddg=${encodeURIComponent(r.url)}">${r.title}</a>` +
          `<a class="result__snippet">…</a></div>`,
      )
      .join('')}</div></body></html>`;

  const server: Server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('User-agent: *\nAllow: /\n');
    }
    const html =
      host === searchHost
        ? searchPage(url.searchParams.get('q') ?? '')
        : sites.get(host)?.html(url.pathname, url.searchParams);
    res.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? '<html><body>not found</body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const dnsRecords = new Map<string, string[]>([[searchHost, ['127.0.0.1']]]);
  for (const d of sites.keys()) {
    dnsRecords.set(d, ['127.0.0.1']);
    dnsRecords.set(`www.${d}`, ['127.0.0.1']);
  }

  // Shuffle certificate names so the flagged ones are spread through the log.
  for (let i = certNames.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [certNames[i], certNames[j]] = [certNames[j]!, certNames[i]!];
  }
  const maker = await certMaker();
  const ctEntries = certNames.map((names, i) =>
    merkleLeaf(maker.leaf(names, i + 1), {
      precert: i % 3 === 0,
      timestamp: 1_770_000_000_000 + i * 1000,
      issuerKeyHash: maker.issuerKeyHash,
    }),
  );

  return {
    catalogue,
    truth,
    kinds,
    ctEntries,
    dnsRecords,
    port,
    searchHost,
    blocklist,
    referral,
    networks,
    wooShops: [...sites.entries()].filter(([, v]) => v.woo).map(([d]) => d),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
