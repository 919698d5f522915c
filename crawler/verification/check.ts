import type { Matcher } from '../../shared/match';
import type { HitStatus, Signal } from '../../shared/model';
import { adapterById } from '../../shared/sites';
import { recordRelist } from '../pipeline';
import type { CheckInput, DueHit, Store, VerificationRecord, VerifyOutcome } from '../store';
import { observe, type Observation, type PageFetcher } from './observe';
import type { ResolvedVerifyOptions } from './options';
import { findRelist, type Relist } from './relist';

export interface VerifyContext {
  store: Pick<Store, 'verifications' | 'evidence' | 'listings' | 'hits' | 'captures' | 'record'>;
  fetcher: PageFetcher;
  now: () => Date;
  options: ResolvedVerifyOptions;
  /** When given, a relist must still match the hit's item; without it, same seller and a similar title suffice. */
  matcher?: Pick<Matcher, 'match'>;
  /**
   * In a queue worker: retryable fetch failures are thrown (BullMQ retries the job) rather than recorded as 'error'.
   */
  throwRetryable?: boolean;
}

/** What one hit's check found and did. */
export interface HitCheckResult {
  hitId: number;
  listingUrl: string;
  /** The final word: removed, still up, relisted (here or elsewhere), or error (could not tell). */
  outcome: VerifyOutcome;
  statusBefore: HitStatus;
  statusAfter: HitStatus;
  /** Notice sent → this check, when this check found the removal. */
  timeToRemovalMs?: number;
  relistedUrl?: string;
  /** The hit recorded for the relisted listing (status `new`, for review and a new notice). */
  relistHitId?: number;
  /** The verifications rows written: one, or two when a removal and a relist were found together. */
  records: VerificationRecord[];
  /** Set when the check itself failed (the store, a bug) and nothing was recorded. */
  error?: string;
}

const RELIST_SIGNAL = 'relist';

/**
 * Re-fetches one noticed or removed hit's listing and acts on what it shows:
 *
 * - `notice_sent`, gone (404/410/unavailable marker/redirected away) → `removed`,
 *   time to removal recorded; then a relist is looked for at once.
 * - `notice_sent`, up → `still_up`; the hit stays `notice_sent`.
 * - `removed`, up again at the same URL → `relisted`.
 * - `removed`, still gone → a relist is looked for (same seller, similar
 *   title, another URL); found → `relisted`, else the check says `removed`.
 * - anything that cannot tell (robots.txt, network, 403, 5xx) → `error`, hit unmoved.
 *
 * Every check is a verifications row with its evidence (the page, or a JSON
 * note of the status seen); every move is audited by `options.actor`.
 * A relisted listing is stored and gets a hit of its own on the same item.
 */
export async function verifyHit(ctx: VerifyContext, hit: DueHit): Promise<HitCheckResult> {
  const adapter = adapterById(hit.site);
  const noticedAt = await ctx.store.verifications.noticedAt(hit.id);
  const checkedAt = ctx.now().toISOString();
  const seen = await observe(ctx.fetcher, adapter, hit.listingUrl, { throwRetryable: ctx.throwRetryable });
  const evidenceSha256 = await keepEvidence(ctx, seen, checkedAt);
  const base = {
    hitId: hit.id,
    url: hit.listingUrl,
    checkedAt,
    httpStatus: seen.httpStatus,
    evidenceSha256,
    noticedAt,
    expected: hit.status,
  };
  const records: VerificationRecord[] = [];
  const record = async (c: Pick<CheckInput, 'outcome' | 'reason'> & Partial<CheckInput>) => {
    const r = await ctx.store.verifications.record({ ...base, ...c }, ctx.options.actor);
    records.push(r);
    return r;
  };
  const result = (outcome: VerifyOutcome, extra: Partial<HitCheckResult> = {}): HitCheckResult => ({
    hitId: hit.id,
    listingUrl: hit.listingUrl,
    outcome,
    statusBefore: hit.status,
    statusAfter: records.at(-1)?.statusAfter ?? hit.status,
    records,
    ...extra,
  });

  if (seen.state === 'unknown') {
    await record({ outcome: 'error', reason: seen.reason });
    return result('error');
  }

  if (seen.state === 'up') {
    if (hit.status === 'notice_sent') {
      await record({ outcome: 'still_up', reason: seen.reason });
      return result('still_up');
    }
    await record({
      outcome: 'relisted',
      reason: `${seen.reason}: the removed listing is back at the same URL`,
      moveTo: 'relisted',
      relistedUrl: hit.listingUrl,
    });
    return result('relisted', { relistedUrl: hit.listingUrl });
  }

  // Gone.
  let ttr: number | undefined;
  let status: HitStatus = hit.status;
  if (hit.status === 'notice_sent') {
    const r = await record({ outcome: 'removed', reason: seen.reason, moveTo: 'removed' });
    ttr = r.timeToRemovalMs ?? undefined;
    status = r.statusAfter;
    // A reviewer moved the hit meanwhile: what it is now is theirs to decide.
    if (status !== 'removed') return result('removed', ttr !== undefined ? { timeToRemovalMs: ttr } : {});
  }

  const exclude = new Set(await ctx.store.verifications.relistedUrls(hit.id));
  const relist = await findRelist(
    {
      store: ctx.store,
      fetcher: ctx.fetcher,
      adapter,
      options: ctx.options,
      matcher: ctx.matcher,
      throwRetryable: ctx.throwRetryable,
    },
    hit,
    noticedAt,
    exclude,
  );
  if (!relist) {
    if (hit.status === 'removed') await record({ outcome: 'removed', reason: `still removed: ${seen.reason}` });
    return result('removed', ttr !== undefined ? { timeToRemovalMs: ttr } : {});
  }

  const { hitId: relistHitId, evidenceSha256: relistEvidence } = await keepRelist(ctx, hit, relist);
  await record({
    url: relist.url,
    httpStatus: relist.page.status,
    evidenceSha256: relistEvidence,
    expected: 'removed',
    outcome: 'relisted',
    moveTo: 'relisted',
    relistedUrl: relist.url,
    reason:
      `relisted at ${relist.url} by the same seller (${hit.sellerName ?? hit.sellerId}), title similarity ` +
      `${relist.similarity}, found ${relist.via === 'store' ? 'among stored listings' : "on the seller's shop page"}` +
      (relist.match ? `; matches ${hit.itemId} at ${relist.match.score}` : ''),
  });
  return result('relisted', {
    relistedUrl: relist.url,
    relistHitId,
    ...(ttr !== undefined ? { timeToRemovalMs: ttr } : {}),
  });
}

/** The page itself when there was one; otherwise a JSON note of what was asked and what came back. */
async function keepEvidence(ctx: VerifyContext, seen: Observation, checkedAt: string): Promise<string> {
  if (seen.page) {
    return ctx.store.evidence.save(seen.page.bytes, {
      kind: 'html',
      contentType: seen.page.contentType || 'text/html',
      listingUrl: seen.url,
      capturedAt: seen.page.fetchedAt,
    });
  }
  const note = { url: seen.url, checkedAt, httpStatus: seen.httpStatus, state: seen.state, reason: seen.reason };
  return ctx.store.evidence.save(new TextEncoder().encode(JSON.stringify(note)), {
    kind: 'metadata',
    contentType: 'application/json',
    listingUrl: seen.url,
    capturedAt: checkedAt,
  });
}

/**
 * Stores the relisted listing and a hit on the same item for it: a new hit
 * (for review and a fresh notice) with the matcher's signals when a matcher
 * was given, else the removed hit's, plus a `relist` signal naming the
 * removed listing. A hit already there (a sweep found it) keeps its own
 * score and status and only gains the `relist` signal.
 */
async function keepRelist(
  ctx: VerifyContext,
  hit: DueHit,
  relist: Relist,
): Promise<{ hitId: number; evidenceSha256: string }> {
  const mark: Signal = {
    name: RELIST_SIGNAL,
    weight: 0,
    evidence: `relist of ${hit.listingUrl} (hit ${hit.id}) by the same seller`,
  };
  return recordRelist(ctx.store, relist.listing, relist.page, {
    itemId: hit.itemId,
    score: relist.match?.score ?? hit.score,
    signals: [...(relist.match?.signals ?? hit.signals.filter((s) => s.name !== RELIST_SIGNAL)), mark],
    mark,
  });
}
