import { HASH_VERSION } from '../../shared/image/image-hash';
import { refreshStaleReferences } from '../pipeline';
import { configFrom, withStore, type GlobalOptions } from './context';
import { politeFetcher } from './sweep-setup';

/**
 * `images rehash`: reference photos hashed by an older hash function hashed
 * again — uploaded ones from their kept bytes, URL ones fetched again through
 * the fetch stage (unless --no-fetch) — so none is left out of matching after
 * an upgrade. `serve` does the same at start; this is for a store no serve
 * process has opened since.
 */
export async function imagesRehashCommand(o: GlobalOptions & { fetch?: boolean }): Promise<void> {
  const config = configFrom(o);
  await withStore(config, async (store) => {
    const fetcher = o.fetch === false ? undefined : politeFetcher(config);
    try {
      const r = await refreshStaleReferences(store, await store.catalogue.items(), fetcher);
      console.log(
        `images rehash: hash version ${HASH_VERSION}: ${r.rehashed} uploaded photos re-hashed from their bytes, ` +
          `${r.hashed} photos fetched and hashed, ${r.unchanged} unchanged, ${r.failed} failed` +
          (fetcher ? '' : ' (URL photos not fetched: --no-fetch)'),
      );
    } finally {
      await fetcher?.close();
    }
  });
}
