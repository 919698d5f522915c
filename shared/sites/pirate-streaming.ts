/**
 * Pirate streaming sites built on the common WordPress video themes. They
 * change domains often and number in the thousands, so this adapter is
 * found by the page's template (`detect`), not by its host: any page whose
 * HTML shows the theme is read by it. The work's page is the "listing"
 * (kind video); its uploader is the site itself.
 *
 * DooPlay (Doothemes): a film or episode page is `#single` with `.sheader`
 * (`.data h1` title, `.extra .date`, `.runtime`, `.poster img`), player
 * options `#playeroptionsul li[data-post][data-nume]`, episodes
 * `ul.episodios li`; search results are `.search-page .result-item`
 * (`.details .title a`); archives `article.item` (`.data h3 a`).
 * ToroFlix/ToroPlay: `article.TPost` (`.Title`), `.TPost.Single` pages.
 * Built from the themes' documented markup; no saved page here.
 */
import type { SiteAdapter, SiteResult } from './adapter';
import { firstAttr, firstText } from './read-helpers';

function siteName(url: string): string {
  return new URL(url).hostname.replace(/^www\./, '');
}

/** "120 Min.", "1h 52m", "01:52:03" → seconds (the theme writes minutes). */
function runtime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const min = /^(\d{1,3})\s*min/i.exec(text.trim());
  if (min) return Number(min[1]) * 60;
  const hm = /(\d+)\s*h(?:\s*(\d+)\s*m)?/i.exec(text);
  if (hm) return Number(hm[1]) * 3600 + Number(hm[2] ?? 0) * 60;
  return undefined;
}

export const adapter: SiteAdapter = {
  id: 'pirate-streaming',
  name: 'Pirate streaming (WordPress video themes)',
  kind: 'video',
  hosts: [],
  defaultOrigin: 'https://streaming.invalid',
  searchPath: '/?s={query}',
  firstPage: 1,
  listingPathPattern:
    String.raw`^/(?:movies|pelicula|peliculas|film|filme|tvshows|series|serie|` +
    String.raw`episodes|episodio|ver)/[^/?#]+`,
  searchPathPattern: String.raw`^/(?:\?(?:.*&)?s=|page/\d+/\?(?:.*&)?s=)`,
  detect: {
    template: [
      '#dooplay_player_response',
      '#playeroptionsul li[data-post][data-nume]',
      'link[href*="/themes/dooplay"]',
      'script[src*="/themes/dooplay"]',
      '.search-page .result-item',
      '#single .sheader',
      'link[href*="/themes/toroflix"]',
      'article.TPost',
    ],
    pages: [
      { type: 'video', selector: '#single .sheader, #single .sbox, .TPost.Single, #playeroptionsul' },
      {
        type: 'search',
        selector: '.search-page .result-item, .result-item article, .items article.item, article.TPost',
      },
    ],
  },
  results: {
    item: '.result-item, article.item, article.TPost',
    link: { selector: '.details .title a, .data h3 a, a', attr: 'href' },
    title: { selector: '.details .title, .data h3, .Title' },
  },
  nextPage: { selector: '.pagination a.arrow_pag:last-child, .pagination a.next, a.next.page-numbers', attr: 'href' },
  fields: {},
  select: {
    title: [{ selector: '.sheader .data h1' }, { selector: '.TPost.Single .Title' }, { selector: '#single h1' }],
    uploadDate: [{ selector: '.sheader .extra .date' }, { selector: '.TPost .Date' }],
    images: [
      { selector: '.sheader .poster img', attr: 'src' },
      { selector: '.TPost .Image img', attr: 'src' },
    ],
  },
  read: {
    listing(ctx) {
      const root = ctx.doc.root;
      return {
        seller: { name: siteName(ctx.doc.url), url: new URL(ctx.doc.url).origin },
        durationSeconds: runtime(firstText(root, '.sheader .extra .runtime', '.custom_fields .valor', '.TPost .Time')),
      };
    },
    search(ctx) {
      const out: SiteResult[] = [];
      for (const item of ctx.doc.root.find('.result-item, article.item, article.TPost')) {
        const href = firstAttr(item, 'href', '.details .title a', '.data h3 a', 'a');
        if (href) out.push({ url: href, title: firstText(item, '.details .title', '.data h3', '.Title', 'h2', 'h3') });
      }
      return { results: out };
    },
  },
  titleBoilerplate: [String.raw`\s*[-|–]\s*[^-|–]+$`],
  unverified: true,
};

export const streamingAdapters: SiteAdapter[] = [adapter];
