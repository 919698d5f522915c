/**
 * The signal registry: every signal name a hit can carry, with its kind,
 * declared once by the family that emits it. Everything that asks "is this
 * an identity, infringement or exculpatory signal?" — the matcher, the
 * notice accuracy gate, the seller boost, the extension's badge — reads
 * the answer here. A new signal is one family file plus its entry below.
 */
import { accessory } from './accessory';
import { brand } from './brand';
import { closest } from './closest';
import { colour } from './colour';
import { edition } from './edition';
import type { Layout, PeerFamily, SignalFamily, SignalSpec } from './family';
import { modelNumber } from './model-number';
import { numbers } from './numbers';
import { price } from './price';
import { registration } from './registration';
import { runtime } from './runtime';
import { seller } from './seller';
import { title } from './title';
import { words } from './words';

export type { Layout, PairInput, PeerFamily, SignalFamily, SignalSpec } from './family';

/** Families computed per listing × item, in feature order. */
export const FAMILIES: readonly SignalFamily[] = [
  title,
  brand,
  modelNumber,
  registration,
  numbers,
  edition,
  colour,
  price,
  words,
  accessory,
  seller,
  runtime,
];
/** Families comparing an item with the listing's other candidates, computed after the rest. */
export const PEER_FAMILIES: readonly PeerFamily[] = [closest];

/**
 * Signals no family emits: the authorised outcome (../authorised.ts), the crawler's repeat-infringer boost, and the
 * rest of the score.
 */
const OTHER_SIGNALS: readonly SignalSpec[] = [
  { name: 'authorised_seller', kind: 'exculpatory', identifies: false, authorised: true },
  { name: 'official_domain', kind: 'exculpatory', identifies: false, authorised: true },
  { name: 'repeat_infringer', kind: 'infringement', identifies: false },
  // What the families that showed no signal added together ("no model number, no brand …").
  { name: 'absent_signals', kind: 'identity', identifies: false },
];

export const SIGNALS: readonly SignalSpec[] = [...FAMILIES, ...PEER_FAMILIES]
  .flatMap((f) => f.signals)
  .concat(OTHER_SIGNALS);

if (new Set(SIGNALS.map((s) => s.name)).size !== SIGNALS.length)
  throw new Error('signal registry: a signal name is declared twice');

const namesWhere = (test: (s: SignalSpec) => boolean): ReadonlySet<string> =>
  new Set(SIGNALS.filter(test).map((s) => s.name));

/** Signals that say a listing about the item infringes it. */
export const INFRINGEMENT_SIGNALS = namesWhere((s) => s.kind === 'infringement');
/** Low-price signals (a pricing dispute alone is not an IP claim). */
export const PRICE_SIGNALS = namesWhere((s) => !!s.price);
/** Signals of the neutral outcome: the seller or site is the rights holder's own or authorised. */
export const AUTHORISED_SIGNALS = namesWhere((s) => !!s.authorised);
/** Signals that tell which item a listing is about. */
export const ITEM_SIGNALS = namesWhere((s) => s.identifies ?? s.kind === 'identity');

/** The model's feature names, `family.feature`, in row order. */
export const FEATURE_NAMES: readonly string[] = [...FAMILIES, ...PEER_FAMILIES].flatMap((f) =>
  f.features.map((n) => `${f.id}.${n}`),
);

export const LAYOUT: Layout = (() => {
  const at = new Map(FEATURE_NAMES.map((n, i) => [n, i]));
  return {
    offset(feature: string) {
      const i = at.get(feature);
      if (i === undefined) throw new Error(`no feature ${feature}`);
      return i;
    },
  };
})();

/** Per feature, its declared direction (1, -1, or 0 when free), in row order: what the trainer holds the trees to. */
export const MONOTONE: readonly number[] = [...FAMILIES, ...PEER_FAMILIES].flatMap((f) =>
  f.features.map((n) => f.monotone?.[n] ?? 0),
);

/** Offset of each family's first feature in a row. */
export const FAMILY_OFFSETS: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  let at = 0;
  for (const f of [...FAMILIES, ...PEER_FAMILIES]) {
    m.set(f.id, at);
    at += f.features.length;
  }
  return m;
})();
