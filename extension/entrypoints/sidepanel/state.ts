/**
 * The inbox's state, without the DOM: the hits shown, the current one, the
 * selection, and optimistic status changes with their undo.
 */
import type { HitsPage, HitStatus, HitView, StatusResults } from '../../utils/api-schemas';

export interface Undo {
  previous: Map<number, HitStatus>;
}

export class InboxState {
  hits: HitView[] = [];
  index = 0;
  nextCursor: string | null = null;
  readonly selected = new Set<number>();

  current(): HitView | undefined {
    return this.hits[this.index];
  }

  receive(page: HitsPage, append: boolean): void {
    const currentId = this.current()?.id;
    this.hits = append ? [...this.hits, ...page.hits.filter((h) => !this.hits.some((x) => x.id === h.id))] : page.hits;
    this.nextCursor = page.nextCursor;
    const keep = this.hits.findIndex((h) => h.id === currentId);
    this.index = append && keep >= 0 ? keep : Math.min(this.index, Math.max(0, this.hits.length - 1));
    if (!append) this.index = keep >= 0 ? keep : 0;
    for (const id of this.selected) if (!this.hits.some((h) => h.id === id)) this.selected.delete(id);
  }

  moveTo(index: number): void {
    this.index = Math.max(0, Math.min(index, this.hits.length - 1));
  }

  moveBy(delta: number): void {
    this.moveTo(this.index + delta);
  }

  toggle(id: number): void {
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
  }

  /** Show the new status at once; returns what to restore if the server says no. */
  apply(ids: number[], status: HitStatus): Undo {
    const previous = new Map<number, HitStatus>();
    this.hits = this.hits.map((h) => {
      if (!ids.includes(h.id)) return h;
      previous.set(h.id, h.status);
      return { ...h, status };
    });
    return { previous };
  }

  revert(undo: Undo): void {
    this.hits = this.hits.map((h) => (undo.previous.has(h.id) ? { ...h, status: undo.previous.get(h.id)! } : h));
  }

  /** Take the server's word for each hit; returns the refused ones (already put back). */
  reconcile(results: StatusResults['results'], undo: Undo): StatusResults['results'] {
    const refused = results.filter((r) => !r.applied);
    const byId = new Map(results.map((r) => [r.id, r]));
    this.hits = this.hits.map((h) => {
      const r = byId.get(h.id);
      if (!r) return undo.previous.has(h.id) ? { ...h, status: undo.previous.get(h.id)! } : h;
      return { ...h, status: r.applied && r.status ? (r.status as HitStatus) : (undo.previous.get(h.id) ?? h.status) };
    });
    return refused;
  }
}
