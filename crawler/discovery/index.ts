/**
 * Discovery of new infringing sites: Certificate Transparency logs,
 * look-alike domains, search results, imported lists and referrals become
 * candidates; each is resolved, fetched politely and classified, and a
 * reviewer triages the ranked queue (accept → pirate site, sweep, mirrors,
 * blocking request; reject, remembered; official).
 */
export { CtLogClient } from './ct/client';
export { CandidateResolver } from './dns';
export { runDiscovery, type DiscoveryRunSummary } from './run';
export { BlocklistFormatError, importBlocklist, referSite } from './sources';
export { acceptCandidate, decideCandidate, TriageStateError } from './triage';
