import { z } from 'zod';
import { lazy } from './lazy';

/**
 * ISO 4217 alphabetic code. Its own module, built on first use: a listing
 * needs it without the catalogue's and holders' schemas, and the extension's
 * content script loads the listing's on every page (see lazy.ts).
 */
export const currencySchema = lazy(() => z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD or CNY'));
