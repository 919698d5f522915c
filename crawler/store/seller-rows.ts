/**
 * What the store keeps of repeat infringers, as crawler/sellers reads and writes it: a
 * seller's figures, its group and links, the manual blacklist, and the listing rows figures
 * are counted from.
 */
import type { Signal } from '../../shared/model';

/**
 * What is known about a seller (or a group of linked sellers), counted per
 * listing: one listing infringing two catalogue items is one infringement.
 * "Confirmed" means a reviewer confirmed a hit on it and no platform
 * rejected the notice: statuses confirmed, notice_sent, removed, relisted.
 * (A rejected hit is left out: a reviewer who disagrees with the platform
 * moves it back to confirmed.)
 */
export interface SellerFigures {
  /** Listings of this seller stored (any, infringing or not). */
  listings: number;
  /** Listings with at least one hit not dismissed. */
  hitListings: number;
  /** Listings with a confirmed hit, at any time. */
  confirmed: number;
  /** Listings with a confirmed hit seen within the window (the hit's last_seen_at). */
  confirmedInWindow: number;
  /** Listings found removed after a notice (verifications). */
  removed: number;
  /** Times a removed listing of this seller was found relisted. */
  relisted: number;
  /** Units sold, summed over listings with a hit not dismissed (the sites' own counters). */
  soldCount: number;
  /** Views, summed likewise (video sites). */
  views: number;
  /** Estimated turnover of confirmed listings, price × sold count, per currency. */
  turnover: Record<string, number>;
  /** Distinct sites (more than one only for a linked group). */
  sites: number;
}

/** A reviewer's blacklist entry as it bears on a seller's score. */
export interface ManualEntry {
  reason: string;
  by: string;
  at: string;
  /** The seller the entry names, when it is another member of the group. */
  seller?: string;
}

/** Why two sellers are one group. */
export interface SellerLink {
  /** Node ids (`site/key`), a < b. */
  a: string;
  b: string;
  by: 'name' | 'shop_url' | 'contact';
  /** The shared value (normalised name, shop URL key, contact key). */
  value: string;
}

/** What a refresh keeps of a seller besides its score: enough to score it again after a manual change. */
export interface StoredFigures {
  own: SellerFigures;
  group: SellerFigures;
  members: { site: string; key: string; name: string | null }[];
  links: SellerLink[];
  manual: ManualEntry | null;
  windowDays: number;
  threshold: number;
}

/** A seller as the repeat-infringer list shows it. */
export interface SellerRecord {
  site: string;
  /** Seller id on the site, or `name:<seller name>` when the site gave none. */
  key: string;
  name: string | null;
  shopUrl: string | null;
  /** The smallest `site/key` of its linked group (itself when unlinked). */
  groupId: string;
  /** The group's risk score and reasons (a person behind several shops is judged as one). */
  score: number;
  reasons: Signal[];
  blacklisted: boolean;
  /** The live manual blacklist entry on this seller or a linked one. */
  manual: ManualEntry | null;
  /** This seller's own figures. */
  figures: SellerFigures;
  group: { members: { site: string; key: string; name: string | null }[]; figures: SellerFigures; links: SellerLink[] };
  windowDays: number;
  computedAt: string;
}

/** A manual blacklist entry not taken off. */
export interface LiveBlacklistEntry {
  site: string;
  key: string;
  reason: string;
  by: string;
  at: string;
}

export interface BlacklistEntry extends LiveBlacklistEntry {
  id: number;
  removedBy: string | null;
  removedAt: string | null;
}

/** One seller's scored row, as a refresh writes it (`holderId` for a holder's own view). */
export interface SellerScore {
  holderId?: string;
  site: string;
  key: string;
  name: string | null;
  shopUrl: string | null;
  groupId: string;
  score: number;
  reasons: Signal[];
  blacklisted: boolean;
  figures: StoredFigures;
  computedAt: string;
  /**
   * The seller's own estimated turnover in the default referral currency (null: a currency
   * without a rate), so top sellers by turnover read in order from the store.
   */
  approxTurnover?: number | null;
}

/** A stored row scored again, from its stored figures and the live manual entries (crawler/sellers' risk model). */
export type Rescore = (
  row: { site: string; key: string; figures: StoredFigures },
  live: readonly LiveBlacklistEntry[],
) => Pick<SellerScore, 'score' | 'reasons' | 'blacklisted' | 'figures'>;

/** A blacklisted seller in one holder's view, for the match stage's seller boost. */
export interface BlacklistedView {
  holderId: string;
  site: string;
  key: string;
  name: string | null;
  score: number;
  figures: StoredFigures;
}

export interface SellerListFilter {
  site?: string;
  blacklistedOnly?: boolean;
  minScore?: number;
  /** `score` (default): risk, then confirmed; `confirmed`: confirmed in the window, then risk. */
  sort?: 'score' | 'confirmed';
  limit?: number;
}

export interface SellerFilter {
  /** One holder's hits only. */
  holderId?: string | null;
  itemId?: string;
  /** Hits recorded by this campaign's sweeps. */
  campaign?: string;
  site?: string;
}

/** One listing with its seller and what its hits and checks say. */
export interface SellerListingRow {
  url: string;
  site: string;
  key: string;
  name: string | null;
  shopUrl: string | null;
  title: string;
  description: string | null;
  price: number | null;
  currency: string | null;
  sold: number | null;
  views: number | null;
  hits: number;
  confirmed: boolean;
  confirmedInWindow: boolean;
  removed: number;
  relisted: number;
}

/** A top seller as the last refresh stored it: its own figures, and its risk in the view asked for. */
export interface StoredTopSeller {
  site: string;
  key: string;
  name: string | null;
  figures: SellerFigures;
  groupId: string | null;
  score: number | null;
  blacklisted: boolean | null;
}
