import { z } from 'zod';
import { lazy } from '../../shared/model/lazy';

/**
 * An http(s) URL as messages carry it (the page's own address or a listing's link). Built on first use, as the
 * content script's schemas are (shared/model/lazy.ts).
 */
export const httpUrlSchema = lazy(() =>
  z
    .string()
    .max(4096)
    .refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL'),
);
