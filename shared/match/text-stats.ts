/**
 * Inverse document frequencies, learned from two corpora: the catalogue the
 * matcher is built on, and the listings seen when the model was trained
 * (their token counts ship in the model file). A word common among
 * listings ("new", "black", "for", "free shipping") says little even when
 * the catalogue is too small to know it; a word common in this catalogue
 * (the holder's own brand) says little within it. The listings a deployed
 * matcher sees do not change the weights: the same listing gets the same
 * score in the crawler, the CLI and the extension, whatever came before it.
 */

export interface Background {
  /** How many listings the counts come from. */
  docs: number;
  /** Listings containing each token (the most frequent tokens only). */
  df: Record<string, number>;
}

export class TextStats {
  private readonly df = new Map<string, number>();
  private docs = 0;
  private readonly memo = new Map<string, number>();
  private readonly backgroundDf: Map<string, number>;

  constructor(private readonly background: Background = { docs: 0, df: {} }) {
    this.backgroundDf = new Map(Object.entries(background.df));
  }

  /** Count one document's distinct tokens (catalogue build time only). */
  add(tokens: Iterable<string>): void {
    this.docs++;
    for (const t of new Set(tokens)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    if (this.memo.size) this.memo.clear();
  }

  /** Documents of the catalogue containing the token. */
  count(token: string): number {
    return this.df.get(token) ?? 0;
  }

  get size(): number {
    return this.docs;
  }

  /**
   * The mean of the two corpora's smoothed IDFs, plus one (so a word in
   * every document still weighs a little). Memoised: listings ask for the
   * same words again and again.
   */
  idf(token: string): number {
    let v = this.memo.get(token);
    if (v === undefined) {
      const own = Math.log((this.docs + 1) / (this.count(token) + 1));
      const bgDocs = this.background.docs;
      const seen = bgDocs ? Math.log((bgDocs + 1) / ((this.backgroundDf.get(token) ?? 0) + 1)) : own;
      v = 1 + (own + seen) / 2;
      if (this.memo.size > 500_000) this.memo.clear();
      this.memo.set(token, v);
    }
    return v;
  }
}

/** Document frequencies of character 3-grams (as hashes) over the catalogue. */
export class GramStats {
  private readonly df = new Map<number, number>();
  private docs = 0;

  add(grams: Iterable<number>): void {
    this.docs++;
    for (const g of grams) this.df.set(g, (this.df.get(g) ?? 0) + 1);
  }

  idf(gram: number): number {
    return 1 + Math.log((this.docs + 1) / ((this.df.get(gram) ?? 0) + 1));
  }
}
