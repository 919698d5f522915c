import type { Config } from '../config';
import { OutboundPolicy } from '../fetch/outbound-policy';
import { PoliteFetcher } from '../stages/polite-fetcher';

/** The fetch stage as configured; close it when the command is done (it may have started a browser). */
export function politeFetcher(config: Config): PoliteFetcher {
  return new PoliteFetcher({
    userAgent: config.userAgent,
    timeoutMs: config.timeoutMs,
    hostConcurrency: config.hostConcurrency,
    hostDelayMs: config.hostDelayMs,
    retries: config.retries,
    retryBaseDelayMs: config.retryBaseDelayMs,
    chromiumPath: config.chromiumPath,
    browserPages: config.browserPages,
    browserScreenshots: config.screenshotMinScore <= 1,
    outbound: new OutboundPolicy({ allow: config.outboundAllow }),
  });
}
