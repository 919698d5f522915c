export { Matcher, type MatcherOptions, type MatchResult } from './matcher';
export { type MatchableListing } from './listing-text';
export { normaliseText, tokenise, foldText, foldLookalikes, pinyinOf } from './normalise';
export { WEIGHTS } from './signals';
export { COUNTERFEIT_WORDS, PIRACY_WORDS, COMPATIBILITY_PHRASES } from './words';
