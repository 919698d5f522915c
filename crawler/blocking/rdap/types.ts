import type { RdapProblem } from './errors';

/** Whom to write to about abuse; any part may be missing from the registry's data. */
export interface AbuseContact {
  email: string | null;
  phone: string | null;
  name: string | null;
}

export interface RegistrarContacts {
  name: string | null;
  /** IANA Registrar ID, e.g. "292"; the key for ICANN compliance complaints. */
  ianaId: string | null;
  abuse: AbuseContact;
}

export interface HostContacts {
  ip: string;
  network: {
    name: string | null;
    handle: string | null;
    /** ISO 3166 code when the RIR gives one (RIPE, APNIC, LACNIC do; ARIN usually not). */
    country: string | null;
  };
  abuse: AbuseContact;
}

/** Everything a site-blocking request needs to address the registrar and the host. */
export interface SiteAbuseContacts {
  domain: string;
  /** Null when the registrar could not be found; `problems` says why. */
  registrar: RegistrarContacts | null;
  /** One per address looked up; addresses that failed are in `problems`. */
  hosts: HostContacts[];
  /** ISO 8601. */
  fetchedAt: string;
  /** RDAP object URLs the contacts were read from, cited as evidence in the request. */
  sources: string[];
  /** What could not be looked up, so the request can say so rather than silently omit it. */
  problems: RdapProblem[];
}

/** Collects where data came from and what failed, across the steps of one look-up. */
export interface LookupTrail {
  sources: string[];
  problems: RdapProblem[];
}

export const newTrail = (): LookupTrail => ({ sources: [], problems: [] });
