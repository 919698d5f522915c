import { normaliseText } from '../../shared/match';
import type { SellerLink } from '../store';

export type { SellerLink };

/**
 * Who a seller is. On one site a seller is its seller id, or its name when
 * the page gave no id: the key is `COALESCE(seller_id, 'name:' || seller_name)`,
 * which SQL elsewhere can compute from a listings row. Across sites (and
 * across shops of one person on a site) sellers are linked when they share:
 *
 * - a normalised name (NFKC, case, traditional → simplified, punctuation and
 *   spaces removed; at least 4 characters, so "AB Shop" does not link half a
 *   marketplace) — across different sites only, since one site's own ids
 *   already tell its sellers apart;
 * - a shop URL (host without www., path, no query) — anywhere;
 * - a contact (email, phone, WeChat, QQ, Telegram) written in a listing's
 *   title or description — anywhere, since one person with several shops is
 *   exactly what a repeat-infringer list is for. Phones compare on their
 *   last 10 digits (so +86 138… and 138… agree), and are read only after a
 *   cue (tel, phone, 电话, 手机, WhatsApp …), never from bare digits, which
 *   are model and registration numbers far more often.
 */

export function sellerKey(
  sellerId: string | null | undefined,
  sellerName: string | null | undefined,
): string | undefined {
  if (sellerId) return sellerId;
  if (sellerName) return `name:${sellerName}`;
  return undefined;
}

export const nodeId = (site: string, key: string) => `${site}/${key}`;

/** The name as links compare it, or undefined when too short to tell sellers apart. */
export function normaliseSellerName(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  const n = normaliseText(name).replace(/\s+/g, '');
  return [...n].length >= 4 ? n : undefined;
}

export function shopUrlKey(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (!/^https?:$/.test(u.protocol)) return undefined;
    const host = u.host.toLowerCase().replace(/^www\./, '');
    return `${host}${decodeURIComponent(u.pathname).replace(/\/+$/, '').toLowerCase()}`;
  } catch {
    return undefined;
  }
}

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
const SEP = String.raw`\s*[:：=]?\s*`;
const PHONE = new RegExp(
  String.raw`(?:tel|phone|mobile|whats\s?app|wa\.me/|电话|手机|联系电话|☎|📞)${SEP}(\+?\d[\d\s-]{6,18}\d)`,
  'giu',
);
const WECHAT = new RegExp(String.raw`(?:wechat|weixin|微信|薇信|v信|vx|wx)${SEP}([a-z][-_a-z0-9]{5,19})`, 'giu');
const QQ = new RegExp(String.raw`(?:qq|扣扣)${SEP}(\d{5,12})`, 'giu');
const TELEGRAM = new RegExp(String.raw`(?:telegram|t\.me/|tg)${SEP}@?([a-z][a-z0-9_]{4,31})`, 'giu');

/**
 * Contacts written in the text, as `kind:value` keys: `email:…`, `phone:<last 10 digits>`, `wechat:…`, `qq:…`,
 * `telegram:…`.
 */
export function extractContacts(text: string | null | undefined): string[] {
  if (!text) return [];
  const s = text.normalize('NFKC');
  const out = new Set<string>();
  for (const m of s.matchAll(EMAIL)) out.add(`email:${m[0].toLowerCase()}`);
  for (const m of s.matchAll(PHONE)) {
    const digits = m[1]!.replace(/\D/g, '');
    if (digits.length >= 8) out.add(`phone:${digits.slice(-10)}`);
  }
  for (const m of s.matchAll(WECHAT)) out.add(`wechat:${m[1]!.toLowerCase()}`);
  for (const m of s.matchAll(QQ)) out.add(`qq:${m[1]}`);
  for (const m of s.matchAll(TELEGRAM)) out.add(`telegram:${m[1]!.toLowerCase()}`);
  return [...out].sort();
}

/** One seller on one site, with what may link it to others. */
export interface SellerNode {
  site: string;
  key: string;
  name?: string | null;
  shopUrl?: string | null;
  contacts: readonly string[];
}

export interface SellerLinking {
  /** Node id → group id (the smallest node id of its group). */
  groupOf: Map<string, string>;
  links: SellerLink[];
}

/**
 * Links sellers that share a name (across sites), a shop URL or a contact,
 * and groups them (union-find: links are transitive). Deterministic: the
 * same nodes in any order give the same groups and links.
 */
export function linkSellers(nodes: readonly SellerNode[]): SellerLinking {
  const ids = nodes.map((n) => nodeId(n.site, n.key));
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (c !== r) {
      const next = parent.get(c)!;
      parent.set(c, r);
      c = next;
    }
    return r;
  };
  const links = new Map<string, SellerLink>();
  const index = new Map<string, { id: string; site: string }[]>();
  const add = (value: string, id: string, site: string) =>
    index.set(value, [...(index.get(value) ?? []), { id, site }]);
  nodes.forEach((n, i) => {
    const id = ids[i]!;
    const name = normaliseSellerName(n.name);
    if (name) add(`name\u0000${name}`, id, n.site);
    const shop = shopUrlKey(n.shopUrl);
    if (shop) add(`shop_url\u0000${shop}`, id, n.site);
    for (const c of new Set(n.contacts)) add(`contact\u0000${c}`, id, n.site);
  });
  for (const [k, members] of [...index.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    if (members.length < 2) continue;
    const [by, value] = k.split('\u0000') as [SellerLink['by'], string];
    const sorted = [...members].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const x = sorted[i]!;
        const y = sorted[j]!;
        if (x.id === y.id || (by === 'name' && x.site === y.site)) continue;
        const key = `${x.id}\u0000${y.id}\u0000${by}`;
        if (!links.has(key)) links.set(key, { a: x.id, b: y.id, by, value });
        const rx = find(x.id);
        const ry = find(y.id);
        if (rx !== ry) {
          // The smaller id becomes the root, so the group id is the smallest member.
          if (rx < ry) parent.set(ry, rx);
          else parent.set(rx, ry);
        }
      }
    }
  }
  const groupOf = new Map(ids.map((id) => [id, find(id)]));
  return { groupOf, links: [...links.values()] };
}
