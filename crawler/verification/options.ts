/** How verification picks hits and decides relisting. Every field has a default. */
export interface VerifyOptions {
  /** A `notice_sent` hit is checked again once its last check is this old. Default 1 hour. */
  noticedIntervalMs?: number;
  /**
   * A `removed` hit is watched for relisting, less often: checked again once
   * its last check is this old. Default 24 hours.
   */
  removedIntervalMs?: number;
  /** A `removed` hit is no longer watched once it has been removed this long. Default 180 days. */
  watchRemovedForMs?: number;
  /** Most hits checked in one run (the longest-unchecked first). Default 500. */
  limit?: number;
  /** Least title similarity (0..1, see titleSimilarity) for a listing to count as a relist. Default 0.6. */
  relistSimilarity?: number;
  /**
   * Look on the seller's shop page (the listing's seller URL) for relists, besides listings already stored. Default
   * true.
   */
  searchSellerPage?: boolean;
  /** Most relist candidates fetched per hit. Default 5. */
  maxRelistCandidates?: number;
  /** Who the audit log names for the moves verification makes. Default 'verifier'. */
  actor?: string;
}

export type ResolvedVerifyOptions = Required<VerifyOptions>;

export const VERIFY_DEFAULTS: ResolvedVerifyOptions = {
  noticedIntervalMs: 3_600_000,
  removedIntervalMs: 86_400_000,
  watchRemovedForMs: 180 * 86_400_000,
  limit: 500,
  relistSimilarity: 0.6,
  searchSellerPage: true,
  maxRelistCandidates: 5,
  actor: 'verifier',
};

export function resolveVerifyOptions(o: VerifyOptions = {}): ResolvedVerifyOptions {
  const out = { ...VERIFY_DEFAULTS };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
