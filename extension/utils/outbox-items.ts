/** The flag outbox and the log of sent flags, as stored (the background's outbox.ts sends them). */
import type { FlagBody } from './api-client';
import { storage } from 'wxt/utils/storage';

export interface EvidenceMeta {
  sha256: string;
  kind: 'html' | 'screenshot' | 'metadata';
  contentType: string;
  size: number;
  capturedAt: string;
}

export interface OutboxEntry {
  flagId: string;
  body: FlagBody;
  evidence: (EvidenceMeta & { uploaded: boolean })[];
  createdAt: string;
  attempts: number;
  /** ms since the epoch; 0 = as soon as possible. */
  nextAttemptAt: number;
  /** pending: will be sent; failed: the server refused it, waits for the user (retry or discard). */
  state: 'pending' | 'failed';
  lastError?: string;
}

export interface SentFlag {
  flagId: string;
  hitId: number;
  created: boolean;
  url: string;
  sentAt: string;
}

export const outboxItem = storage.defineItem<OutboxEntry[]>('local:outbox', { fallback: [], version: 1 });
export const sentItem = storage.defineItem<SentFlag[]>('local:sentFlags', { fallback: [], version: 1 });
