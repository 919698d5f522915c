/** The fetch classifier: ok, partial-block, block, consent, login-wall, needs-browser — rules in providers.ts. */
export { classifyFetch, type Classification, type FetchFacts } from './classify';
export { providers, type Verdict } from './providers';
