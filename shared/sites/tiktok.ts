import type { SiteAdapter } from './adapter';

/**
 * TikTok (www.tiktok.com, m.tiktok.com, vm./vt. short links). Built from the
 * documented structure, no saved page here: a video page holds
 * `<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__">` JSON whose
 * `__DEFAULT_SCOPE__["webapp.video-detail"].itemInfo.itemStruct` is the video
 * (desc — the caption, the only title a TikTok has — author {uniqueId,
 * nickname, id}, video {duration, cover}, stats {playCount}, createTime);
 * 2022-23 pages had `<script id="SIGI_STATE">` with ItemModule and UserModule.
 * Search and profile grids are drawn by JavaScript: browser pages.
 */
const ITEM = 'u:__DEFAULT_SCOPE__["webapp.video-detail"].itemInfo.itemStruct';

export const adapter: SiteAdapter = {
  id: 'tiktok',
  name: 'TikTok',
  kind: 'video',
  hosts: ['tiktok.com', '*.tiktok.com'],
  defaultOrigin: 'https://www.tiktok.com',
  searchPath: '/search/video?q={query}',
  firstPage: 1,
  listingPathPattern: String.raw`^/@[^/?#]+/(?:video|photo)/\d+`,
  searchPathPattern: String.raw`^/search\b`,
  pages: [
    { type: 'video', path: String.raw`^/@[^/?#]+/(?:video|photo)/\d+` },
    { type: 'video', path: String.raw`^/(?:v|embed(?:/v2)?)/\d+` },
    { type: 'search', path: String.raw`^/search\b`, browser: true },
    { type: 'channel', path: String.raw`^/@[^/?#]+/?(?:[?#].*)?$`, browser: true },
  ],
  results: {
    item: '[data-e2e="search_top-item"], [data-e2e="user-post-item"], [data-e2e="search_video-item"]',
    link: { selector: 'a[href*="/video/"]', attr: 'href' },
    title: { selector: '[data-e2e="search-card-video-caption"], img[alt]', attr: 'alt' },
  },
  fields: {},
  state: {
    u: { script: 'script#__UNIVERSAL_DATA_FOR_REHYDRATION__' },
    sigi: { script: 'script#SIGI_STATE' },
  },
  stateFields: {
    title: `${ITEM}.desc | sigi:ItemModule.*.desc`,
    sellerName: `${ITEM}.author.nickname | ${ITEM}.author.uniqueId | sigi:ItemModule.*.nickname`,
    sellerId: `${ITEM}.author.uniqueId | sigi:ItemModule.*.author`,
    duration: `${ITEM}.video.duration | sigi:ItemModule.*.video.duration`,
    views: `${ITEM}.stats.playCount | sigi:ItemModule.*.stats.playCount`,
    images: `${ITEM}.video.cover | sigi:ItemModule.*.video.cover`,
  },
  read: {
    listing(ctx) {
      const user = ctx.text(`${ITEM}.author.uniqueId | sigi:ItemModule.*.author`);
      const created = Number(ctx.text(`${ITEM}.createTime | sigi:ItemModule.*.createTime`));
      return {
        seller: user ? { url: `https://www.tiktok.com/@${user}` } : undefined,
        uploadDate: created > 0 ? new Date(created * 1000).toISOString() : undefined,
      };
    },
  },
  titleBoilerplate: [String.raw`\s*\|\s*TikTok\s*$`],
  dataMarkers: ['script#__UNIVERSAL_DATA_FOR_REHYDRATION__', 'script#SIGI_STATE'],
  unavailableMarkers: [{ selector: '[data-e2e="video-unavailable"]' }],
  unverified: true,
};
