/** The content script's calls to the background, typed. */
import { browser } from 'wxt/browser';
import type { ListingLite, MatchView, Reply, ScanReport } from '../messages';

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
export const reportScan = (report: ScanReport) => call<object>({ type: 'scan:report', report });
export const startFlag = (listing: ListingLite, html: string, itemId?: string) =>
  call<{ draftId: string; screenshot: boolean }>({ type: 'flag:start', listing, html, ...(itemId ? { itemId } : {}) });
