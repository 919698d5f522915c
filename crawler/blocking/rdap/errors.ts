/**
 * One error type for every way an RDAP look-up fails. The `reason` says what
 * failed and the `url` says where, so a site-blocking request that could not
 * name a contact can say exactly why (and a caller can decide to retry).
 */
export type RdapFailure =
  /** The IANA bootstrap file has no RDAP service for this TLD or address. */
  | 'no-bootstrap-entry'
  /** The server answered 404: the registry or RIR has no such object. */
  | 'not-found'
  /** Any other non-2xx answer (429, 5xx, 403 …); `status` holds the code. */
  | 'http-status'
  /** No complete answer within the configured timeout. */
  | 'timeout'
  /** Connection refused, reset, DNS failure of the RDAP server itself … */
  | 'network'
  /** The outbound policy refused the server's address (an internal one; see COUNTERSCAN_OUTBOUND_ALLOW). */
  | 'refused'
  /** The answer was not JSON (an HTML error page, a captive portal …). */
  | 'bad-content-type'
  /** The body did not parse as JSON, or was not the RDAP object asked for. */
  | 'malformed-json'
  /** A domain record without an entity with role `registrar`. */
  | 'no-registrar-entity'
  /** No entity with role `abuse` where one was expected. */
  | 'no-abuse-entity'
  /** The site's hostname did not resolve to any address. */
  | 'unresolvable'
  /** The domain or address given is not one we can look up. */
  | 'invalid-query';

/** Failures that may go away if the same request is made later. */
const TRANSIENT: ReadonlySet<RdapFailure> = new Set(['timeout', 'network', 'http-status']);

export class RdapError extends Error {
  constructor(
    readonly reason: RdapFailure,
    /** The URL that failed (`dns:<host>` for resolution failures). */
    readonly url: string,
    detail: string,
    readonly status?: number,
  ) {
    super(`${detail} (${url})`);
    this.name = new.target.name;
  }

  /** Whether trying again later could help; 4xx other than 429 will not. */
  get retryable(): boolean {
    if (this.reason === 'http-status') return this.status === undefined || this.status === 429 || this.status >= 500;
    return TRANSIENT.has(this.reason);
  }
}

/** What a partial look-up records about a failure, in a form that serialises to JSON. */
export interface RdapProblem {
  reason: RdapFailure;
  url: string;
  message: string;
}

export function toProblem(err: RdapError): RdapProblem {
  return { reason: err.reason, url: err.url, message: err.message };
}
