import type { CandidateIndex, IndexedItem } from '../candidate-index';
import type { ListingText } from '../listing-text';

/**
 * identity: says the listing is (or is not) about the item;
 * infringement: says a listing about the item infringes;
 * exculpatory: says it does not (authorised, official, an accessory).
 */
export type SignalKind = 'identity' | 'infringement' | 'exculpatory';

/** A signal name a hit may carry, with its kind. Declared once, by the family that emits it. */
export interface SignalSpec {
  name: string;
  kind: SignalKind;
  /** Tells which item the listing is about (identity signals do, and a look-alike brand). Default: kind is identity. */
  identifies?: boolean;
  /** A low-price signal: a low price alone is a pricing dispute, not an IP claim (the notice gate asks). */
  price?: boolean;
  /** Says the listing is the rights holder's own or authorised: the neutral outcome (see ../authorised.ts). */
  authorised?: boolean;
}

/** One listing against one catalogue item, with the listing's vectors ready. */
export interface PairInput {
  text: ListingText;
  item: IndexedItem;
  index: CandidateIndex;
  rates: Record<string, number>;
}

/** A signal as a reviewer reads it, and which of its family's features it accounts for. */
export interface Explained {
  name: string;
  evidence: string;
  /** Indices into the family's `features`; omitted: all of them. */
  features?: readonly number[];
}

/**
 * A family of signals: the features the model reads (computed for every
 * shortlisted item) and, for the hits shown, the signals those features
 * become, with their evidence. One file per family; the model's feature
 * vector is the families' features in registry order.
 */
export interface SignalFamily {
  id: string;
  signals: readonly SignalSpec[];
  features: readonly string[];
  /**
   * Features whose effect has a known direction: 1, a higher value never lowers the score; -1,
   * never raises it. The trainer holds every split to it, so a reviewer never reads "replica
   * words", "the model number" or "a closer title" as a reason against.
   */
  monotone?: Readonly<Record<string, 1 | -1>>;
  /** What it means when the family shows no signal, for the `absent_signals` evidence ("no model number"). */
  absent: string;
  /** Writes `features.length` values from out[at]. */
  compute(pair: PairInput, out: Float64Array, at: number): void;
  /** The signals this pair shows (none when nothing fired). */
  explain(pair: PairInput, values: Float64Array, at: number): Explained[];
}

/** Where each feature sits in a row: `offset('title.cos_words')`. */
export interface Layout {
  offset(feature: string): number;
}

/**
 * A family whose features compare a candidate with the listing's other
 * candidates (so they are computed once all rows are).
 */
export interface PeerFamily extends Omit<SignalFamily, 'compute'> {
  /** Row i against the rows of the shortlist (the first `peers` rows; others are extra rows asked for in training). */
  compute(rows: readonly Float64Array[], i: number, at: number, layout: Layout, peers: number): void;
}

export const fmt2 = (n: number) => n.toFixed(2);
