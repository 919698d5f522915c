import { z } from 'zod';
import { ApiErrorSchema, HitStatusSchema, HitViewSchema } from '../../shared/model';
import { ApiError } from './errors';
import { unstorable } from '../../shared/text';

export const ErrorSchema = ApiErrorSchema;

/** The error answers a route can give, for its OpenAPI entry. */
export const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 413 | 422 | 429)[]) =>
  Object.fromEntries([401, 429, ...codes].map((c) => [c, ErrorSchema])) as Record<number, typeof ErrorSchema>;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex (64 characters)');
export const IdParam = z.object({ id: z.coerce.number().int().positive() });

export { HitViewSchema };

export { AuditEntrySchema, CaseSummarySchema, CaseViewSchema } from '../../shared/model';

export { HitStatusSchema };

/** Opaque page cursors: the last row's sort key, base64url JSON. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    // A cursor's strings go into SQL as they are: one the store cannot take is as tampered as a wrong type.
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'), (_k, v: unknown) => {
      if (typeof v === 'string' && unstorable(v)) throw new Error('unstorable string');
      return v;
    });
    return schema.parse(decoded);
  } catch {
    throw new ApiError(400, 'invalid_request', 'querystring field cursor: not a cursor this API gave out', 'cursor');
  }
}

/** A keyset cursor's timestamp: ISO 8601 UTC as the store writes it, and a real date (no 30 February). */
export const CursorTimestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/)
  .refine((v) => {
    const d = new Date(v);
    return !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1000 && d.toISOString().slice(0, 10) === v.slice(0, 10);
  });

/** A page size: default `def`, at most `max` (a larger ask is refused, not silently cut). */
export const limitParam = (def: number, max: number) =>
  z.coerce.number().int().min(1).max(max, `at most ${max} per page`).default(def).describe(`page size, ≤ ${max}`);
