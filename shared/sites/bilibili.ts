import type { SiteAdapter, SiteResult } from './adapter';
import { firstAttr, firstText, num, str } from './read-helpers';

/**
 * Bilibili 哔哩哔哩 (www.bilibili.com, m.bilibili.com, b23.tv, space. and
 * search. subdomains). Built from the documented structure, no saved page
 * here: video pages assign `__INITIAL_STATE__` on the global object
 * (`videoData`: title, desc, owner {name, mid}, duration in seconds,
 * stat.view, pubdate as a Unix time, pic) and `__playinfo__` (streams).
 * Search results render as `.bili-video-card` (link to /video/BV…, title
 * attribute); search and space pages draw more with JavaScript. When rate
 * limited Bilibili answers with `_riskdata_` / code -412, which the classifier
 * counts as a block.
 */
function isoDate(unix: number | undefined): string | undefined {
  return unix !== undefined && unix > 0 ? new Date(unix * 1000).toISOString() : undefined;
}

export const adapter: SiteAdapter = {
  id: 'bilibili',
  name: 'Bilibili 哔哩哔哩',
  kind: 'video',
  currency: 'CNY',
  hosts: ['bilibili.com', '*.bilibili.com', 'b23.tv'],
  defaultOrigin: 'https://search.bilibili.com',
  searchPath: '/all?keyword={query}&page={page}',
  firstPage: 1,
  listingPathPattern: String.raw`^/(?:s/)?video/(?:BV[0-9A-Za-z]{10}|av\d+)`,
  searchPathPattern: String.raw`^/(?:all|video)\?`,
  pages: [
    { type: 'video', path: String.raw`^/(?:s/)?video/(?:BV[0-9A-Za-z]{10}|av\d+)` },
    { type: 'video', path: String.raw`^/bangumi/play/(?:ep|ss)\d+` },
    { type: 'search', path: String.raw`^/(?:all|video)\?`, hosts: ['search.bilibili.com'] },
    { type: 'channel', path: String.raw`^/\d+(?:/video)?(?:[?#].*)?$`, hosts: ['space.bilibili.com'], browser: true },
  ],
  results: {
    item: '.bili-video-card, .video-item',
    link: { selector: 'a[href*="/video/"]', attr: 'href' },
    title: { selector: '.bili-video-card__info--tit', attr: 'title' },
  },
  nextPage: { selector: '.vui_pagenation--btns button:last-child, a.next', attr: 'href' },
  fields: {},
  state: { initial: { assign: '__INITIAL_STATE__' } },
  stateFields: {
    title: 'initial:videoData.title | initial:mediaInfo.title',
    description: 'initial:videoData.desc',
    sellerName: 'initial:videoData.owner.name | initial:upData.name',
    sellerId: 'initial:videoData.owner.mid | initial:upData.mid',
    duration: 'initial:videoData.duration',
    views: 'initial:videoData.stat.view',
    images: 'initial:videoData.pic',
  },
  select: { title: [{ selector: 'h1.video-title' }, { selector: 'h1[title]', attr: 'title' }] },
  read: {
    listing(ctx) {
      const mid = ctx.text('initial:videoData.owner.mid');
      return {
        uploadDate: isoDate(num(ctx.values('initial:videoData.pubdate')[0])),
        seller: mid ? { url: `https://space.bilibili.com/${mid}` } : undefined,
      };
    },
    search(ctx) {
      const out: SiteResult[] = [];
      for (const card of ctx.doc.root.find('.bili-video-card, .video-item')) {
        const href = firstAttr(card, 'href', 'a[href*="/video/"]');
        if (href)
          out.push({
            url: href,
            title: firstAttr(card, 'title', '.bili-video-card__info--tit', 'a[title]') ?? firstText(card, 'h3'),
            seller: firstText(card, '.bili-video-card__info--author', '.up-name'),
          });
      }
      return { results: out };
    },
  },
  titleBoilerplate: [String.raw`_哔哩哔哩_bilibili$`, String.raw`_bilibili$`],
  dataMarkers: ['#viewbox_report', '.video-info-container', '.bili-video-card'],
  unavailableMarkers: [{ selector: '.error-container' }, { selector: '.video-404' }],
  unverified: true,
};
void str;
