import type { FastifyInstance } from 'fastify';
import { cleanString, cleanStrings, unstorable } from '../../shared/text';
import { ApiError } from './errors';

/*
 * PostgreSQL stores neither NUL (U+0000) in text nor a lone UTF-16 surrogate
 * in jsonb, and both reach a query as a 500. Query strings and path
 * parameters are names and filters a client chose: one carrying either is
 * refused (400, naming the field). JSON bodies carry what people and pages
 * wrote: NUL is removed and a lone surrogate becomes U+FFFD, the same
 * clean-up the extractor applies to page text.
 */

/** The first string in a query or params object that cannot be stored, with its field name. */
function firstUnstorable(values: unknown): { field: string; reason: string } | undefined {
  if (typeof values !== 'object' || values === null) return undefined;
  for (const [key, v] of Object.entries(values)) {
    const keyReason = unstorable(key);
    if (keyReason) return { field: cleanString(key), reason: `name ${keyReason}` };
    for (const s of Array.isArray(v) ? v : [v]) {
      if (typeof s !== 'string') continue;
      const reason = unstorable(s);
      if (reason) return { field: key, reason };
    }
  }
  return undefined;
}

/** Refuses unstorable query strings and path parameters; cleans bodies. Before validation, after authentication. */
export function installInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [where, values] of [
      ['params', req.params],
      ['querystring', req.query],
    ] as const) {
      const bad = firstUnstorable(values);
      if (bad) throw new ApiError(400, 'invalid_request', `${where} field ${bad.field}: ${bad.reason}`, bad.field);
    }
    // A body kept as text (a catalogue upload, the login form) is cleaned by whoever reads it, piece by piece.
    if (typeof req.body === 'object' && req.body !== null) req.body = cleanStrings(req.body);
  });
}
