/**
 * What kind of site a candidate's page shows, from its structure rather
 * than its words alone: a shop has products, prices and a cart; a streaming
 * site has player frames, episode lists or a known WordPress video theme; a
 * torrent index has magnet links and seeders; a parked page offers the
 * domain for sale. Each signal is kept with its weight, so a reviewer reads
 * why a site was called what it was.
 */
import type { CheerioAPI } from 'cheerio';
import type { NameFlagger, ProtectedTerm } from '../../shared/discovery';
import { adapterById } from '../../shared/sites';
import type { SiteKind } from '../store';

export interface Signal {
  signal: string;
  detail: string;
  weight: number;
}

export interface Classification {
  kind: Exclude<SiteKind, 'unreachable'>;
  /** The WordPress video theme or shop platform the page is built on, when one is recognised. */
  template: string | null;
  signals: Signal[];
  named: ProtectedTerm[];
}

/** Kinds whose site, naming a protected work or brand, is an infringing candidate. */
export const INFRINGING_KINDS: readonly SiteKind[] = ['shop', 'streaming', 'torrent'];

const PRICE = /(?:[$€£¥￥]\s?\d[\d,.]*|\d[\d,.]*\s?(?:元|€|usd|eur|cny|gbp))/gi;
const CART = /add to (?:cart|bag|basket)|buy now|checkout|加入购物车|立即购买|购物车|in den warenkorb/i;
const PARKED = new RegExp(
  String.raw`(?:domain|domain name)\s+(?:is|may be)\s+for sale|buy this domain|` +
    String.raw`this domain (?:is )?parked|域名(?:出售|转让)|parked free`,
  'i',
);
const PARKING_HOSTS = /sedo\.|dan\.com|afternic\.|bodis\.|parkingcrew\.|above\.com/i;
const EPISODE = /\bepisode\s*\d+|\bS\d{1,2}\s?E\d{1,3}\b|第\s*\d+\s*集|\bep\.?\s*\d+/gi;
const PIRACY_WORDS = /full movie|watch (?:online|free)|free download|在线观看|免费观看|高清|\bhd\b|\bcam\b|枪版|全集/i;
const COUNTERFEIT_WORDS = /replica|\b1:1\b|\baaa\b|mirror quality|高仿|复刻|a货|原单|精仿|super ?fake/i;
const PLAYER_SRC = /embed|player|stream|video|\/e\//i;

const THEMES: { name: string; selectors: string[] }[] = [
  { name: 'wordpress-video-theme', selectors: adapterById('pirate-streaming')?.detect?.template ?? [] },
  { name: 'woocommerce', selectors: adapterById('woocommerce')?.detect?.template ?? [] },
  { name: 'shopify', selectors: ['script[src*="cdn.shopify.com"]', 'link[href*="cdn.shopify.com"]'] },
];

function count($: CheerioAPI, selector: string): number {
  try {
    return $(selector).length;
  } catch {
    return 0;
  }
}

function jsonLdTypes($: CheerioAPI): string[] {
  const types: string[] = [];
  $('script[type="application/ld+json"]').each((_, el) => {
    for (const m of $(el)
      .text()
      .matchAll(/"@type"\s*:\s*"([A-Za-z]+)"/g))
      types.push(m[1]!);
  });
  return types;
}

/** The page's kind, signals and the protected terms its text names. */
export function classifyPage($: CheerioAPI, flagger: NameFlagger): Classification {
  const signals: Signal[] = [];
  const score = { shop: 0, streaming: 0, torrent: 0, parked: 0 };
  const add = (kind: keyof typeof score, signal: string, detail: string, weight: number) => {
    score[kind] += weight;
    signals.push({ signal, detail, weight });
  };
  const text = $('body').text().replace(/\s+/g, ' ');
  const title = $('title').first().text();

  let template: string | null = null;
  for (const t of THEMES) {
    const hit = t.selectors.find((s) => count($, s) > 0);
    if (!hit) continue;
    template = t.name;
    add(t.name === 'wordpress-video-theme' ? 'streaming' : 'shop', 'template', `${t.name} (${hit})`, 2);
    break;
  }

  const types = jsonLdTypes($);
  if (types.some((t) => t === 'Product' || t === 'Offer' || t === 'AggregateOffer'))
    add('shop', 'structured-product', 'schema.org Product/Offer data', 2);
  const prices = text.match(PRICE)?.length ?? 0;
  if (prices >= 2) add('shop', 'prices', `${prices} prices on the page`, Math.min(2, prices / 3));
  if (CART.test(text) || count($, 'a[href*="cart"], form[action*="cart"], [class*="add-to-cart"]') > 0)
    add('shop', 'cart', 'add-to-cart or checkout', 1.5);

  const frames = $('iframe')
    .toArray()
    .filter((f) => PLAYER_SRC.test($(f).attr('src') ?? $(f).attr('data-src') ?? ''));
  if (frames.length > 0) add('streaming', 'player', `${frames.length} player frame(s)`, 2);
  if (count($, 'video, [id*="player"], [class*="player"]') > 0) add('streaming', 'video', 'video element or player', 1);
  const episodes = (text.match(EPISODE)?.length ?? 0) + count($, 'ul.episodios li, .episodes li, .episode-list li');
  if (episodes >= 2) add('streaming', 'episodes', `${episodes} episode entries`, 1.5);
  if (types.includes('Movie') || types.includes('TVSeries') || types.includes('VideoObject'))
    add('streaming', 'structured-video', 'schema.org Movie/TVSeries/VideoObject data', 1);

  const magnets = count($, 'a[href^="magnet:"]');
  const torrents = count($, 'a[href$=".torrent"], a[href*=".torrent?"]');
  if (magnets + torrents > 0) add('torrent', 'magnet', `${magnets} magnet and ${torrents} .torrent links`, 3);
  if (/seeders|leechers|做种|种子/i.test(text)) add('torrent', 'swarm', 'seeders/leechers columns', 1);

  if (PARKED.test(text) || PARKED.test(title)) add('parked', 'for-sale', 'the page offers the domain for sale', 3);
  if (
    count($, 'a[href]') > 0 &&
    $('a[href]')
      .toArray()
      .some((a) => PARKING_HOSTS.test($(a).attr('href') ?? ''))
  )
    add('parked', 'parking-service', 'links to a domain parking service', 2);

  const named = flagger.named(`${title} ${text}`);
  if (PIRACY_WORDS.test(`${title} ${text}`))
    signals.push({ signal: 'piracy-words', detail: 'piracy words', weight: 0 });
  if (COUNTERFEIT_WORDS.test(`${title} ${text}`))
    signals.push({ signal: 'counterfeit-words', detail: 'counterfeit words', weight: 0 });

  const best = (Object.keys(score) as (keyof typeof score)[]).sort((a, b) => score[b] - score[a])[0]!;
  // A parking page may carry a few prices (other domains for sale): parking wins when it is said.
  const kind: Classification['kind'] = score.parked >= 3 ? 'parked' : score[best] >= 2.5 ? best : 'unrelated';
  return { kind, template, signals, named };
}
