/**
 * Early warning: every watch whose interval has passed gets one batch of the
 * high-scoring hits that appeared since its last batch — one signed webhook
 * POST and/or one email. If a channel fails, the cursor stays, so the same
 * hits come again in the next batch (at least once, never lost).
 *
 * Webhooks go through the outbound policy and are never redirected: a 3xx is
 * a failure. A target the policy refuses (an internal address, also one a
 * name resolves to only at delivery time) is never contacted and fails like
 * any other; which address and why is for the operator's log (`refused`),
 * not the watch's holder.
 */
import { createHmac } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { defaultOutboundPolicy, outboundRefusal, type OutboundPolicy } from '../fetch/outbound-policy';
import type { AlertHit, Watch, WatchRepository } from '../store';

export interface AlertOptions {
  transport?: Transporter;
  from: string;
  now?: () => Date;
  /** Webhook request timeout, ms. Default 10 s. */
  timeoutMs?: number;
  /** Where webhooks may go. Default: the policy with no allow-list. */
  outbound?: OutboundPolicy;
}

export interface AlertRun {
  watchId: number;
  hits: number;
  failed: string[];
  /** Why the policy refused the webhook target, for the operator's log only; absent when it did not. */
  refused?: string;
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function emailText(w: Watch, hits: AlertHit[]): string {
  return [
    `${hits.length} new suspect listing(s) at score ≥ ${w.minScore}${w.itemId ? ` for ${w.itemId}` : ''}:`,
    '',
    ...hits.flatMap((h) => [
      `• ${h.score.toFixed(2)}  ${h.itemTitle}`,
      `  ${h.title}`,
      `  ${h.listingUrl}${
        h.sellerName ? `  (seller ` + `${h.sellerName})` : ''
      }${h.price !== null ? `  ${h.price} ${h.currency ?? ''}` : ''}`,
      `  why: ${h.reasons.join('; ')}`,
    ]),
  ].join('\n');
}

export async function runAlerts(watches: WatchRepository, o: AlertOptions): Promise<AlertRun[]> {
  const now = (o.now ?? (() => new Date()))();
  const outbound = o.outbound ?? defaultOutboundPolicy();
  const out: AlertRun[] = [];
  for (const w of await watches.claimDue(now)) {
    const hits = await watches.newHits(w);
    if (!hits.length) {
      await watches.advance(w.id, null, now);
      continue;
    }
    const ids = hits.map((h) => h.id);
    const failed: string[] = [];
    let refused: string | undefined;
    if (w.webhookUrl) {
      const body = JSON.stringify({
        watchId: w.id,
        holderId: w.holderId,
        itemId: w.itemId,
        minScore: w.minScore,
        sentAt: now.toISOString(),
        hits,
      });
      try {
        const res = await outbound.fetch(w.webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-counterscan-signature': signBody(w.webhookSecret ?? '', body),
            'user-agent': 'counterscan-alerts/0.1',
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        });
        await res.body?.cancel();
        if (!res.ok) throw new Error(`webhook answered ${res.status}`);
        await watches.recordDelivery(w.id, 'webhook', ids, null);
      } catch (e) {
        failed.push('webhook');
        refused = outboundRefusal(e)?.detail;
        await watches.recordDelivery(
          w.id,
          'webhook',
          ids,
          refused ? 'refused by outbound policy' : (e as Error).message,
        );
      }
    }
    if (w.email) {
      try {
        if (!o.transport) throw new Error('no SMTP relay configured (COUNTERSCAN_SMTP_URL)');
        await o.transport.sendMail({
          from: o.from,
          to: w.email,
          subject: `counterscan: ${hits.length} new suspect listing(s)${w.itemId ? ` for ${w.itemId}` : ''}`,
          text: emailText(w, hits),
        });
        await watches.recordDelivery(w.id, 'email', ids, null);
      } catch (e) {
        failed.push('email');
        await watches.recordDelivery(w.id, 'email', ids, (e as Error).message);
      }
    }
    await watches.advance(w.id, failed.length ? null : Math.max(...ids), now);
    out.push({ watchId: w.id, hits: hits.length, failed, ...(refused ? { refused } : {}) });
  }
  return out;
}
