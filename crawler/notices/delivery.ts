/**
 * The outbox: queued notices go out by SMTP (nodemailer) to their channel's
 * address. A relay that fails leaves the notice queued with a later attempt
 * time (exponential backoff); after the last attempt it is `failed`, kept
 * and re-sendable, never dropped.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { CounterNoticeRepository, NoticeRecord, NoticeRepository } from '../store';
import { evidencePackageOf, type PackageStore } from './evidence-package';

export interface DeliveryOptions {
  transport: Transporter;
  /** The From address of notices (COUNTERSCAN_NOTICE_FROM). */
  from: string;
  /** Attempts before a notice is marked failed. Default 5. */
  maxAttempts?: number;
  /** First retry delay, doubled each attempt. Default 60 s. */
  retryBaseMs?: number;
  now?: () => Date;
  /** Where evidence packages come from: each notice goes with its package attached (when small enough). */
  evidence?: PackageStore;
  /** A package larger than this is not attached; the notice text links it either way. Default 10 MiB. */
  attachMaxBytes?: number;
}

/**
 * The notice's evidence package as a mail attachment, when it fits. Only the package the notice
 * names by SHA-256 goes: a worker that cannot read it (another machine's evidence folder) sends
 * the notice with its link alone rather than a rebuilt package whose hash the text does not cite,
 * and a package that cannot be had never holds a notice back.
 */
async function packageAttachment(n: NoticeRecord, o: DeliveryOptions) {
  if (!o.evidence) return [];
  let bytes: Uint8Array;
  try {
    const kept = await o.evidence.noticeEvidence.get(n.id, { holderId: null });
    if (kept?.packageSha256) {
      const stored = await o.evidence.evidence.read(kept.packageSha256);
      if (!stored) return [];
      bytes = stored.bytes;
    } else {
      bytes = (await evidencePackageOf(o.evidence, n)).bytes;
    }
  } catch {
    return [];
  }
  if (bytes.byteLength > (o.attachMaxBytes ?? 10 * 1_048_576)) return [];
  return [{ filename: `evidence-notice-${n.id}.zip`, content: Buffer.from(bytes), contentType: 'application/zip' }];
}

export function smtpTransport(url: string): Transporter {
  // Notices must not hang a worker on a dead relay.
  return nodemailer.createTransport(url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as never);
}

export async function deliverDue(
  notices: NoticeRepository,
  o: DeliveryOptions,
): Promise<{ sent: number[]; retried: number[]; failed: number[] }> {
  const now = o.now ?? (() => new Date());
  const maxAttempts = o.maxAttempts ?? 5;
  const base = o.retryBaseMs ?? 60_000;
  const out = { sent: [] as number[], retried: [] as number[], failed: [] as number[] };
  for (const id of await notices.claimDue(now())) {
    const n = await notices.get(id, { holderId: null });
    if (!n || n.state !== 'queued') continue;
    try {
      const info = await o.transport.sendMail({
        from: o.from,
        to: n.recipient,
        subject: n.subject,
        text: n.text,
        html: n.html,
        headers: { 'X-Counterscan-Notice': String(n.id), 'X-Counterscan-Regime': n.regime },
        attachments: [
          {
            filename: `notice-${n.id}.json`,
            content: JSON.stringify(n.payload, null, 2),
            contentType: 'application/json',
          },
          ...(await packageAttachment(n, o)),
        ],
      });
      await notices.markSent(id, String(info.messageId ?? ''), now());
      out.sent.push(id);
    } catch (e) {
      const attempt = n.attempts + 1;
      const retryAt = attempt < maxAttempts ? new Date(now().getTime() + base * 2 ** (attempt - 1)) : null;
      await notices.markAttemptFailed(id, (e as Error).message, retryAt);
      (retryAt ? out.retried : out.failed).push(id);
    }
  }
  return out;
}

/** Emails the holder (or its agent) about each counter-notice whose reminder is due; each is reminded once. */
export async function sendCounterNoticeReminders(
  counters: CounterNoticeRepository,
  o: Pick<DeliveryOptions, 'transport' | 'from' | 'now'>,
): Promise<number[]> {
  const now = (o.now ?? (() => new Date()))();
  const sent: number[] = [];
  for (const c of await counters.dueReminders(now)) {
    if (!c.holderEmail) continue;
    // Claim before sending, so two processes never both remind; a failed send gives the claim back.
    if (!(await counters.markReminded(c.id, now))) continue;
    try {
      await o.transport.sendMail({
        from: o.from,
        to: c.holderEmail,
        subject: `Counter-notice on notice ${c.noticeId}: act before ${c.earliest.slice(0, 10)}`,
        text: [
          `${c.sender} sent a counter-notice on ${c.receivedAt.slice(0, 10)} against your notice "${c.subject}".`,
          `Clock (${c.regime}): the removed material may be restored from ${c.earliest.slice(0, 10)} (at the latest ` +
            `${c.latest.slice(0, 10)}) unless you tell the platform that you have filed a complaint or an action.`,
          '',
          `Their statement: ${c.statement}`,
        ].join('\n'),
        headers: { 'X-Counterscan-Notice': String(c.noticeId) },
      });
      sent.push(c.id);
    } catch (e) {
      await counters.unmarkReminded(c.id);
      throw e;
    }
  }
  return sent;
}
