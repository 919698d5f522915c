export { Matcher, type MatchResult } from './matcher';
export { type MatchableListing } from './listing-text';
export { normaliseText, tokenise, foldLookalikes } from './normalise';
export { authorisedSellerOf } from './authorised';
export { combineEvidence } from './combine';
export { AUTHORISED_SIGNALS, INFRINGEMENT_SIGNALS, PRICE_SIGNALS } from './signals';
export { DEFAULT_MODEL } from './model';
