import type { SiteAdapter } from './adapter';

/**
 * The generated demo video site (demo/). Shares 127.0.0.1 with
 * demo-market, so its paths (/results, /watch/…) never overlap with that site's.
 */
export const adapter: SiteAdapter = {
  id: 'demo-video',
  name: 'DemoVideo 视频 (generated demo video site)',
  kind: 'video',
  hosts: ['127.0.0.1', 'localhost'],
  defaultOrigin: 'http://127.0.0.1:8402',
  searchPath: '/results?q={query}&page={page}',
  firstPage: 1,
  listingPathPattern: '^/watch/v[0-9a-z]+(?:[?#].*)?$',
  searchPathPattern: '^/results\\?',
  results: {
    item: 'li.video-card',
    link: { selector: 'a.video-link', attr: 'href' },
    title: { selector: '.video-title' },
  },
  nextPage: { selector: 'a[rel="next"]', attr: 'href' },
  fields: {
    title: { selector: 'h1.video-title' },
    description: { selector: '.video-desc' },
    sellerId: { selector: '.channel a.channel-link', attr: 'data-channel-id' },
    sellerName: { selector: '.channel .channel-name' },
    sellerUrl: { selector: '.channel a.channel-link', attr: 'href' },
    images: { selector: 'meta[property="og:image"]', attr: 'content', all: true },
    views: { selector: '.meta .views' },
    duration: { selector: '.meta time.duration', attr: 'datetime' },
    canonical: { selector: 'link[rel="canonical"]', attr: 'href' },
  },
  unavailableMarkers: [{ selector: '.video-unavailable' }, { selector: 'main.message h1', text: 'video unavailable' }],
};
