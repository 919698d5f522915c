/**
 * Resolving candidate names, against a DNS server the operator names (a
 * local resolver, a filtering one, the test's) or the system's. A name with
 * no A or AAAA record is no site (yet); one that times out is asked again
 * on the next run.
 */
import { Resolver } from 'node:dns/promises';
import type { ResolvedAddress } from '../fetch/outbound-policy';

export interface CandidateResolverOptions {
  /** `host` or `host:port` servers; empty: the system's resolvers. */
  servers?: readonly string[];
  timeoutMs?: number;
  tries?: number;
}

/** Answers that mean "no such name or no address", as opposed to a failure to ask. */
const ABSENT = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ESERVFAIL', 'EREFUSED', 'EBADNAME', 'ENONAME']);

export class CandidateResolver {
  private readonly resolver: Resolver;
  queries = 0;

  constructor(o: CandidateResolverOptions = {}) {
    this.resolver = new Resolver({ timeout: o.timeoutMs ?? 3000, tries: o.tries ?? 2 });
    if (o.servers && o.servers.length > 0) this.resolver.setServers([...o.servers]);
  }

  /** The name's addresses; [] when it has none; throws when the server could not be asked. */
  async addresses(name: string): Promise<string[]> {
    const ask = async (rr: 'A' | 'AAAA'): Promise<string[]> => {
      this.queries++;
      try {
        return rr === 'A' ? await this.resolver.resolve4(name) : await this.resolver.resolve6(name);
      } catch (e) {
        if (ABSENT.has((e as NodeJS.ErrnoException).code ?? '')) return [];
        throw e;
      }
    };
    const v4 = await ask('A');
    return v4.length > 0 ? v4 : ask('AAAA');
  }

  /** As the outbound policy's resolver: page fetches then reach the address this server gives. */
  readonly lookup = async (name: string): Promise<ResolvedAddress[]> => {
    const found = await this.addresses(name);
    if (found.length === 0) {
      throw Object.assign(new Error(`${name} has no address`), { code: 'ENOTFOUND', hostname: name });
    }
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}
