/**
 * What the background asks of a content script, checked on arrival. Its own
 * module, apart from the other messages: the content script runs on every
 * page load of the supported sites, and importing messages.ts would build
 * all of the extension's schemas there first. This one is built on the
 * first message (shared/model/lazy.ts).
 */
import { z } from 'zod';
import { lazy } from '../../shared/model/lazy';
import { httpUrlSchema } from './http-url';

export const contentRequestSchema = lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('page:snapshot'), listingUrl: httpUrlSchema().optional() }),
    /** Scan the page again, with the generic extractor where no adapter knows it ("scan this page"). */
    z.object({ type: z.literal('page:scan') }),
  ]),
);
