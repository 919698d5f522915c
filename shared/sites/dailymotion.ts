import type { SiteAdapter } from './adapter';

/**
 * Dailymotion (www.dailymotion.com, dai.ly). Built from the documented
 * structure, no saved page here: video pages carry JSON-LD `VideoObject`
 * (name, duration, uploadDate, interactionStatistic, author/creator) and
 * OpenGraph video tags; the app draws search and channel pages with
 * JavaScript.
 */
export const adapter: SiteAdapter = {
  id: 'dailymotion',
  name: 'Dailymotion',
  kind: 'video',
  hosts: ['dailymotion.com', '*.dailymotion.com', 'dai.ly'],
  defaultOrigin: 'https://www.dailymotion.com',
  searchPath: '/search/{query}/videos?page={page}',
  firstPage: 1,
  listingPathPattern: String.raw`^/(?:video|embed/video)/x[0-9a-z]+`,
  searchPathPattern: String.raw`^/search/`,
  pages: [
    { type: 'video', path: String.raw`^/(?:video|embed/video)/x[0-9a-z]+` },
    { type: 'video', path: String.raw`^/x[0-9a-z]+$`, hosts: ['dai.ly'] },
    { type: 'search', path: String.raw`^/search/`, browser: true },
    {
      type: 'channel',
      path: String.raw`^/(?!video/|search/|embed/)[A-Za-z0-9_-]+/?(?:videos)?(?:[?#].*)?$`,
      browser: true,
    },
  ],
  results: {
    item: '[data-testid="video-card"], .VideoCard',
    link: { selector: 'a[href*="/video/"]', attr: 'href' },
    title: { selector: '[data-testid="video-card-title"], h3' },
  },
  fields: {},
  state: { ld: { script: 'script[type="application/ld+json"]' } },
  stateFields: {
    sellerName: 'ld:author.name | ld:creator.name | ld:[0].author.name',
    sellerUrl: 'ld:author.url | ld:creator.url | ld:[0].author.url',
    uploadDate: 'ld:uploadDate | ld:[0].uploadDate',
  },
  select: { sellerName: [{ selector: 'meta[name="author"]', attr: 'content' }] },
  titleBoilerplate: [String.raw`\s*-\s*(?:video )?Dailymotion\s*$`],
  dataMarkers: ['script[type="application/ld+json"]', 'meta[property="og:video"]'],
  unavailableMarkers: [{ selector: '[data-testid="video-unavailable"]' }],
  unverified: true,
};
