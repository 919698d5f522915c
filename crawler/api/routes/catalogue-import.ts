import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { parseCatalogueSliced } from '../../catalogue';
import type { Store } from '../../store';
import { actorOf } from '../auth';
import { holderItemIds, isHolderRecord, mayWriteCatalogue } from '../catalogue-access';
import type { CatalogueMatchers } from '../catalogue-matchers';
import { ApiError, forbidden } from '../errors';
import { errors } from '../schemas';

/** A whole catalogue is larger than any other request body. */
export const IMPORT_BODY_LIMIT = 64 * 1_048_576;

/**
 * Before the body is read: the role, so a reviewer's 60 MB upload is refused
 * (403) at once instead of after it has been received and parsed. Route
 * `onRequest` hooks run after the app's, i.e. after authentication.
 */
async function mayImport(req: FastifyRequest): Promise<void> {
  if (req.principal.role === 'reviewer') throw forbidden('reviewers read the catalogue; holders and admins change it');
}

/**
 * The body as text, decoded chunk by chunk as it arrives: Fastify's own
 * string parser decodes all of it at once at the end, a long pause for 60 MB.
 * Invalid UTF-8 becomes U+FFFD, as there; the size cap is checked on the way.
 */
async function readText(req: FastifyRequest, payload: AsyncIterable<Buffer>): Promise<string> {
  const tooLarge = () =>
    new ApiError(413, 'too_large', `a catalogue upload is at most ${IMPORT_BODY_LIMIT / 1_048_576} MiB`);
  if (Number(req.headers['content-length'] ?? 0) > IMPORT_BODY_LIMIT) throw tooLarge();
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let bytes = 0;
  for await (const chunk of payload) {
    bytes += chunk.length;
    if (bytes > IMPORT_BODY_LIMIT) throw tooLarge();
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * `POST /v1/catalogue/import`, in a plugin of its own: here a JSON body is
 * kept as text (the importer parses it item by item, in time slices), where
 * every other route has it parsed whole by Fastify.
 */
export const catalogueImportRoute: FastifyPluginAsyncZod<{ store: Store; matchers: CatalogueMatchers }> = async (
  app,
  { store, matchers },
) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    ['application/json', 'text/csv'],
    async (req: FastifyRequest, payload: AsyncIterable<Buffer>) => readText(req, payload),
  );

  app.post(
    '/v1/catalogue/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      onRequest: mayImport,
      schema: {
        tags: ['catalogue'],
        summary: 'Import a whole catalogue (JSON body, or CSV as text/csv): every row or none',
        description: [
          'The same validation as `counterscan import`; problems are listed by row, line and field. Parsed and ' +
            'checked in small steps, so the server keeps answering meanwhile.',
          "A holder's import adds and changes its own items only: holder records (`holders`, or the CSV " +
            'holder_* columns) are refused (403) — an admin changes them with `PUT /v1/holders/{id}`.',
          "A holder's new item ids go into its namespace: an id it does not already own is stored as `<holder " +
            "id>:<id>` (listed in `renamed`), so no holder can collide with, or learn of, another's ids.",
        ].join('\n\n'),
        response: {
          200: z.object({ holders: z.number(), items: z.number(), renamed: z.record(z.string(), z.string()) }),
          ...errors(400, 403, 409, 413),
        },
      },
    },
    async (req) => {
      const csv = /^text\/csv\b/i.test(req.headers['content-type'] ?? '');
      const text = typeof req.body === 'string' ? req.body : '';
      // Up to 64 MiB that need not outlive the parse (a smaller heap, shorter GC pauses while storing).
      req.body = undefined;
      let catalogue = await parseCatalogueSliced(text, csv ? 'upload.csv' : 'upload.json');
      const holders = new Set([...catalogue.holders.map((h) => h.id), ...catalogue.items.map((i) => i.holder)]);
      for (const h of holders) mayWriteCatalogue(req.principal, h);
      const renamed: Record<string, string> = {};
      if (req.principal.role === 'holder') {
        const record = catalogue.holders.find(isHolderRecord);
        if (record) {
          throw new ApiError(
            403,
            'forbidden',
            `holder records are changed by admins (PUT /v1/holders/${record.id}); leave ` +
              `${csv ? 'the holder_* and agent_* columns' : 'holders'} out of a holder's import`,
            csv ? 'holder_name' : 'holders',
          );
        }
        const ids = await holderItemIds(
          store,
          req.principal.holderId!,
          catalogue.items.map((i) => i.id),
        );
        const seen = new Map<string, string>();
        catalogue = {
          holders: [],
          items: catalogue.items.map((item, i) => {
            const id = ids[i]!;
            const first = seen.get(id);
            if (first !== undefined)
              throw new ApiError(
                400,
                'invalid_request',
                `items '${first}' and '${item.id}' are both stored as '${id}' (a new id goes into your namespace); ` +
                  `keep one`,
                'id',
              );
            seen.set(id, item.id);
            if (id !== item.id) renamed[item.id] = id;
            return id === item.id ? item : { ...item, id };
          }),
        };
      }
      const counts = await store.catalogue.upsert(catalogue);
      await store.audit.append({
        actor: actorOf(req.principal),
        action: 'catalogue.import',
        target: `holders:${[...holders].sort().join(',')}`,
        after: { ...counts, renamed: Object.keys(renamed).length },
      });
      matchers.invalidate();
      return { ...counts, renamed };
    },
  );
};
