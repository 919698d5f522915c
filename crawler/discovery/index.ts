/**
 * Discovery of new infringing sites: Certificate Transparency logs,
 * look-alike domains, search results, imported lists and referrals become
 * candidates; each is resolved, fetched politely and classified, and a
 * reviewer triages the ranked queue (accept → pirate site, sweep, mirrors,
 * blocking request; reject, remembered; official).
 */
export { classifyPage, INFRINGING_KINDS } from './classify';
export { CtLogClient, CtLogError, type CtLogClientOptions } from './ct/client';
export { followLog } from './ct/follow';
export { readLeaf, LeafFormatError } from './ct/leaf';
export { CandidateResolver } from './dns';
export { runDiscovery, type DiscoveryRunOptions, type DiscoveryRunSummary } from './run';
export { BlocklistFormatError, importBlocklist, noteCandidate, parseBlocklist, referSite } from './sources';
export { acceptCandidate, decideCandidate, TriageStateError, type AcceptResult } from './triage';
