import type { CatalogueItem } from '../model';
import { foldLookalikes, normaliseText, pinyinOf, tokenise } from './normalise';

/** A name an item is known by (title, alias, or an alias's pinyin), ready to compare. */
export interface ItemKey {
  text: string;
  tokens: string[];
}

export interface IndexedItem {
  item: CatalogueItem;
  keys: ItemKey[];
  /** Each brand term as its tokens; all must appear for the term to count. */
  brands: { term: string; tokens: string[] }[];
  /** Model and registration numbers without spaces or punctuation ("XR-200" → "xr200"). */
  models: { raw: string; compact: string }[];
  registrations: { raw: string; compact: string }[];
}

export interface Candidate {
  index: number;
  weight: number;
}

const compact = (s: string) => normaliseText(s).replace(/ /g, '');

/** All strings one deletion away: finds "velorann", "veloarn" and "vel0ran" (after folding) for "veloran". */
function deletions(token: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < token.length; i++) out.push(token.slice(0, i) + token.slice(i + 1));
  return out;
}

/**
 * The candidate index, built once per catalogue: an inverted index from
 * tokens of titles, aliases, brand terms and model numbers to items, with
 * IDF weights, plus a one-deletion neighbourhood of brand words so look-alike
 * spellings still find their brand. A listing then meets a shortlist of
 * items instead of the whole catalogue.
 */
export class CandidateIndex {
  readonly items: IndexedItem[];
  private readonly postings = new Map<string, number[]>();
  private readonly brandNeighbours = new Map<string, Set<string>>();
  private readonly brandWords = new Set<string>();
  /** Listing words repeat across listings and signals ask per candidate item: remember the answers. */
  private readonly lookalikeMemo = new Map<string, string[]>();

  constructor(catalogue: readonly CatalogueItem[]) {
    this.items = catalogue.map((item) => indexItem(item));
    this.items.forEach((indexed, i) => {
      const tokens = new Set<string>();
      for (const key of indexed.keys) for (const t of key.tokens) tokens.add(t);
      for (const b of indexed.brands) for (const t of b.tokens) tokens.add(t);
      for (const m of [...indexed.models, ...indexed.registrations]) tokens.add(m.compact);
      for (const t of tokens) {
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = []));
        list.push(i);
      }
      for (const b of indexed.brands) for (const t of b.tokens) if (t.length >= 5) this.brandWords.add(t);
    });
    for (const word of this.brandWords) {
      for (const d of [word, ...deletions(word)]) {
        let set = this.brandNeighbours.get(d);
        if (!set) this.brandNeighbours.set(d, (set = new Set()));
        set.add(word);
      }
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** Inverse document frequency of a token across the catalogue's items. */
  idf(token: string): number {
    const df = this.postings.get(token)?.length ?? 0;
    return Math.log(1 + (this.items.length - df + 0.5) / (df + 0.5));
  }

  /** Brand words within one edit of `token` (after undoing digit-for-letter swaps). */
  brandLookalikes(token: string): string[] {
    if (token.length < 4) return [];
    let known = this.lookalikeMemo.get(token);
    if (!known) {
      if (this.lookalikeMemo.size > 200_000) this.lookalikeMemo.clear();
      this.lookalikeMemo.set(token, (known = this.findLookalikes(token)));
    }
    return known;
  }

  private findLookalikes(token: string): string[] {
    const folded = foldLookalikes(token);
    // A token that is itself a brand word names that brand; it is no look-alike
    // of a neighbouring brand ("veloran" is not a fake "velorin").
    if (this.brandWords.has(folded)) return [];
    const found = new Set<string>();
    for (const probe of new Set([folded, ...deletions(folded)])) {
      for (const w of this.brandNeighbours.get(probe) ?? []) if (w !== token) found.add(w);
    }
    return [...found];
  }

  /** Items sharing the most informative tokens with the listing, best first. */
  candidates(tokens: readonly string[], limit = 12): Candidate[] {
    const weights = new Map<number, number>();
    const add = (token: string, factor: number) => {
      const list = this.postings.get(token);
      if (!list) return false;
      // Tokens in a large share of the catalogue say little and cost a lot.
      if (list.length > Math.max(50, this.items.length * 0.05)) return true;
      const w = this.idf(token) * factor;
      for (const i of list) weights.set(i, (weights.get(i) ?? 0) + w);
      return true;
    };
    for (const t of new Set(tokens)) {
      if (add(t, 1)) continue;
      const folded = foldLookalikes(t);
      if (folded !== t && add(folded, 0.9)) continue;
      for (const w of this.brandLookalikes(t)) add(w, 0.8);
    }
    return [...weights.entries()]
      .map(([index, weight]) => ({ index, weight }))
      .sort((a, b) => b.weight - a.weight || a.index - b.index)
      .slice(0, limit);
  }
}

/**
 * Product codes written into a title ("Sony Bravia KDL40S5100 LCD TV"): words
 * of four or more characters mixing letters and digits. Catalogues from
 * retail feeds rarely fill a model-number field, yet this is the strongest
 * clue a listing names the same product.
 */
function titleModelNumbers(item: CatalogueItem, explicit: readonly string[]): string[] {
  const known = new Set(explicit.map(compact));
  const found = new Set<string>();
  for (const word of normaliseText(item.title).split(' ')) {
    if (word.length >= 4 && /[a-z]/.test(word) && /[0-9]/.test(word) && /^[a-z0-9]+$/.test(word) && !known.has(word))
      found.add(word);
  }
  return [...found];
}

function indexItem(item: CatalogueItem): IndexedItem {
  const keys: ItemKey[] = [];
  for (const name of [item.title, ...item.aliases]) {
    const text = normaliseText(name);
    if (text) keys.push({ text, tokens: tokenise(text) });
    const py = pinyinOf(name);
    if (py) keys.push({ text: py, tokens: [py] });
  }
  const brands = item.brandTerms.flatMap((term) => {
    const text = normaliseText(term);
    const variants = [{ term, tokens: tokenise(text) }];
    const py = pinyinOf(term);
    if (py) variants.push({ term, tokens: [py] });
    return text ? variants : [];
  });
  const numbers = (list: string[]) =>
    list.map((raw) => ({ raw, compact: compact(raw) })).filter((m) => m.compact.length >= 3);
  return {
    item,
    keys,
    brands,
    models: numbers([...item.modelNumbers, ...titleModelNumbers(item, item.modelNumbers)]),
    registrations: numbers(item.registrations.map((r) => r.number)),
  };
}
