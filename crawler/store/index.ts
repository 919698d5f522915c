import { join } from 'node:path';
import { createCampaignRepository } from './campaign-repo';
import { createCatalogueRepository } from './catalogue-repo';
import type { Db } from './db';
import { createEvidenceStore } from './evidence-store';
import { createHitRepository } from './hit-repo';
import { createListingRepository } from './listing-repo';
import { migrate } from './migrate';
import { openPgliteDb } from './pglite-db';
import { openPostgresDb } from './postgres-db';
import { createSweepRepository } from './sweep-repo';

export type { Db, Queryable } from './db';
export type { HitRow, HitFilter, HitInput } from './hit-repo';
export type { SweepStats } from './sweep-repo';
export type { CampaignDefinition, CampaignFigures, CampaignRecord, CampaignSchedule, CampaignSite, CampaignStatus } from './campaign-repo';
export { DuplicateCampaignError } from './campaign-repo';
export { migrate } from './migrate';

export interface StoreOptions {
  /** Folder of the embedded PGlite store and of evidence files. */
  dataDir: string;
  /** A PostgreSQL server instead of the embedded store (`postgres://…`). */
  databaseUrl?: string;
  /** Where evidence files go; defaults to `<dataDir>/evidence`. */
  evidenceDir?: string;
}

/** Opens the store, brings its schema up to date, and hands out the repositories. */
export async function openStore(options: StoreOptions) {
  const inMemory = options.dataDir.startsWith('memory://');
  const db: Db = options.databaseUrl
    ? openPostgresDb(options.databaseUrl)
    : await openPgliteDb(inMemory ? options.dataDir : join(options.dataDir, 'pglite'));
  await migrate(db);
  return storeOver(db, options.evidenceDir ?? join(inMemory ? 'data' : options.dataDir, 'evidence'));
}

export function storeOver(db: Db, evidenceDir: string) {
  return {
    db,
    catalogue: createCatalogueRepository(db),
    listings: createListingRepository(db),
    hits: createHitRepository(db),
    sweeps: createSweepRepository(db),
    campaigns: createCampaignRepository(db),
    evidence: createEvidenceStore(db, evidenceDir),
    close: () => db.close(),
  };
}
export type Store = ReturnType<typeof storeOver>;
