import type { Logger } from 'pino';
import type { Config } from '../config';
import { OutboundPolicy } from '../fetch/outbound-policy';
import { smtpTransport } from '../notices';
import type { NotifyDeps } from '../notify';

/**
 * What an outbox round needs, from the settings: the SMTP relay, the From address, the outbound policy for webhooks.
 */
export function notifyDeps(config: Config, store: NotifyDeps['store'], logger: Logger): NotifyDeps {
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined;
  if (!transport)
    logger.warn('COUNTERSCAN_SMTP_URL is not set: notices stay in the outbox and email alerts wait until it is');
  return {
    store,
    transport,
    from: config.noticeFrom,
    attachMaxBytes: config.evidenceAttachMaxBytes,
    outbound: new OutboundPolicy({ allow: config.outboundAllow }),
    logger,
  };
}
