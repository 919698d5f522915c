/**
 * What the background asks of a content script, checked on arrival. Its own
 * module, apart from the other messages: the content script runs on every
 * page load of the supported sites, and importing messages.ts would build
 * all of the extension's schemas there first.
 */
import { z } from 'zod';
import { HttpUrlSchema } from './http-url';

export const ContentRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('page:snapshot'), listingUrl: HttpUrlSchema.optional() }),
  /** Scan the page again, with the generic extractor where no adapter knows it ("scan this page"). */
  z.object({ type: z.literal('page:scan') }),
]);
