/**
 * vitest global setup: the embedded store's initdb template (crawler/store/pglite-template.ts),
 * made once before any test opens a PGlite store, so each new store loads in seconds instead of
 * running initdb (tens of seconds and ~1 GB on this machine) — tests then open them in parallel.
 */
import { buildTemplate } from '../../crawler/store/pglite-template';

export default async function setup(): Promise<void> {
  await buildTemplate();
}
