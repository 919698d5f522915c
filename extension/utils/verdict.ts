/**
 * When a listing is suspect enough to badge. On a listing page the matcher's
 * score decides, as in the crawler. A search-result card shows only title and
 * price: naming the brand is what genuine listings do too, so a card alone is
 * suspect only when it also carries infringement evidence (replica or piracy
 * words, a price far under the reference); otherwise the listing page decides.
 */
import type { MatchView } from './messages';

const IDENTITY = new Set(['title_similarity', 'brand_term', 'brand_lookalike', 'model_number', 'registration_number']);

export function isSuspect(match: MatchView | null | undefined, from: 'page' | 'card', threshold: number): boolean {
  if (!match || match.score < threshold) return false;
  if (from === 'page') return true;
  return match.signals.some((s) => s.weight > 0 && !IDENTITY.has(s.name));
}

/** Whether a card's match is worth reading the listing page for (some identity signal fired). */
export function isCandidate(match: MatchView | null | undefined): boolean {
  return !!match && match.signals.some((s) => IDENTITY.has(s.name));
}
