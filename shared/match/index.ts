export { Matcher, type MatchResult } from './matcher';
export { type MatchableListing } from './listing-text';
export { normaliseText, tokenise, foldLookalikes } from './normalise';
export { WEIGHTS } from './signals';
