/**
 * When a listing is suspect enough to badge. On a listing page the matcher's
 * score decides, as in the crawler. A search-result card shows only title and
 * price: naming the brand is what genuine listings do too, so a card alone is
 * suspect only when it also carries infringement evidence (replica or piracy
 * words, a price far under the reference); otherwise the listing page decides.
 * The signals' meanings come as the match's marks (match-marks.ts).
 */
import type { MatchView } from './messages';

/** An authorised seller's or the official site's listing: the matcher's neutral outcome, never a suspect. */
export function isAuthorised(match: MatchView | null | undefined): boolean {
  return !!match && (match.outcome === 'authorised' || match.marks.authorisedBy !== undefined);
}
const authorised = isAuthorised;

/** Who makes it authorised, as the matcher's signal says it ("seller Veloran Official", "veloran.example"). */
export function authorisedBy(match: MatchView): string | undefined {
  return match.marks.authorisedBy;
}

export function isSuspect(match: MatchView | null | undefined, from: 'page' | 'card', threshold: number): boolean {
  if (!match || authorised(match) || match.score < threshold) return false;
  if (from === 'page') return true;
  return match.marks.infringement;
}

/** Whether a card's match is worth reading the listing page for (something names the item). */
export function isCandidate(match: MatchView | null | undefined): boolean {
  return !!match && !authorised(match) && match.marks.identifies;
}
