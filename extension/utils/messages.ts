/**
 * Messages between the content script, the extension pages and the
 * background, each checked with zod on arrival. Content scripts live in pages
 * we do not trust, so the background also checks who may send what
 * (see `allowedFrom`).
 */
import { z } from 'zod';
import { HitStatusSchema, SignalSchema } from '../../shared/model';
import { FlagReasonSchema } from './api-schemas';
import { httpUrlSchema } from './http-url';

const Text = (max: number) => z.string().max(max);
const Url = httpUrlSchema();

/** A listing as the content script read it (a search card or a whole listing page). */
export const ListingLiteSchema = z.object({
  url: Url,
  title: Text(2000),
  site: Text(100).optional(),
  kind: z.enum(['product', 'video']).optional(),
  description: Text(20_000).optional(),
  price: z.number().nonnegative().finite().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  seller: z
    .object({
      id: Text(500).optional(),
      name: Text(500).optional(),
      url: Text(4096).optional(),
      location: Text(500).optional(),
    })
    .optional(),
  images: z.array(Text(2000)).max(50).optional(),
  durationSeconds: z.number().int().nonnegative().optional(),
});
export type ListingLite = z.infer<typeof ListingLiteSchema>;

/** A match as the badge shows it. */
export const MatchViewSchema = z.object({
  itemId: z.string(),
  itemTitle: z.string(),
  holder: z.string(),
  score: z.number(),
  signals: z.array(SignalSchema),
  /** The matcher's neutral outcome: an authorised seller's or the official site's listing. */
  outcome: z.literal('authorised').optional(),
  /** What the badge rules read of the signals (match-marks.ts), so the content script need not know every signal. */
  marks: z.object({
    /** Replica or piracy words, a price far under the reference: evidence a card alone may be badged on. */
    infringement: z.boolean(),
    /** Something names the item (title, brand, model number…): worth reading the listing page for. */
    identifies: z.boolean(),
    /** An authorised seller's or the official site's signal, with its evidence ("seller Veloran Official"). */
    authorisedBy: z.string().optional(),
  }),
});
export type MatchView = z.infer<typeof MatchViewSchema>;
export type MatchMarks = MatchView['marks'];

export const SuspectSchema = z.object({
  url: Url,
  title: Text(2000),
  score: z.number(),
  itemId: z.string(),
  itemTitle: z.string(),
  /** 'page': the listing page was read; 'card': only the search result card. */
  from: z.enum(['page', 'card']),
  /** The review side's status of the hit on this listing, when it is one. */
  state: HitStatusSchema.optional(),
  sellerBlacklisted: z.boolean().optional(),
});
export type Suspect = z.infer<typeof SuspectSchema>;

/** A listing shown as authorised (neutral badge): an authorised seller's or the official site's. */
export const AuthorisedSchema = z.object({ url: Url, itemId: z.string(), by: z.string() });

/** What the content script asks the review side about one page's listings (one request per page). */
export const LookupListingSchema = z.object({
  url: Url,
  site: Text(100).optional(),
  seller: z.object({ id: Text(500).optional(), name: Text(500).optional() }).optional(),
});
export type LookupListing = z.infer<typeof LookupListingSchema>;

export const ScanReportSchema = z.object({
  url: Url,
  pageKind: z.enum(['listing', 'search']),
  site: z.string(),
  /** Listings read on the page (results or the one listing). */
  listings: z.number().int().nonnegative(),
  suspects: z.array(SuspectSchema).max(2000),
  authorised: z.array(AuthorisedSchema).max(2000),
  /** Listing pages still being read to confirm search results. */
  pending: z.number().int().nonnegative(),
  /** Milliseconds: from the content script's start to the first badges, and its parts. */
  timings: z.object({
    firstBadgesMs: z.number(),
    /**
     * Of those, the content script's own work on the page's thread (reading the page, finding the cards, taking the
     * background's answer, mounting the badges); the rest is the background's matching and the messages' way there
     * and back, which the page does not wait on.
     */
    scriptMs: z.number(),
    /** Of that, from its start to its scan's: evaluating its modules, finding the site's adapter. */
    startMs: z.number(),
    extractMs: z.number(),
    matchMs: z.number(),
    backgroundMs: z.number(),
    renderMs: z.number(),
  }),
  catalogueItems: z.number().int().nonnegative(),
});
export type ScanReport = z.infer<typeof ScanReportSchema>;

export const FlagSourceSchema = z.enum(['badge', 'popup', 'context-menu', 'command']);

export const MessageSchema = z.discriminatedUnion('type', [
  // content script → background
  z.object({ type: z.literal('scan:match'), listings: z.array(ListingLiteSchema).max(1000) }),
  z.object({ type: z.literal('scan:report'), report: ScanReportSchema }),
  z.object({ type: z.literal('scan:lookup'), listings: z.array(LookupListingSchema).max(1000) }),
  /** Listings whose photos to match against the reference photos (after their text match is badged). */
  z.object({ type: z.literal('scan:photos'), listings: z.array(ListingLiteSchema).max(200) }),
  z.object({
    type: z.literal('flag:start'),
    listing: ListingLiteSchema,
    itemId: z.string().max(200).optional(),
    /** The page as the user sees it, serialised by the content script. */
    html: z.string().max(30_000_000),
  }),
  // extension pages → background
  /** "Scan this page" from the popup (activeTab). */
  z.object({ type: z.literal('scan:page'), tabId: z.number().int() }),
  z.object({
    type: z.literal('flag:page'),
    tabId: z.number().int(),
    source: FlagSourceSchema,
    listingUrl: Url.optional(),
  }),
  z.object({
    type: z.literal('flag:submit'),
    draftId: z.string().uuid(),
    itemId: z.string().max(200).nullable(),
    reason: FlagReasonSchema,
    note: z.string().max(4000),
  }),
  z.object({ type: z.literal('flag:screenshot'), draftId: z.string().uuid() }),
  z.object({ type: z.literal('flag:cancel'), draftId: z.string().uuid() }),
  z.object({ type: z.literal('outbox:drain') }),
  z.object({ type: z.literal('outbox:discard'), flagId: z.string().uuid() }),
  z.object({ type: z.literal('outbox:retry'), flagId: z.string().uuid() }),
  z.object({ type: z.literal('catalogue:sync') }),
]);
export type Message = z.infer<typeof MessageSchema>;
export type MessageType = Message['type'];

/** Which senders may send each message: content scripts (a tab) or the extension's own pages. */
export const allowedFrom: Record<MessageType, 'content' | 'page'> = {
  'scan:match': 'content',
  'scan:report': 'content',
  'scan:lookup': 'content',
  'scan:photos': 'content',
  'flag:start': 'content',
  'scan:page': 'page',
  'flag:page': 'page',
  'flag:submit': 'page',
  'flag:screenshot': 'page',
  'flag:cancel': 'page',
  'outbox:drain': 'page',
  'outbox:discard': 'page',
  'outbox:retry': 'page',
  'catalogue:sync': 'page',
};

export interface PageSnapshot {
  url: string;
  title: string;
  html: string;
  listing?: ListingLite;
  /** Best match of the page's listing, when it is a listing page. */
  itemId?: string;
}

export type Reply<T = Record<string, unknown>> = ({ ok: true } & T) | { ok: false; error: string };
