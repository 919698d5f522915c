/** RDAP look-ups of the registrar and hosting abuse contacts behind a site. */
export { RdapClient } from './client';
export { RdapError } from './errors';
export { ipPrefix } from './ip';
export { type RdapClientOptions, type Resolver } from './options';
export type { SiteAbuseContacts } from './types';
