import type { SiteAdapter } from './adapter';

/**
 * Vimeo (vimeo.com, player.vimeo.com). Built from the documented structure,
 * no saved page here: a video page carries JSON-LD `VideoObject` (name,
 * author {name, url}, duration, uploadDate, thumbnailUrl,
 * interactionStatistic), which structured data reads, and
 * `vimeo.clip_page_config` on the global object (clip.title,
 * clip.duration.raw, owner.display_name, owner.url). Search is drawn by
 * JavaScript.
 */
const CLIP = 'clip:clip';

// A video page: its id alone or under a channel, group or showcase.
const VIDEO_PATH =
  String.raw`^/(?:\d+|channels/[^/?#]+/\d+|groups/[^/?#]+/videos/\d+|` +
  String.raw`video/\d+|showcase/\d+/video/\d+)(?:[/?#].*)?$`;

export const adapter: SiteAdapter = {
  id: 'vimeo',
  name: 'Vimeo',
  kind: 'video',
  hosts: ['vimeo.com', '*.vimeo.com'],
  defaultOrigin: 'https://vimeo.com',
  searchPath: '/search/page:{page}?q={query}',
  firstPage: 1,
  listingPathPattern: VIDEO_PATH,
  searchPathPattern: String.raw`^/search\b`,
  pages: [
    {
      type: 'video',
      path: VIDEO_PATH,
    },
    { type: 'search', path: String.raw`^/search\b`, browser: true },
    { type: 'channel', path: String.raw`^/(?:user\d+|[a-z][\w-]*)(?:/videos)?/?(?:[?#].*)?$`, browser: true },
  ],
  results: {
    item: '[data-search-result], .iris_video-vital',
    link: { selector: 'a[href]', attr: 'href' },
    title: { selector: 'h3, .iris_link-header' },
  },
  fields: {},
  state: { clip: { assign: 'vimeo.clip_page_config' }, ld: { script: 'script[type="application/ld+json"]' } },
  stateFields: {
    title: `${CLIP}.title | ld:[0].name | ld:name`,
    sellerName: 'clip:owner.display_name | ld:[0].author.name | ld:author.name',
    sellerUrl: 'clip:owner.url | ld:[0].author.url | ld:author.url',
    duration: `${CLIP}.duration.raw | ld:[0].duration | ld:duration`,
    uploadDate: 'ld:[0].uploadDate | ld:uploadDate | clip:clip.uploaded_on',
  },
  titleBoilerplate: [String.raw`\s+on Vimeo\s*$`],
  dataMarkers: ['script[type="application/ld+json"]'],
  unavailableMarkers: [{ selector: '.exception_title' }],
  unverified: true,
};
