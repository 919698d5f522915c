/** The fetch classifier: ok, partial-block, block, consent, login-wall, needs-browser — rules in providers.ts. */
export { classifyFetch, looksLikeAppShell, type Classification, type ClassifyOptions, type FetchFacts } from './classify';
export { providers, type ProviderRule, type Signature, type Verdict } from './providers';
