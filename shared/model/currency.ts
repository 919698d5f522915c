import { z } from 'zod';

/**
 * ISO 4217 alphabetic code. Its own module: a listing needs it without the
 * catalogue's and holders' schemas (the extension's content script builds
 * the listing schema on every page load).
 */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD or CNY');
