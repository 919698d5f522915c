import { z } from 'zod';

/** An http(s) URL as messages carry it (the page's own address or a listing's link). */
export const HttpUrlSchema = z
  .string()
  .max(4096)
  .refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL');
