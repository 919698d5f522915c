import type { Signal } from '../../shared/model';
import type { ManualEntry, SellerFigures } from '../store';

/** The figures and manual entries scores are made from are kept as the store keeps them. */
export type { ManualEntry, SellerFigures };

export interface RiskOptions {
  /** The rolling window for confirmed infringements, in days. Default 90. */
  windowDays?: number;
  /** Score from which a seller is blacklisted. Default 0.5. */
  blacklistThreshold?: number;
}

export const RISK_DEFAULTS = { windowDays: 90, blacklistThreshold: 0.5 } as const;

/** Each reason's weight per unit and its cap: the score is their sum, clipped to 0..1, so a reviewer can add it up. */
export const RISK_WEIGHTS = {
  /** Per listing confirmed within the window; four reach the default threshold alone. */
  confirmedInWindow: { each: 0.125, max: 0.5 },
  /** Per listing confirmed before the window: history counts, less. */
  confirmedBefore: { each: 0.05, max: 0.1 },
  /** Per relist after a takedown: the plainest sign of a repeat infringer. */
  relisted: { each: 0.15, max: 0.3 },
  /** Per listing taken down after a notice. */
  removed: { each: 0.05, max: 0.15 },
  /** Units sold on listings with hits: 0.15 × log10(sold + 1) / 4, so 10,000 sold gives the full 0.15. */
  reachSold: { max: 0.15 },
  /** Per listing with a hit, from the third on. */
  reachListings: { each: 0.02, max: 0.1, from: 3 },
  /** Linked sellers on two or more sites. */
  multiSite: { weight: 0.1 },
} as const;

export interface SellerRisk {
  score: number;
  reasons: Signal[];
  blacklisted: boolean;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const capped = (n: number, each: number, max: number) => round(Math.min(max, n * each));
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The seller risk score, 0..1, with a reason per contribution in the
 * matcher's signal shape ({name, weight, evidence}). Blacklisted when the
 * score reaches the threshold or a reviewer put the seller (or a seller
 * linked to it) on the blacklist by hand; a manual entry adds a reason with
 * weight 0, since it decides the blacklist, not the score.
 */
export function sellerRisk(f: SellerFigures, manual?: ManualEntry | null, options: RiskOptions = {}): SellerRisk {
  const windowDays = options.windowDays ?? RISK_DEFAULTS.windowDays;
  const threshold = options.blacklistThreshold ?? RISK_DEFAULTS.blacklistThreshold;
  const W = RISK_WEIGHTS;
  const reasons: Signal[] = [];
  const add = (name: string, weight: number, evidence: string) => {
    if (weight > 0) reasons.push({ name, weight, evidence });
  };
  add(
    'confirmed_in_window',
    capped(f.confirmedInWindow, W.confirmedInWindow.each, W.confirmedInWindow.max),
    `${f.confirmedInWindow} confirmed in ${windowDays} days`,
  );
  const before = Math.max(0, f.confirmed - f.confirmedInWindow);
  add(
    'confirmed_before_window',
    capped(before, W.confirmedBefore.each, W.confirmedBefore.max),
    `${before} confirmed before the last ${windowDays} days`,
  );
  add(
    'relisted',
    capped(f.relisted, W.relisted.each, W.relisted.max),
    `relisted ${f.relisted} time${f.relisted === 1 ? '' : 's'} after takedown`,
  );
  add(
    'taken_down',
    capped(f.removed, W.removed.each, W.removed.max),
    `${f.removed} listing${f.removed === 1 ? '' : 's'} taken down after notices`,
  );
  if (f.soldCount > 0)
    add(
      'reach_sold',
      round(W.reachSold.max * Math.min(1, Math.log10(f.soldCount + 1) / 4)),
      `${fmt(f.soldCount)} sold on listings with hits`,
    );
  const extra = f.hitListings - (W.reachListings.from - 1);
  if (extra > 0)
    add(
      'reach_listings',
      capped(extra, W.reachListings.each, W.reachListings.max),
      `${f.hitListings} listings with hits (${f.listings} in all)`,
    );
  if (f.sites >= 2) add('multi_site', W.multiSite.weight, `linked sellers on ${f.sites} sites`);
  const score = round(
    Math.min(
      1,
      Math.max(
        0,
        reasons.reduce((s, r) => s + r.weight, 0),
      ),
    ),
  );
  if (manual) {
    reasons.push({
      name: 'manual_blacklist',
      weight: 0,
      evidence: `blacklisted by ${manual.by}${manual.seller ? ` (as ${manual.seller})` : ''}: ${manual.reason}`,
    });
  }
  return { score, reasons, blacklisted: !!manual || score >= threshold };
}

/** Figures of linked sellers added up (sites counted distinct by the caller). */
export function sumFigures(parts: readonly SellerFigures[], sites: number): SellerFigures {
  const out: SellerFigures = {
    listings: 0,
    hitListings: 0,
    confirmed: 0,
    confirmedInWindow: 0,
    removed: 0,
    relisted: 0,
    soldCount: 0,
    views: 0,
    turnover: {},
    sites,
  };
  for (const p of parts) {
    out.listings += p.listings;
    out.hitListings += p.hitListings;
    out.confirmed += p.confirmed;
    out.confirmedInWindow += p.confirmedInWindow;
    out.removed += p.removed;
    out.relisted += p.relisted;
    out.soldCount += p.soldCount;
    out.views += p.views;
    for (const [c, v] of Object.entries(p.turnover)) out.turnover[c] = round2((out.turnover[c] ?? 0) + v);
  }
  return out;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
