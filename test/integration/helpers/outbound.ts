/**
 * The outbound policy refuses loopback by default; the demo and fixture sites
 * tests run listen on 127.0.0.1, so tests let exactly that through, as an
 * operator would with COUNTERSCAN_OUTBOUND_ALLOW=127.0.0.1.
 */
import { OutboundPolicy } from '../../../crawler/fetch/outbound-policy';
import { PoliteFetcher, type PoliteFetcherOptions } from '../../../crawler/stages/polite-fetcher';

export const LOOPBACK_ALLOW = ['127.0.0.1'];

/** One per test file (it holds a connection pool), allowing 127.0.0.1. */
export const loopbackOutbound = new OutboundPolicy({ allow: LOOPBACK_ALLOW });

/**
 * A polite fetcher for the loopback sites tests run: no delay between a host's requests, quick retries, 127.0.0.1
 * allowed; the rest as the test asks.
 */
export function loopbackFetcher(
  o: Pick<PoliteFetcherOptions, 'userAgent' | 'timeoutMs' | 'hostConcurrency' | 'retries'>,
): PoliteFetcher {
  return new PoliteFetcher({ ...o, hostDelayMs: 0, retryBaseDelayMs: 10, outbound: loopbackOutbound });
}
