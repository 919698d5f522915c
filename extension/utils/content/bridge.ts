/** The content script's calls to the background, typed. */
import { browser } from 'wxt/browser';
import type { HitLookup } from '../api-schemas';
import type { ListingLite, LookupListing, MatchView, Reply, ScanReport } from '../messages';

export interface MatchReply {
  results: (MatchView | null)[];
  threshold: number;
  catalogueItems: number;
  verifyListings: boolean;
  /** Time the background spent on the request (matching, settings). */
  backgroundMs: number;
}

async function call<T>(msg: object): Promise<T> {
  const reply = (await browser.runtime.sendMessage(msg)) as Reply<T> | undefined;
  if (!reply) throw new Error('no answer from the extension background');
  if (!reply.ok) throw new Error(reply.error);
  return reply as T;
}

export const matchListings = (listings: ListingLite[]) => call<MatchReply>({ type: 'scan:match', listings });
/** The review side's answer; `known` false when it could not be asked (no server set, offline). */
export interface LookupReply extends HitLookup {
  known: boolean;
}

export const lookupListings = (listings: LookupListing[]) => call<LookupReply>({ type: 'scan:lookup', listings });
/** Each listing's match with its photos' matches (null: no photo matched a reference photo). */
export const matchPhotos = (listings: ListingLite[]) =>
  call<{ results: (MatchView | null)[] }>({ type: 'scan:photos', listings });
export const reportScan = (report: ScanReport) => call<object>({ type: 'scan:report', report });
export const startFlag = (listing: ListingLite, html: string, itemId?: string) =>
  call<{ draftId: string; screenshot: boolean }>({ type: 'flag:start', listing, html, ...(itemId ? { itemId } : {}) });
