/** RDAP look-ups of the registrar and hosting abuse contacts behind a site. */
export { RdapClient, hostnameOf, registrableCandidates, type DomainRecord } from './client';
export { RdapError, type RdapFailure, type RdapProblem } from './errors';
export { ipPrefix, parseIp } from './ip';
export { systemResolver, type RdapClientOptions, type Resolver } from './options';
export type { AbuseContact, HostContacts, LookupTrail, RegistrarContacts, SiteAbuseContacts } from './types';
