import { loadCatalogueFile } from '../catalogue';
import { configFrom, withStore, type GlobalOptions } from './context';

/** `import FILE`: validates the whole file first; stores all of it or nothing. */
export async function importCommand(file: string, opts: GlobalOptions): Promise<void> {
  const catalogue = await loadCatalogueFile(file);
  const config = configFrom(opts);
  const counts = await withStore(config, (store) => store.catalogue.upsert(catalogue));
  console.log(`import: ${counts.items} items of ${counts.holders} holders from ${file} into ${config.dataDir}`);
}
