/**
 * Discovery of new infringing sites, the parts that need no network: the
 * catalogue's protected terms, look-alike domain permutations, and whether
 * a domain name plays on a term. Runs in the crawler and in the extension.
 */
export { cleanDomain, isWithin, ownerLabel, registrable } from './domains';
export { NameFlagger, skeleton, siteDomain, type NameFlag, type NameReason } from './flag';
export { domainLookalikes, termLookalikes, SHOP_WORDS, WATCH_WORDS, type Family, type Lookalike } from './permutations';
export { toAscii, toUnicode } from './punycode';
export { discoveryTerms, slugOf, type DiscoveryTerms, type ProtectedTerm, type TermKind } from './terms';
export { discoveryQueries, QUERY_TEMPLATES, type DiscoveryQuery } from './queries';
