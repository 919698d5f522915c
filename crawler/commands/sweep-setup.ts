import type { Config } from '../config';
import { PoliteFetcher } from '../stages/polite-fetcher';

export function politeFetcher(config: Config): PoliteFetcher {
  return new PoliteFetcher({
    userAgent: config.userAgent,
    timeoutMs: config.timeoutMs,
    hostConcurrency: config.hostConcurrency,
    hostDelayMs: config.hostDelayMs,
    retries: config.retries,
    retryBaseDelayMs: config.retryBaseDelayMs,
  });
}
