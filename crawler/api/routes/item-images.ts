import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashReference, MIN_QUALITY } from '../../../shared/image';
import { ItemImageUploadedSchema, REFERENCE_PHOTO_MAX_BYTES, REFERENCE_PHOTO_TYPES } from '../../../shared/model';
import { decodeImage, ImageDecodeError } from '../../image';
import { keepPhotoThumbnail } from '../../pipeline';
import type { Store } from '../../store';
import { actorOf } from '../auth';
import { mayWriteCatalogue } from '../catalogue-access';
import { ApiError, notFound } from '../errors';
import type { ReferencePhotos } from '../reference-photos';
import { errors } from '../schemas';

const ItemId = z.object({ itemId: z.string().min(1).max(200) });

const IMAGE_TYPES: readonly string[] = REFERENCE_PHOTO_TYPES;

/**
 * Reference photos uploaded for a catalogue item, beside the ones its
 * `imageUrls` name: decoded with the same caps as a fetched photo, hashed,
 * kept in the evidence store (content-addressed) and as a reference image
 * under `upload:<sha256>`, which a catalogue refresh never drops.
 */
export const itemImageRoutes: FastifyPluginAsyncZod<{
  store: Store;
  photos: ReferencePhotos;
  /** The evidence cap: a photo's is the lower of it and REFERENCE_PHOTO_MAX_BYTES (what the options page checks). */
  maxBytes: number;
}> = async (app, { store, photos, maxBytes: evidenceMaxBytes }) => {
  const maxBytes = Math.min(evidenceMaxBytes, REFERENCE_PHOTO_MAX_BYTES);
  app.post(
    '/v1/items/:itemId/images',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Upload a reference photo for a catalogue item (multipart: the file part `file`)',
        description:
          `At most ${maxBytes} bytes (413); JPEG, PNG, WebP, GIF (first frame) or AVIF. A photo too ` +
          `plain to match (PDQ quality under ${MIN_QUALITY}) or one that cannot be decoded is refused (422) with the ` +
          `reason.`,
        consumes: ['multipart/form-data'],
        params: ItemId,
        response: {
          201: ItemImageUploadedSchema,
          ...errors(400, 403, 404, 413, 422),
        },
      },
    },
    async (req, reply) => {
      const item = await store.catalogue.item(req.params.itemId);
      if (!item || (req.principal.role === 'holder' && item.holder !== req.principal.holderId))
        throw notFound(`item ${req.params.itemId}`, 'itemId');
      mayWriteCatalogue(req.principal, item.holder);
      if (!req.isMultipart())
        throw new ApiError(400, 'invalid_request', 'send multipart/form-data with the file part `file`', 'file');
      let file: { bytes: Buffer; contentType: string } | undefined;
      try {
        for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 5 } })) {
          if (part.type === 'file' && part.fieldname === 'file')
            file = { bytes: await part.toBuffer(), contentType: part.mimetype.split(';')[0]!.trim().toLowerCase() };
          else if (part.type === 'file') await part.toBuffer();
        }
      } catch (e) {
        if (e instanceof ApiError || (e as { statusCode?: number }).statusCode) throw e;
        throw new ApiError(
          400,
          'invalid_multipart',
          `the multipart body cannot be read: ${(e as Error).message}`,
          'file',
        );
      }
      if (!file || file.bytes.byteLength === 0)
        throw new ApiError(400, 'invalid_request', 'no non-empty file part named `file`', 'file');
      if (!IMAGE_TYPES.includes(file.contentType))
        throw new ApiError(415, 'unsupported_type', `a reference photo must be ${IMAGE_TYPES.join(', ')}`, 'file');
      let pixels;
      try {
        pixels = await decodeImage(file.bytes, { maxBytes });
      } catch (err) {
        if (err instanceof ImageDecodeError) throw new ApiError(422, 'unreadable_image', err.message, 'file');
        throw err;
      }
      const hash = hashReference(pixels);
      const quality = Math.max(...hash.whole.views.map((v) => v.quality));
      if (quality < MIN_QUALITY)
        throw new ApiError(
          422,
          'plain_image',
          `the photo has too little detail to be matched (quality ${quality}, at least ${MIN_QUALITY})`,
          'file',
        );
      const sha256 = await store.evidence.save(file.bytes, {
        kind: 'reference_image',
        contentType: file.contentType,
        capturedAt: new Date().toISOString(),
      });
      const url = `upload:${sha256}`;
      await store.images.saveReference({
        itemId: item.id,
        url,
        sha256,
        contentType: file.contentType,
        width: pixels.width,
        height: pixels.height,
        hash,
        thumbSha256: await keepPhotoThumbnail(store, pixels),
      });
      await store.audit.append({
        actor: actorOf(req.principal),
        action: 'item.image_upload',
        target: `item:${item.id}`,
        after: { url, width: pixels.width, height: pixels.height, quality },
      });
      photos.invalidate();
      return reply
        .code(201)
        .send({ itemId: item.id, url, sha256, width: pixels.width, height: pixels.height, quality });
    },
  );
};
