import { z } from 'zod';
import { FlagReasonSchema, HitStatusSchema, RoleSchema, SignalSchema } from '../../shared/model';
import { ApiError } from './errors';

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional(), problems: z.array(z.string()).optional() }) })
  .describe('Error: a stable code, a message, and the field at fault');

/** The error answers a route can give, for its OpenAPI entry. */
export const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 413 | 422 | 429)[]) =>
  Object.fromEntries([401, 429, ...codes].map((c) => [c, ErrorSchema])) as Record<number, typeof ErrorSchema>;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex (64 characters)');
export const IdParam = z.object({ id: z.coerce.number().int().positive() });

export const PrincipalSchema = z.object({ tokenId: z.string(), name: z.string(), role: RoleSchema, holderId: z.string().nullable() });

export const EvidenceRefSchema = z.object({ sha256: z.string(), kind: z.string(), contentType: z.string(), size: z.number(), capturedAt: z.string() });

export const HitViewSchema = z.object({
  id: z.number().int(),
  status: HitStatusSchema,
  score: z.number(),
  signals: z.array(SignalSchema),
  listingUrl: z.string(),
  site: z.string(),
  kind: z.string(),
  title: z.string(),
  price: z.number().nullable(),
  currency: z.string().nullable(),
  sellerId: z.string().nullable(),
  sellerName: z.string().nullable(),
  itemId: z.string(),
  itemTitle: z.string(),
  holderId: z.string(),
  evidence: z.array(EvidenceRefSchema),
  flag: z.object({ by: z.string(), reason: FlagReasonSchema, note: z.string().nullable(), at: z.string() }).nullable(),
  sellerRisk: z.number().nullable().describe("the seller's repeat-infringer risk, 0..1"),
  sellerBlacklisted: z.boolean(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  updatedAt: z.string(),
});

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
});

export const CaseSummarySchema = z.object({
  id: z.number().int(),
  holderId: z.string(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  assignee: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  hitIds: z.array(z.number().int()),
});
export const CaseViewSchema = CaseSummarySchema.extend({
  comments: z.array(z.object({ id: z.number().int(), author: z.string(), body: z.string(), at: z.string() })),
});

export { FlagReasonSchema, HitStatusSchema };

/** Opaque page cursors: the last row's sort key, base64url JSON. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ApiError(400, 'invalid_request', 'querystring field cursor: not a cursor this API gave out', 'cursor');
  }
}

/** A page size: default `def`, at most `max` (a larger ask is refused, not silently cut). */
export const limitParam = (def: number, max: number) =>
  z.coerce.number().int().min(1).max(max, `at most ${max} per page`).default(def).describe(`page size, ≤ ${max}`);
