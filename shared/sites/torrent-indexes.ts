/**
 * Torrent indexes, declared: one definition per index (its mirrors, search
 * path, result rows and what each cell holds), turned into site adapters by
 * one reader. Indexes move between domains, so each lists its mirrors; the
 * first is swept by default and `scan --origin` picks another. Adding an
 * index is one entry here (and a fixture page).
 */
import type { DocNode } from '../extract/document';
import { clean, parseCount, parseSize } from '../extract/values';
import type { SiteAdapter, SiteResult } from './adapter';

export interface TorrentIndex {
  id: string;
  name: string;
  /** Origins the index is served from, the usual one first. */
  mirrors: string[];
  /** Search path with `{query}` and `{page}`. */
  searchPath: string;
  firstPage?: number;
  /** Regexp source (path + query) of a search page. */
  searchPattern: string;
  /** Regexp source (path + query) of a torrent's (or a work's) own page. */
  detailsPattern: string;
  /** One element per result. */
  row: string;
  /** Inside a row: the link to the result's page (its text is the title unless `title` says). */
  link: string;
  title?: string;
  /** Inside a row: the size (its text, or `sizeAttr` of it when that holds the bytes) and the seeders. */
  size?: string;
  sizeAttr?: string;
  seeders?: string;
  /** Next results page: a link selector, or the pager link whose text is the next page's number. */
  next?: string;
  pager?: string;
  /** Built from the index's documented markup, not a saved page. */
  unverified?: boolean;
}

export const torrentIndexes: TorrentIndex[] = [
  {
    id: 'dontorrent',
    name: 'DonTorrent',
    mirrors: [
      'https://dontorrent.link',
      'https://dontorrent.cloud',
      'https://dontorrent.email',
      'https://dontorrent.network',
    ],
    searchPath: '/buscar/{query}/page/{page}',
    searchPattern: String.raw`^/buscar\b`,
    detailsPattern: String.raw`^/(?:pelicula|serie|documental|juego|musica)/\d+`,
    row: 'p:has(> span > a[href])',
    link: 'a[href^="/pelicula/"], a[href^="/serie/"], a[href^="/documental/"], a[href^="/juego/"], a[href^="/musica/"]',
    pager: 'ul.pagination a.page-link',
  },
  {
    id: 'wolfmax4k',
    name: 'WolfMax4K',
    mirrors: ['https://wolfmax4k.com'],
    searchPath: '/buscar?q={query}&pagina={page}',
    searchPattern: String.raw`^/buscar\b`,
    detailsPattern: String.raw`^/(?:pelicula|serie|documental)(?:/episodio)?/[a-z0-9]+`,
    row: 'article.wolf-card',
    link: 'a.wolf-card-main',
    size: '.wolf-card-size',
    pager: 'nav.wolf-pagination a',
  },
  {
    id: 'rutracker',
    name: 'RuTracker',
    mirrors: ['https://rutracker.org', 'https://rutracker.net', 'https://rutracker.nl'],
    searchPath: '/forum/tracker.php?nm={query}&start={page}',
    firstPage: 0,
    searchPattern: String.raw`^/(?:forum/)?tracker\.php`,
    detailsPattern: String.raw`^/(?:forum/)?viewtopic\.php\?(?:.*&)?t=\d+`,
    row: '#tor-tbl tbody tr',
    link: 'a.tLink, .t-title a',
    size: '.tor-size',
    sizeAttr: 'data-ts_text',
    seeders: 'b.seedmed, td:nth-child(7) b',
    next: 'a.pg:last-child',
  },
  {
    id: '1337x',
    name: '1337x',
    mirrors: ['https://1337x.to', 'https://1337x.st', 'https://x1337x.ws', 'https://1337x.gd'],
    searchPath: '/search/{query}/{page}/',
    searchPattern: String.raw`^/(?:search|category-search|sort-search)/`,
    detailsPattern: String.raw`^/torrent/\d+/`,
    row: 'table.table-list tbody tr',
    link: 'td.name a[href^="/torrent/"]',
    size: 'td.size',
    seeders: 'td.seeds',
    next: '.pagination li.active + li a',
    unverified: true,
  },
  {
    id: 'thepiratebay',
    name: 'The Pirate Bay',
    mirrors: ['https://thepiratebay.org', 'https://thepiratebay10.org', 'https://tpb.party'],
    searchPath: '/search/{query}/{page}/99/0',
    searchPattern: String.raw`^/(?:search|search\.php)`,
    detailsPattern: String.raw`^/(?:torrent/\d+|description\.php\?id=\d+)`,
    row: '#searchResult tr:has(a.detLink), #torrents li.list-entry',
    link: 'a.detLink, .item-title a',
    seeders: 'td:nth-child(3), .item-seed',
    next: 'a:has(img[alt="Next"])',
    unverified: true,
  },
  {
    id: 'nyaa',
    name: 'Nyaa',
    mirrors: ['https://nyaa.si'],
    searchPath: '/?q={query}&p={page}',
    searchPattern: String.raw`^/\?(?:.*&)?q=`,
    detailsPattern: String.raw`^/view/\d+`,
    row: 'table.torrent-list tbody tr',
    link: 'td:nth-child(2) a[href^="/view/"]:not(.comments)',
    size: 'td:nth-child(4)',
    seeders: 'td:nth-child(6)',
    next: 'ul.pagination li.next a, a[rel="next"]',
    unverified: true,
  },
];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function rows(root: DocNode, def: TorrentIndex): SiteResult[] {
  const out: SiteResult[] = [];
  for (const row of root.find(def.row)) {
    const link = row.find(def.link)[0];
    const href = link?.attr('href');
    if (!link || !href) continue;
    const result: SiteResult = { url: href, title: clean(def.title ? row.find(def.title)[0]?.text() : link.text()) };
    const sizeBytes = sizeOf(row, def);
    const seeders = def.seeders ? parseCount(row.find(def.seeders)[0]?.text()) : undefined;
    if (sizeBytes !== undefined) result.sizeBytes = sizeBytes;
    if (seeders !== undefined) result.seeders = seeders;
    out.push(result);
  }
  return out;
}

/**
 * A row's size: the byte count an attribute holds, else the shown size ("11.13 GB"); a card listing several files shows
 * the first one's.
 */
function sizeOf(row: DocNode, def: TorrentIndex): number | undefined {
  if (!def.size) return undefined;
  const cell = row.find(def.size)[0];
  if (!cell) return undefined;
  const raw = def.sizeAttr ? cell.attr(def.sizeAttr)?.trim() : undefined;
  if (raw && /^\d+$/.test(raw)) return parseSize(Number(raw));
  return parseSize(cell.text());
}

/** The pager link whose text is the page after the current one (`pagina=` / `page` in the URL, else 1). */
function nextByNumber(root: DocNode, def: TorrentIndex, url: string): string | undefined {
  if (def.next) {
    const a = root.find(def.next)[0];
    const href = a?.attr('href');
    if (href && href !== '#') return href;
  }
  if (!def.pager) return undefined;
  const u = new URL(url);
  const fromQuery = Number(u.searchParams.get('pagina') ?? u.searchParams.get('page') ?? u.searchParams.get('p'));
  const fromPath = Number(/\/page\/(\d+)/.exec(u.pathname)?.[1]);
  const current = fromQuery || fromPath || 1;
  for (const a of root.find(def.pager)) {
    const href = a.attr('href');
    if (href && href !== '#' && clean(a.text()) === String(current + 1)) return href;
  }
  return undefined;
}

/** The site adapter a torrent-index definition reads as. */
export function torrentAdapter(def: TorrentIndex): SiteAdapter {
  const hosts = def.mirrors.map((m) => new URL(m).hostname.replace(/^www\./, '')).flatMap((h) => [h, `*.${h}`]);
  return {
    id: def.id,
    name: def.name,
    kind: 'video',
    hosts,
    defaultOrigin: def.mirrors[0]!,
    searchPath: def.searchPath,
    firstPage: def.firstPage ?? 1,
    listingPathPattern: def.detailsPattern,
    searchPathPattern: def.searchPattern,
    results: { item: def.row, link: { selector: def.link, attr: 'href' } },
    fields: {},
    read: {
      search: (ctx) => ({
        results: rows(ctx.doc.root, def),
        nextPageUrl: nextByNumber(ctx.doc.root, def, ctx.doc.url),
      }),
    },
    titleBoilerplate: [String.raw`\s*[-|»]\s*${escapeRe(def.name)}.*$`],
    dataMarkers: [def.row],
    unverified: def.unverified,
  };
}

export const torrentAdapters: SiteAdapter[] = torrentIndexes.map(torrentAdapter);
