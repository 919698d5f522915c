/**
 * The marks of a match the badge rules read (verdict.ts), from its signals'
 * names. Worked out where the matcher runs (the background), so the content
 * script, which runs on every page load, does not load the signal families
 * just to know which names mean what.
 */
import type { Signal } from '../../shared/model';
import { AUTHORISED_SIGNALS, INFRINGEMENT_SIGNALS, ITEM_SIGNALS } from '../../shared/match/signals';
import type { MatchMarks } from './messages';

export function marksOf(signals: readonly Signal[]): MatchMarks {
  const authorised = signals.find((s) => AUTHORISED_SIGNALS.has(s.name));
  return {
    infringement: signals.some((s) => INFRINGEMENT_SIGNALS.has(s.name)),
    identifies: signals.some((s) => ITEM_SIGNALS.has(s.name)),
    ...(authorised ? { authorisedBy: authorised.evidence } : {}),
  };
}
