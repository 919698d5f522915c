/**
 * The outbound policy refuses loopback by default; the demo and fixture sites
 * tests run listen on 127.0.0.1, so tests let exactly that through, as an
 * operator would with COUNTERSCAN_OUTBOUND_ALLOW=127.0.0.1.
 */
import { OutboundPolicy } from '../../../crawler/fetch/outbound-policy';

export const LOOPBACK_ALLOW = ['127.0.0.1'];

/** One per test file (it holds a connection pool), allowing 127.0.0.1. */
export const loopbackOutbound = new OutboundPolicy({ allow: LOOPBACK_ALLOW });
