/**
 * runtime_match / runtime_mismatch: a full-length upload of a film or
 * episode runs about as long as the work (or is an episode pack of at
 * least 2.5 times it, or one part of a work cut in parts and that share
 * of it); a trailer, clip or review does not.
 */
import type { ListingText } from '../listing-text';
import type { IndexedItem } from '../candidate-index';
import type { SignalFamily } from './family';

/**
 * "Part 2/3", "part 1 of 2", "(2/3)", 上集/下集 (of two), 上/中/下 (of three):
 * how many parts the upload says the work was cut into.
 */
export function partsOf(folded: string): number | undefined {
  const m =
    /\bpart\s*(\d{1,2})\s*(?:\/|of)\s*(\d{1,2})\b/i.exec(folded) ??
    /[(（[]\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*[)）\]]/.exec(folded);
  if (m) {
    const [part, of] = [Number(m[1]), Number(m[2])];
    return of >= 2 && of <= 12 && part >= 1 && part <= of ? of : undefined;
  }
  if (/中集/.test(folded) && /[上下]集/.test(folded)) return 3;
  if (/[上下]集|[上下]部/.test(folded)) return 2;
  return undefined;
}

const fmt = (s: number) => `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;

/** Evidence when the upload runs as long as the work (or a stated part of it), else undefined. */
export function runtimeEvidence(text: ListingText, item: IndexedItem): string | undefined {
  const runtime = item.item.runtimeSeconds;
  const duration = text.listing.durationSeconds;
  if (!runtime || !duration) return undefined;
  const tolerance = Math.max(runtime * 0.1, 300);
  if (Math.abs(duration - runtime) <= tolerance || duration >= runtime * 2.5)
    return `${fmt(duration)} vs work ${fmt(runtime)}`;
  const parts = partsOf(text.folded);
  if (parts && Math.abs(duration - runtime / parts) <= Math.max((runtime / parts) * 0.1, 300)) {
    return `${fmt(duration)} vs work ${fmt(runtime)} in ${parts} parts`;
  }
  return undefined;
}

export const runtime: SignalFamily = {
  id: 'runtime',
  signals: [
    { name: 'runtime_match', kind: 'infringement', identifies: false },
    { name: 'runtime_mismatch', kind: 'exculpatory' },
  ],
  features: ['match', 'video', 'item_has_runtime', 'duration_known'],
  monotone: { match: 1 },
  absent: 'no runtime to compare',
  compute({ text, item }, out, at) {
    out[at] = runtimeEvidence(text, item) ? 1 : 0;
    out[at + 1] = text.listing.kind === 'video' ? 1 : 0;
    out[at + 2] = item.item.runtimeSeconds ? 1 : 0;
    out[at + 3] = text.listing.durationSeconds ? 1 : 0;
  },
  explain({ text, item }, values, at) {
    if (values[at]) return [{ name: 'runtime_match', evidence: runtimeEvidence(text, item)! }];
    const duration = text.listing.durationSeconds;
    const runtime = item.item.runtimeSeconds;
    if (duration && runtime)
      return [{ name: 'runtime_mismatch', evidence: `${fmt(duration)} vs work ${fmt(runtime)}` }];
    return [];
  },
};
