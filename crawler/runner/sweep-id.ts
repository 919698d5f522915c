import { randomUUID } from 'node:crypto';

/** `<site>-<yyyymmddhhmmss>-<8 hex>`: sorts by start time, unique without coordination, for either runner. */
export function newSweepId(site: string, at = new Date()): string {
  return `${site}-${at
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${randomUUID().slice(0, 8)}`;
}
