import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { runAlerts } from '../alerts';
import type { OutboundPolicy } from '../fetch/outbound-policy';
import { deliverDue, sendCounterNoticeReminders, type PackageStore } from '../notices';
import type { Store } from '../store';

/**
 * One round of the outbox: queued notices go out, counter-notice reminders
 * due are sent (both only with an SMTP relay), and watches due alert. The
 * fleet runs it as a job on the `notify` queue, one machine on the embedded
 * scheduler; every send is claimed in the store first, so two rounds at once
 * never send a message twice.
 */
export interface NotifyDeps {
  store: Pick<Store, 'notices' | 'counterNotices' | 'watches'> & PackageStore;
  /** Evidence packages up to this size go as attachments (COUNTERSCAN_EVIDENCE_ATTACH_MAX_BYTES). */
  attachMaxBytes?: number;
  /** The SMTP relay (COUNTERSCAN_SMTP_URL); without it notices stay queued and email alerts wait. */
  transport?: Transporter;
  /** The From address (COUNTERSCAN_NOTICE_FROM). */
  from: string;
  /** Where webhooks may go. */
  outbound: OutboundPolicy;
  logger?: Logger;
}

export interface NotifyRound {
  sent: number[];
  retried: number[];
  failed: number[];
  reminded: number[];
  /** Watches that alerted. */
  alerts: number[];
}

export async function runNotifyRound(d: NotifyDeps): Promise<NotifyRound> {
  const round: NotifyRound = { sent: [], retried: [], failed: [], reminded: [], alerts: [] };
  if (d.transport) {
    Object.assign(
      round,
      await deliverDue(d.store.notices, {
        transport: d.transport,
        from: d.from,
        evidence: d.store,
        attachMaxBytes: d.attachMaxBytes,
      }),
    );
    round.reminded = await sendCounterNoticeReminders(d.store.counterNotices, { transport: d.transport, from: d.from });
    if (round.sent.length || round.retried.length || round.failed.length || round.reminded.length)
      d.logger?.info({ ...round }, 'outbox');
  }
  const alerts = await runAlerts(d.store.watches, { transport: d.transport, from: d.from, outbound: d.outbound });
  round.alerts = alerts.map((a) => a.watchId);
  if (alerts.length) d.logger?.info({ alerts }, 'alerts');
  for (const a of alerts) {
    if (a.refused)
      d.logger?.warn(
        { watchId: a.watchId, detail: a.refused },
        'webhook refused by outbound policy (COUNTERSCAN_OUTBOUND_ALLOW widens it)',
      );
  }
  return round;
}
