/**
 * Site blocking: pirate sites and their mirrors (recognised by template, title and hosting),
 * the registrar and hosting abuse contacts behind each domain (RDAP), and the request package
 * addressed to them, to access providers or to a regulator.
 */
export { buildBlockingRequest, NoAddresseeError } from './build-request';
export { DEFAULT_MIRROR_THRESHOLD, similarity } from './mirrors';
export { RdapClient } from './rdap';
