/**
 * Every stored item of the extension, declared once with its default and
 * version. Secrets (the token) stay in `local`, never `sync`.
 */
import { storage } from 'wxt/utils/storage';
import type { CatalogueItem } from '../../shared/model';
import type { Me } from './api-schemas';

export interface Settings {
  /** Review API base URL, e.g. https://review.example.org (no trailing slash needed). */
  apiUrl: string;
  /** Bearer token issued by the review API. */
  token: string;
  /** Read the listing pages of matching search results to check the seller and price before badging. */
  verifyListings: boolean;
  /** Score from which a listing is badged. */
  threshold: number;
}

export const DEFAULT_SETTINGS: Settings = { apiUrl: '', token: '', verifyListings: true, threshold: 0.5 };

export const settingsItem = storage.defineItem<Settings>('local:settings', { fallback: DEFAULT_SETTINGS, version: 1 });

export async function getSettings(): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...(await settingsItem.getValue()) };
}

/** The signed-in holder's catalogue as last synced from the API; matching runs on it offline. */
export interface CatalogueCache {
  apiUrl: string;
  me: Me;
  items: CatalogueItem[];
  /** ISO time of the last successful sync. */
  syncedAt: string;
}

/** The reference photos' hashes synced after the catalogue (kept in IndexedDB): how many, and why none when so. */
export interface ReferencePhotosStatus {
  count: number;
  note?: string;
  syncedAt: string;
}

export const referencePhotosItem = storage.defineItem<ReferencePhotosStatus | null>('local:referencePhotos', {
  fallback: null,
});

export const catalogueItem = storage.defineItem<CatalogueCache | null>('local:catalogue', {
  fallback: null,
  version: 1,
});

/** Last sync problem, shown by the popup and options page (null when the last sync worked). */
export const syncErrorItem = storage.defineItem<string | null>('local:syncError', { fallback: null });

/** "Block this whole site" from the popup: the page's URL, for the side panel's Site blocking view to take up. */
export const pendingBlockItem = storage.defineItem<{ url: string } | null>('session:pendingBlock', { fallback: null });
