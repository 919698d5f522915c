import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store';
import { scopeOf } from '../auth';
import { ApiError, notFound } from '../errors';
import { errors, Sha256Schema } from '../schemas';

const KIND_TYPES = {
  html: ['text/html'],
  screenshot: ['image/png', 'image/jpeg', 'image/webp'],
  metadata: ['application/json'],
} as const;

const UploadFields = z.object({
  sha256: Sha256Schema,
  kind: z.enum(['html', 'screenshot', 'metadata']),
  capturedAt: z.iso.datetime({ offset: true }),
  listingUrl: z.url({ protocol: /^https?$/ }).optional(),
});

/** What a client may call its file: a label only, printable and short. */
function labelOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
  return clean && clean !== '.' && clean !== '..' ? clean : undefined;
}

export const evidenceRoutes: FastifyPluginAsyncZod<{ store: Store; maxBytes: number }> = async (
  app,
  { store, maxBytes },
) => {
  app.post(
    '/v1/evidence',
    {
      schema: {
        tags: ['evidence'],
        summary:
          'Upload one evidence file (multipart: fields sha256, kind, capturedAt, listingUrl?, then the file ' +
          'part `file`)',
        description:
          `The server hashes the bytes itself and refuses them (422) unless they match \`sha256\`. At ` +
          `most ${maxBytes} bytes (413). Stored under its hash; the file name is kept as a label only.`,
        consumes: ['multipart/form-data'],
        response: {
          201: z.object({ sha256: z.string(), size: z.number().int(), kind: z.string(), contentType: z.string() }),
          ...errors(400, 413, 422),
        },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw new ApiError(
          400,
          'invalid_request',
          'send multipart/form-data with the fields, then the file part `file`',
          'file',
        );
      const fields: Record<string, string> = {};
      let file: { bytes: Buffer; contentType: string; name?: string } | undefined;
      try {
        for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 8192 } })) {
          if (part.type === 'field') fields[part.fieldname] = String(part.value);
          else if (part.fieldname !== 'file')
            throw new ApiError(
              400,
              'invalid_request',
              `unexpected file part '${part.fieldname}'; name it 'file'`,
              part.fieldname,
            );
          else
            file = {
              bytes: await part.toBuffer(),
              contentType: part.mimetype.split(';')[0]!.trim().toLowerCase(),
              name: part.filename,
            };
        }
      } catch (e) {
        // Size and count limits come with their own 4xx status; a broken body is the client's fault too.
        if (e instanceof ApiError || (e as { statusCode?: number }).statusCode) throw e;
        throw new ApiError(
          400,
          'invalid_multipart',
          `the multipart body cannot be read: ${(e as Error).message}`,
          'file',
        );
      }
      const parsed = UploadFields.safeParse(fields);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.join('.');
        throw new ApiError(400, 'invalid_request', `field ${field}: ${issue.message}`, field);
      }
      if (!file) throw new ApiError(400, 'invalid_request', 'no file part named `file`', 'file');
      if (file.bytes.byteLength === 0) throw new ApiError(400, 'invalid_request', 'the file is empty', 'file');
      const { kind, sha256, capturedAt, listingUrl } = parsed.data;
      const allowed: readonly string[] = KIND_TYPES[kind];
      if (!allowed.includes(file.contentType))
        throw new ApiError(
          415,
          'unsupported_type',
          `${kind} evidence must be ${allowed.join(' or ')}, not ${file.contentType}`,
          'file',
        );
      const stored = await store.evidence.saveUpload(
        file.bytes,
        sha256,
        { kind, contentType: file.contentType, capturedAt, listingUrl },
        { tokenId: req.principal.tokenId, holderId: req.principal.holderId, fileName: labelOf(file.name) },
      );
      return reply.code(201).send({ sha256: stored, size: file.bytes.byteLength, kind, contentType: file.contentType });
    },
  );

  app.get(
    '/v1/evidence/:sha256',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Download evidence you may see (its bytes, as uploaded)',
        params: z.object({ sha256: Sha256Schema }),
        response: { ...errors(400, 404) },
      },
    },
    async (req, reply) => {
      const { sha256 } = req.params;
      if (!(await store.evidence.canRead(sha256, { ...scopeOf(req.principal), tokenId: req.principal.tokenId })))
        throw notFound(`evidence ${sha256}`, 'sha256');
      const found = await store.evidence.read(sha256);
      if (!found) throw notFound(`evidence ${sha256}`, 'sha256');
      // Captured pages are hostile: never let one run as this origin.
      return reply
        .header('content-type', found.contentType)
        .header('content-disposition', `attachment; filename="${sha256}"`)
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(found.bytes as never);
    },
  );
};
