/**
 * What a page's photos may cost: each page (a tab and its URL) may start at
 * most `perPage` fetches, and a photo already fetched (for any page) is
 * answered from the cache, free, whether it gave a hash or a failure. The
 * cache keeps the `size` most recently used photos; the budgets the `pages`
 * most recent pages.
 */
export class PhotoCache<T> {
  private readonly made = new Map<string, Promise<T>>();
  private readonly spent = new Map<string, number>();

  constructor(private readonly o: { perPage: number; size: number; pages?: number }) {}

  /** The photo's answer, from the cache or from `make` when the page's budget allows; undefined when it does not. */
  get(url: string, page: string, make: () => Promise<T>): Promise<T> | undefined {
    const known = this.made.get(url);
    if (known) {
      this.made.delete(url);
      this.made.set(url, known);
      return known;
    }
    const used = this.spent.get(page) ?? 0;
    if (used >= this.o.perPage) return undefined;
    this.spent.delete(page);
    this.spent.set(page, used + 1);
    if (this.spent.size > (this.o.pages ?? 200)) this.spent.delete(this.spent.keys().next().value!);
    const answer = make();
    // A failure is an answer too: the photo is not asked for again.
    answer.catch(() => undefined);
    this.made.set(url, answer);
    if (this.made.size > this.o.size) this.made.delete(this.made.keys().next().value!);
    return answer;
  }
}
