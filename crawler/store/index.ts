import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createAuditRepository } from './audit-repo';
import { createBlockingRepository } from './blocking-repo';
import { createCampaignRepository } from './campaign-repo';
import { createCaptureRepository } from './capture-repo';
import { createCaseRepository } from './case-repo';
import { createCounterNoticeRepository } from './counter-notice-repo';
import { createCatalogueRepository } from './catalogue-repo';
import { createDiscoveryRepository } from './discovery-repo';
import type { Db } from './db';
import { databaseEvidenceBlobs, fileEvidenceBlobs, type EvidenceStorageKind } from './evidence-blobs';
import { createEvidenceStore } from './evidence-store';
import { createFiguresRepository } from './figures-repo';
import { createFlagRepository } from './flag-repo';
import { createHitRepository } from './hit-repo';
import { createImageRepository } from './image-repo';
import { createInboxRepository } from './inbox-repo';
import { createListingRepository } from './listing-repo';
import { createNoticeEvidenceRepository } from './notice-evidence-repo';
import { createNoticeRepository } from './notice-repo';
import { createRecordRepository } from './record-repo';
import { migrate } from './migrate';
import { lockEmbeddedStore, shareEmbeddedStore, sharedStoreUrl } from './embedded-server';
import { openPgliteThread, type ThreadedPglite } from './pglite-thread';
import { openPostgresDb } from './postgres-db';
import { createSellerRepository } from './seller-repo';
import { createSweepRepository } from './sweep-repo';
import { createTokenRepository } from './token-repo';
import { createVerificationRepository } from './verification-repo';
import { createWatchRepository } from './watch-repo';

export type { Db, Queryable } from './db';
export type { HitRow, HitFilter, HitInput } from './hit-repo';
export { HIT_LIST_CAP } from './hit-repo';
export type { ImageRepository, ItemReferenceRow, ReferenceImageState, StoredReferenceImage } from './image-repo';
export type { SweepStats } from './sweep-repo';
export type {
  CampaignDefinition,
  CampaignFigures,
  CampaignRecord,
  CampaignSchedule,
  CampaignSite,
  CampaignStatus,
} from './campaign-repo';
export { DuplicateCampaignError } from './campaign-repo';
export { migrate } from './migrate';
export type { Principal, TokenRecord } from './token-repo';
export { hashToken, UnknownHolderError } from './token-repo';
export type { AuditEntry } from './audit-repo';
export type { HitView, InboxFilter, InboxPage, Scope, EvidenceRef } from './inbox-repo';
export type { CaseView, CaseSummary } from './case-repo';
export { CaseRuleError } from './case-repo';
export { EvidenceHashMismatchError, sha256Hex, type EvidenceKind } from './evidence-store';
export type { EvidenceStorageKind } from './evidence-blobs';
export {
  type EnforcementCounts,
  type EnforcementFilter,
  type EnforcementGroups,
  type Figures,
  type FiguresRepository,
  type VerificationFigures,
  type VerificationFilter,
} from './figures-repo';
export type { AlertHit, Watch, WatchRepository } from './watch-repo';
export type { CaptureRepository, PageCapture } from './capture-repo';
export type { EvidenceFile, RecordedHit, RecordRepository } from './record-repo';
export type { NoticeEvidence, NoticeEvidenceRepository, NoticeListingEvidence } from './notice-evidence-repo';
export {
  AlreadyNoticedError,
  NoticeStateError,
  type CaseListingRow,
  type Channel,
  type NoticeOutcome,
  type NoticeRecord,
  type NoticeRepository,
  type NoticeState,
} from './notice-repo';
export type { CounterNoticeRecord, CounterNoticeRepository } from './counter-notice-repo';
export {
  VERIFY_OUTCOMES,
  type CheckInput,
  type DueFilter,
  type DueHit,
  type VerificationRecord,
  type VerificationRepository,
  type VerifyOutcome,
} from './verification-repo';
export { type SellerRepository } from './seller-repo';
export type {
  BlacklistedView,
  BlacklistEntry,
  LiveBlacklistEntry,
  ManualEntry,
  Rescore,
  SellerFigures,
  SellerFilter,
  SellerLink,
  SellerListFilter,
  SellerListingRow,
  SellerRecord,
  SellerScore,
  StoredFigures,
  StoredTopSeller,
} from './seller-rows';
export type {
  Candidate,
  CandidateCheck,
  CandidateSource,
  CandidateSourceKind,
  CandidateStatus,
  DiscoveryRepository,
  SiteKind,
} from './discovery-repo';
export type { BlockingRepository, MirrorSuggestion, PirateSite, SiteHit, StoredBlockingPackage } from './blocking-repo';

export interface StoreOptions {
  /** Folder of the embedded PGlite store and of evidence files. */
  dataDir: string;
  /** A PostgreSQL server instead of the embedded store (`postgres://…`). */
  databaseUrl?: string;
  /** Where evidence files go; defaults to `<dataDir>/evidence`. */
  evidenceDir?: string;
  /** `files` (default: one machine's disk) or `database` (the store's own database, shared by a fleet). */
  evidenceStore?: EvidenceStorageKind;
  /**
   * Embedded store only: serve it to the other commands of this data dir over an owner-only Unix
   * socket while this process runs (the API does), instead of holding it alone.
   */
  share?: boolean;
  /**
   * Embedded store only: run PGlite on a worker thread of its own, so PostgreSQL's work takes the
   * second core instead of the caller's. Asked for by long crawls (`scan`); off by default, as a
   * short command gains nothing from it and the thread's own heap costs memory (the demo's peak).
   */
  thread?: boolean;
}

/** Opens the store, brings its schema up to date, and hands out the repositories. */
export async function openStore(options: StoreOptions) {
  const inMemory = options.dataDir.startsWith('memory://');
  const thread = options.thread ?? false;
  const { db, putBlob }: Opened = options.databaseUrl
    ? { db: openPostgresDb(options.databaseUrl) }
    : inMemory
      ? thread
        ? ownThread(await openPgliteThread(options.dataDir))
        : { db: await (await import('./pglite-db')).openPgliteDb(options.dataDir) }
      : await openEmbedded(options.dataDir, options.share ?? false, thread);
  await migrate(db);
  const evidenceDir = options.evidenceDir ?? join(inMemory ? 'data' : options.dataDir, 'evidence');
  const files = putBlob ? fileEvidenceBlobs(evidenceDir, (sha, bytes) => putBlob(evidenceDir, sha, bytes)) : undefined;
  return storeOver(db, evidenceDir, options.evidenceStore, files);
}

/** A database, and when the embedded store runs on its own thread, that thread's evidence file writer. */
interface Opened {
  db: Db;
  putBlob?: ThreadedPglite['putBlob'];
}

const ownThread = (t: ThreadedPglite): Opened => ({ db: t.db, putBlob: t.putBlob });

/**
 * The embedded store of a data dir: through the process that shares it when one runs, else
 * opened here under a lock (and shared from here when asked).
 */
async function openEmbedded(dataDir: string, share: boolean, thread: boolean): Promise<Opened> {
  const shared = await sharedStoreUrl(dataDir);
  if (shared) return { db: openPostgresDb(shared, { max: 4 }) };
  const dir = join(dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const release = await lockEmbeddedStore(dir, dataDir);
  try {
    if (thread) {
      const threaded = await openPgliteThread(dir);
      const own = threaded.db;
      if (!share) return { ...ownThread(threaded), db: { ...own, close: () => own.close().finally(release) } };
      // The socket is served from the store's thread too: the API's thread only speaks the protocol.
      const url = await threaded.share(dataDir).catch(async (err: unknown) => {
        await own.close();
        throw err;
      });
      const db = openPostgresDb(url, { max: 8 });
      return { ...ownThread(threaded), db: { ...db, close: () => db.close().then(own.close).finally(release) } };
    }
    // Imported only here: a process whose store runs on its thread never loads PGlite on its own.
    const embedded = await (await import('./pglite-db')).openPglite(dir);
    if (!share) return { db: { ...embedded.db, close: () => embedded.db.close().finally(release) } };
    const server = await shareEmbeddedStore(embedded.pglite, dataDir);
    // This process queries through the socket too: one queue orders everyone's transactions.
    const db = openPostgresDb(server.url, { max: 8 });
    return { db: { ...db, close: () => db.close().then(server.stop).then(embedded.db.close).finally(release) } };
  } catch (err) {
    await release();
    throw err;
  }
}

/**
 * The repositories over one database. All SQL is in this folder: code elsewhere uses the
 * repositories, never `db` (test/unit/import-graph.test.ts checks); `db` is here for the
 * tests, which look at rows directly.
 */
export function storeOver(
  db: Db,
  evidenceDir: string,
  evidenceStore: EvidenceStorageKind = 'files',
  files = fileEvidenceBlobs(evidenceDir),
) {
  const blobs = evidenceStore === 'database' ? databaseEvidenceBlobs(db) : files;
  return {
    /** For tests only; crawler code uses the repositories. */
    db,
    catalogue: createCatalogueRepository(db),
    listings: createListingRepository(db),
    hits: createHitRepository(db),
    images: createImageRepository(db),
    sweeps: createSweepRepository(db),
    campaigns: createCampaignRepository(db),
    evidence: createEvidenceStore(db, blobs),
    /** The record stage's writes, a statement per listing page. */
    record: createRecordRepository(db, blobs),
    evidenceDir,
    captures: createCaptureRepository(db),
    tokens: createTokenRepository(db),
    audit: createAuditRepository(db),
    inbox: createInboxRepository(db),
    cases: createCaseRepository(db),
    flags: createFlagRepository(db),
    verifications: createVerificationRepository(db),
    sellers: createSellerRepository(db),
    watches: createWatchRepository(db),
    notices: createNoticeRepository(db),
    noticeEvidence: createNoticeEvidenceRepository(db),
    counterNotices: createCounterNoticeRepository(db),
    blocking: createBlockingRepository(db),
    discovery: createDiscoveryRepository(db),
    figures: createFiguresRepository(db),
    close: () => db.close(),
  };
}
export type Store = ReturnType<typeof storeOver>;
