import type { SiteAdapter, SiteFields, SiteResult } from './adapter';
import { findKeyed, num, runsText, str } from './read-helpers';

/**
 * YouTube (youtube.com, m.youtube.com, youtu.be). Watch pages assign
 * `ytInitialPlayerResponse` (2020 pages also on the global object as
 * `["ytInitialPlayerResponse"]`, older ones only as the JSON string
 * `ytplayer.config.args.player_response`): `videoDetails` (title, author,
 * channelId, lengthSeconds, viewCount, isLive), `microformat` (uploadDate)
 * and `playabilityStatus` (OK, LOGIN_REQUIRED for an age gate, ERROR for a
 * removed video). Search and channel pages assign `ytInitialData`, whose
 * `videoRenderer` / `gridVideoRenderer` items are the results; more results
 * come from a POST continuation, so there is no next-page URL. The EU
 * consent page (consent.youtube.com, "Before you continue") is classified
 * before any of this is read.
 */
const PLAYER = 'player:videoDetails | config:args.player_response.videoDetails';

function player(ctx: { values(p: string): unknown[] }): Record<string, unknown> | undefined {
  const v = ctx.values('player: | config:args.player_response')[0];
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

function watchFields(p: Record<string, unknown> | undefined): SiteFields | undefined {
  if (!p) return undefined;
  const d = (p.videoDetails ?? {}) as Record<string, unknown>;
  const micro = ((p.microformat as Record<string, unknown> | undefined)?.playerMicroformatRenderer ?? {}) as Record<
    string,
    unknown
  >;
  const status = ((p.playabilityStatus ?? {}) as Record<string, unknown>).status;
  const live = d.isLive === true || (d.isLiveContent === true && num(d.lengthSeconds) === 0);
  const channelId = str(d.channelId);
  const thumbs = ((d.thumbnail as { thumbnails?: { url?: string }[] } | undefined)?.thumbnails ?? [])
    .map((t) => t.url)
    .filter((u): u is string => !!u);
  return {
    title: str(d.title) ?? runsText(micro.title),
    description: str(d.shortDescription) ?? runsText(micro.description),
    seller: {
      name: str(d.author) ?? str(micro.ownerChannelName),
      id: channelId,
      url: channelId ? `https://www.youtube.com/channel/${channelId}` : str(micro.ownerProfileUrl),
    },
    durationSeconds: live ? undefined : num(d.lengthSeconds),
    live,
    views: num(d.viewCount),
    uploadDate: str(micro.uploadDate) ?? str(micro.publishDate),
    images: thumbs.length > 0 ? [thumbs[thumbs.length - 1]!] : undefined,
    unavailable: status === 'ERROR' || status === 'UNPLAYABLE' ? true : undefined,
  };
}

function results(data: unknown): SiteResult[] {
  const out: SiteResult[] = [];
  const items = [
    ...findKeyed(data, 'videoRenderer'),
    ...findKeyed(data, 'gridVideoRenderer'),
    ...findKeyed(data, 'reelItemRenderer'),
  ];
  for (const raw of items) {
    const r = raw as Record<string, unknown>;
    const id = str(r.videoId);
    if (!id) continue;
    out.push({
      url: `https://www.youtube.com/watch?v=${id}`,
      title: runsText(r.title) ?? runsText(r.headline),
      seller: runsText(r.ownerText) ?? runsText(r.longBylineText) ?? runsText(r.shortBylineText),
    });
  }
  // 2024-25 channel and search grids: view models instead of renderers.
  for (const raw of findKeyed(data, 'lockupViewModel')) {
    const r = raw as {
      contentId?: unknown;
      contentType?: unknown;
      metadata?: { lockupMetadataViewModel?: { title?: unknown } };
    };
    const id = str(r.contentId);
    if (
      !id ||
      !/^[\w-]{11}$/.test(id) ||
      (r.contentType !== undefined && r.contentType !== 'LOCKUP_CONTENT_TYPE_VIDEO')
    )
      continue;
    out.push({
      url: `https://www.youtube.com/watch?v=${id}`,
      title: runsText(r.metadata?.lockupMetadataViewModel?.title),
    });
  }
  for (const raw of findKeyed(data, 'shortsLockupViewModel')) {
    const r = raw as {
      onTap?: { innertubeCommand?: { reelWatchEndpoint?: { videoId?: unknown } } };
      overlayMetadata?: { primaryText?: unknown };
    };
    const id = str(r.onTap?.innertubeCommand?.reelWatchEndpoint?.videoId);
    if (id) out.push({ url: `https://www.youtube.com/shorts/${id}`, title: runsText(r.overlayMetadata?.primaryText) });
  }
  return out;
}

export const adapter: SiteAdapter = {
  id: 'youtube',
  name: 'YouTube',
  kind: 'video',
  hosts: ['youtube.com', '*.youtube.com', 'youtu.be'],
  defaultOrigin: 'https://www.youtube.com',
  searchPath: '/results?search_query={query}',
  firstPage: 1,
  listingPathPattern: String.raw`^/(?:watch\?(?:.*&)?v=[\w-]{11}|shorts/[\w-]{11}|live/[\w-]{11})`,
  searchPathPattern: String.raw`^/results\?`,
  pages: [
    {
      type: 'video',
      path: String.raw`^/(?:watch\?(?:.*&)?v=[\w-]{11}|shorts/[\w-]{11}|live/[\w-]{11}|embed/[\w-]{11})`,
    },
    { type: 'video', path: String.raw`^/[\w-]{11}(?:[?#].*)?$`, hosts: ['youtu.be'] },
    { type: 'search', path: String.raw`^/results\?` },
    {
      type: 'channel',
      path:
        String.raw`^/(?:@[^/?#]+|channel/UC[\w-]{22}|c/[^/?#]+|user/[^/?#]+)` +
        String.raw`(?:/(?:videos|shorts|streams|featured)?)?(?:[?#].*)?$`,
    },
  ],
  results: {
    item: 'ytd-video-renderer, ytd-rich-item-renderer, ytd-grid-video-renderer',
    link: { selector: 'a#video-title, a#video-title-link', attr: 'href' },
    title: { selector: '#video-title' },
  },
  fields: {},
  state: {
    player: { assign: 'ytInitialPlayerResponse' },
    config: { assign: 'ytplayer.config' },
    data: { assign: 'ytInitialData' },
  },
  stateFields: { title: `${PLAYER.replace(/videoDetails/g, 'videoDetails.title')}` },
  read: {
    listing: (ctx) => watchFields(player(ctx)),
    search: (ctx) => ({ results: results(ctx.state('data')) }),
  },
  titleBoilerplate: [String.raw`\s*-\s*YouTube\s*$`],
  dataMarkers: ['meta[itemprop="videoId"]', 'ytd-app'],
  unavailableMarkers: [{ selector: '#unavailable-message' }, { selector: '.yt-player-error-message-renderer' }],
};
