/**
 * Site blocking: pirate sites and their mirrors (recognised by template, title and hosting),
 * the registrar and hosting abuse contacts behind each domain (RDAP), and the request package
 * addressed to them, to access providers or to a regulator.
 */
export type { BlockingRepository, MirrorSuggestion, PirateSite } from '../store';
export { buildBlockingRequest, NoAddresseeError } from './build-request';
export { rdapAddressees, renderHtml, renderText, type Addressee, type BlockingPackage } from './request-package';
export {
  DEFAULT_MIRROR_THRESHOLD,
  fingerprint,
  hostsFromContacts,
  isMirror,
  similarity,
  type MirrorHost,
  type MirrorPage,
  type MirrorReason,
  type MirrorSignal,
  type MirrorSimilarity,
  type SiteFingerprint,
} from './mirrors';
export { RdapClient, RdapError, systemResolver, type RdapClientOptions, type Resolver, type SiteAbuseContacts } from './rdap';
