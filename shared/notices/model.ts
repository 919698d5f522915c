import { z } from 'zod';
import { IP_TYPES } from '../model';

/*
 * The input every notice builder reads. Zod checks only the shape and format of
 * what is present; whether a regime's legal elements are there is decided by
 * its `requiredElements` list. That is why almost every field is optional
 * here: a missing signature must come back as "signature missing", named in
 * the regime's words, not as a schema error on a path.
 */

/** Form fields arrive as "" when left empty: accept that and let the element check call it missing. */
const blankOr = <T extends z.ZodType>(schema: T) => z.union([z.literal(''), schema]).optional();

/** A Date, or an ISO 8601 date or date-time string. */
export const DateLikeSchema = z.union([z.date(), z.string()]).pipe(z.coerce.date());

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/i, 'a SHA-256 hex digest (64 hex digits)');
/** Only web addresses: a notice never carries a `javascript:` or `data:` link. */
const WebUrlSchema = z.url({ protocol: /^https?$/, message: 'an http(s) URL' });

export const PartySchema = z.object({
  name: z.string().optional(),
  kind: z.enum(['individual', 'organization']).optional(),
  addressLine1: z.string().optional(),
  addressLine2: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  zip: z.string().optional(),
  /** ISO 3166-1 alpha-2. */
  countryCode: blankOr(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as US or CN')),
  email: blankOr(z.email()),
  phone: z.string().optional(),
  /** Company registration (e.g. unified social credit code) or personal ID number. */
  identityNumber: z.string().optional(),
});
export type Party = z.infer<typeof PartySchema>;

export const SignatureSchema = z.object({
  /** The signer's full name as signed. */
  name: z.string().optional(),
  /** Electronic ("/s/ Name") or a physical signature kept on file. */
  kind: z.enum(['electronic', 'physical']).default('electronic'),
});

/** A document attached to a complaint, identified by file name and content hash. */
export const AttachmentSchema = z.object({
  fileName: z.string().optional(),
  sha256: blankOr(Sha256Schema),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const EVIDENCE_KINDS = ['html', 'screenshot', 'headers', 'video', 'test_buy', 'other'] as const;
export const EvidenceSchema = z.object({
  sha256: blankOr(Sha256Schema),
  kind: z.enum(EVIDENCE_KINDS).optional(),
  capturedAt: DateLikeSchema.optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Parts of a listing or page that infringe (Amazon asks "where is the infringement"). */
export const INFRINGING_PARTS = [
  'title',
  'image',
  'description',
  'product',
  'packaging',
  'logo',
  'video',
  'audio',
] as const;
export type InfringingPart = (typeof INFRINGING_PARTS)[number];

/** A span of a video, in seconds from its start. */
export const TimestampSchema = z
  .object({ start: z.number().nonnegative(), end: z.number().nonnegative() })
  .refine((t) => t.end > t.start, 'a timestamp ends after it starts');
export type Timestamp = z.infer<typeof TimestampSchema>;

export const ItemSchema = z.object({
  url: blankOr(WebUrlSchema),
  /** Untrusted: the listing's own title, as the seller wrote it. */
  title: z.string().optional(),
  seller: z.string().optional(),
  /** Site or host the item is on. */
  site: z.string().optional(),
  /** The platform's own id: ASIN, eBay item id, video id. */
  listingId: z.string().optional(),
  infringingParts: z.array(z.enum(INFRINGING_PARTS)).default([]),
  timestamps: z.array(TimestampSchema).default([]),
  testBuyOrderId: z.string().optional(),
  evidence: z.array(EvidenceSchema).default([]),
});
export type Item = z.infer<typeof ItemSchema>;

export const RegistrationSchema = z.object({
  number: z.string().optional(),
  /** Issuing office: USPTO, EUIPO, CNIPA, WIPO, US Copyright Office… */
  office: z.string().optional(),
});

export const WorkSchema = z.object({
  title: z.string().optional(),
  description: z.string().optional(),
  rightsType: z.enum(IP_TYPES).optional(),
  registrations: z.array(RegistrationSchema).default([]),
  /** The rights owner's name as registered, when it is not the principal's. */
  owner: z.string().optional(),
  /** Where the genuine work or product is offered (Lumen's copyrighted URLs). */
  officialUrls: z.array(WebUrlSchema).default([]),
  /** Registration or rights certificate (e.g. 商标注册证). */
  certificate: AttachmentSchema.optional(),
  items: z.array(ItemSchema).default([]),
});
export type Work = z.infer<typeof WorkSchema>;

export const StatementsSchema = z.object({
  /** Good-faith belief that the use is not authorised by the owner, its agent or the law. */
  goodFaith: z.boolean().optional(),
  /** The information in the notice is accurate. */
  accurate: z.boolean().optional(),
  /** The information in the notice is complete (DSA Art. 16(2)(d)). */
  complete: z.boolean().optional(),
  /** Under penalty of perjury, the signer may act for the owner of the right. */
  authorised: z.boolean().optional(),
});

/** What a Chinese platform is asked to do (Civil Code Art. 1195: 删除、屏蔽、断开链接、终止交易和服务). */
export const MEASURES = ['delete', 'block', 'disconnect', 'terminate'] as const;
export type Measure = (typeof MEASURES)[number];

export const NoticeInputSchema = z.object({
  /** Date the notice is made; passed in so the output is the same every time. */
  date: DateLikeSchema,
  /** Case or notice reference, quoted in the subject line. */
  reference: z.string().optional(),
  /** Whether the sender owns the right or acts for its owner (the principal). */
  authority: z.enum(['owner', 'agent']).optional(),
  /** Who sends and signs the notice: the owner, or its agent. */
  sender: PartySchema.default({}),
  /** The rights owner, when an agent sends the notice. */
  principal: PartySchema.optional(),
  /** The platform or service provider the notice is addressed to. */
  recipient: PartySchema.optional(),
  /** Who files the notice with Lumen; the sender when absent. */
  submitter: PartySchema.optional(),
  signature: SignatureSchema.optional(),
  works: z.array(WorkSchema).default([]),
  /** Why the content is illegal, in the sender's words (DSA Art. 16(2)(a)). */
  explanation: z.string().optional(),
  statements: StatementsSchema.default({}),
  requestedMeasures: z.array(z.enum(MEASURES)).default([]),
  documents: z
    .object({
      identityProof: AttachmentSchema.optional(),
      authorisationLetter: AttachmentSchema.optional(),
      testBuyReport: AttachmentSchema.optional(),
    })
    .default({}),
  /** ISO country codes (or EU) the notice concerns; the regime's own when empty. */
  jurisdiction: z.array(z.string().min(2)).default([]),
});
export type NoticeInput = z.infer<typeof NoticeInputSchema>;
/** What callers pass in: dates may be ISO strings, defaults may be left out. */
export type NoticeInputDraft = z.input<typeof NoticeInputSchema>;

/** The party that owns the right: the principal when an agent files, else the sender. */
export function ownerOf(input: NoticeInput): Party {
  return input[ownerPath(input)] ?? {};
}

/** Where the owner's party sits in the input; element lists point there. */
export function ownerPath(input: NoticeInput): 'principal' | 'sender' {
  return input.authority === 'agent' || input.principal ? 'principal' : 'sender';
}

export function allItems(input: { works: { items: Item[] }[] }): Item[] {
  return input.works.flatMap((w) => w.items);
}
