/**
 * Flags waiting for the review API. A flag is written here, with a flag id
 * made once on this device, before anything is sent; evidence bytes wait in
 * IndexedDB. `drain` sends the oldest first: evidence, then the flag. The
 * server treats a repeated flag id as the same flag, so a flag whose answer
 * was lost (connection cut, service worker stopped) is sent again safely and
 * still arrives exactly once. Nothing leaves the outbox unless the server
 * accepted it or the user discarded it.
 */
import { browser } from 'wxt/browser';
import { ApiClient, ApiError, isAuthError, NetworkError } from '../../utils/api-client';
import { evidenceDb } from '../../utils/evidence-db';
import { getSettings } from '../../utils/settings';
import { outboxItem, sentItem, type OutboxEntry, type SentFlag } from '../../utils/outbox-items';

export { outboxItem, sentItem };

export const OUTBOX_ALARM = 'outbox-retry';
const BASE_DELAY_MS = 15_000;
const MAX_DELAY_MS = 30 * 60_000;
const SENT_LOG = 100;

// One writer at a time: every read-modify-write of the outbox goes through this chain.
let lock: Promise<unknown> = Promise.resolve();
function locked<T>(fn: () => Promise<T>): Promise<T> {
  const run = lock.then(fn, fn);
  lock = run.catch(() => undefined);
  return run;
}

async function update(flagId: string, fn: (e: OutboxEntry) => OutboxEntry | undefined): Promise<void> {
  await locked(async () => {
    const list = await outboxItem.getValue();
    const next = list.flatMap((e) => (e.flagId === flagId ? (fn(e) ?? []) : [e]));
    await outboxItem.setValue(next);
  });
}

export async function enqueue(entry: Omit<OutboxEntry, 'attempts' | 'nextAttemptAt' | 'state'>): Promise<void> {
  await locked(async () => {
    const list = await outboxItem.getValue();
    if (list.some((e) => e.flagId === entry.flagId)) return;
    await outboxItem.setValue([...list, { ...entry, attempts: 0, nextAttemptAt: 0, state: 'pending' }]);
  });
}

/** A refused flag, sent again on the user's word (after fixing the token, or once the server is fixed). */
export async function retry(flagId: string): Promise<void> {
  await update(flagId, (e) => ({ ...e, state: 'pending', nextAttemptAt: 0 }));
}

export async function discard(flagId: string): Promise<void> {
  let removed: OutboxEntry | undefined;
  await update(flagId, (e) => {
    removed = e;
    return undefined;
  });
  if (removed) await forgetEvidence(removed);
}

/**
 * Drop stored evidence that no waiting flag cites and no draft in `keep`
 * will (drafts live only for the browser session, so at start-up there are none).
 */
export async function collectEvidence(keep: string[] = []): Promise<number> {
  const cited = new Set([...keep, ...(await outboxItem.getValue()).flatMap((e) => e.evidence.map((x) => x.sha256))]);
  const stale = (await evidenceDb.keys()).filter((k) => !cited.has(k));
  for (const k of stale) await evidenceDb.delete(k).catch(() => undefined);
  return stale.length;
}

/** Drop evidence bytes no other waiting flag needs. */
async function forgetEvidence(entry: OutboxEntry): Promise<void> {
  const still = new Set((await outboxItem.getValue()).flatMap((e) => e.evidence.map((x) => x.sha256)));
  for (const ev of entry.evidence) if (!still.has(ev.sha256)) await evidenceDb.delete(ev.sha256).catch(() => undefined);
}

function backoff(attempts: number): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export interface DrainResult {
  sent: SentFlag[];
  pending: number;
  failed: number;
  /** Why the last attempt stopped, when it did. */
  error?: string;
}

let draining: Promise<DrainResult> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Send what is due (everything pending when `force`). One drain at a time;
 * a call during a drain waits for it and then drains again.
 */
export function drain(force = false): Promise<DrainResult> {
  const after = draining ?? Promise.resolve(undefined);
  const next = after.then(() => drainOnce(force));
  draining = next.finally(() => {
    if (draining === next) draining = undefined;
  });
  return next;
}

async function drainOnce(force: boolean): Promise<DrainResult> {
  const sent: SentFlag[] = [];
  let error: string | undefined;
  const settings = await getSettings();
  const api = settings.apiUrl && settings.token ? new ApiClient(settings.apiUrl, settings.token) : undefined;
  if (!api) error = 'not connected: set the API URL and token in the options';

  for (const entry of api ? await outboxItem.getValue() : []) {
    if (entry.state !== 'pending') continue;
    if (!force && entry.nextAttemptAt > Date.now()) continue;
    try {
      sent.push(await send(api!, entry));
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      const retry = e instanceof NetworkError || isAuthError(e);
      await update(entry.flagId, (x) => ({
        ...x,
        attempts: x.attempts + 1,
        nextAttemptAt: retry ? Date.now() + backoff(x.attempts + 1) : 0,
        state: retry ? 'pending' : 'failed',
        lastError: error,
      }));
      // The server is down or refuses the token: the next flags would fail the same way.
      if (retry) break;
    }
  }
  await scheduleRetry();
  const list = await outboxItem.getValue();
  return {
    sent,
    pending: list.filter((e) => e.state === 'pending').length,
    failed: list.filter((e) => e.state === 'failed').length,
    ...(error ? { error } : {}),
  };
}

async function send(api: ApiClient, entry: OutboxEntry): Promise<SentFlag> {
  for (const ev of entry.evidence) {
    if (ev.uploaded) continue;
    const stored = await evidenceDb.get(ev.sha256);
    if (!stored)
      throw new ApiError(0, 'evidence_lost', `evidence ${ev.sha256.slice(0, 12)}… is no longer stored on this device`);
    await api.uploadEvidence({
      sha256: ev.sha256,
      kind: ev.kind,
      contentType: stored.contentType,
      capturedAt: ev.capturedAt,
      listingUrl: entry.body.url,
      bytes: stored.bytes,
    });
    await update(entry.flagId, (x) => ({
      ...x,
      evidence: x.evidence.map((y) => (y.sha256 === ev.sha256 ? { ...y, uploaded: true } : y)),
    }));
  }
  const res = await api.flag(entry.body);
  const record: SentFlag = {
    flagId: entry.flagId,
    hitId: res.hit.id,
    created: res.created,
    url: entry.body.url,
    sentAt: new Date().toISOString(),
  };
  await update(entry.flagId, () => undefined);
  await forgetEvidence(entry);
  await sentItem.setValue([record, ...(await sentItem.getValue())].slice(0, SENT_LOG));
  return record;
}

/** An alarm survives the service worker; a timer retries sooner while it lives. */
async function scheduleRetry(): Promise<void> {
  const due = (await outboxItem.getValue()).filter((e) => e.state === 'pending').map((e) => e.nextAttemptAt);
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = undefined;
  if (due.length === 0) {
    await browser.alarms.clear(OUTBOX_ALARM);
    return;
  }
  const when = Math.max(Date.now() + 1000, Math.min(...due));
  await browser.alarms.create(OUTBOX_ALARM, { when: Math.max(when, Date.now() + 30_000) });
  retryTimer = setTimeout(() => void drain(), when - Date.now());
}
