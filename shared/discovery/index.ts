/**
 * Discovery of new infringing sites, the parts that need no network: the
 * catalogue's protected terms, look-alike domain permutations, search
 * queries, and whether a domain name plays on a term. Runs in the crawler
 * and in the extension.
 */
export { cleanDomain, siteDomain } from './domains';
export { NameFlagger } from './flag';
export { domainLookalikes, termLookalikes, SHOP_WORDS, WATCH_WORDS, type Lookalike } from './permutations';
export { toAscii, toUnicode } from './punycode';
export { discoveryQueries, type DiscoveryQuery } from './queries';
export { discoveryTerms, slugOf, type DiscoveryTerms, type ProtectedTerm } from './terms';
