import { loadConfig, type Config } from '../config';
import { openStore, type Store } from '../store';

/** A user-facing failure: printed as one line, exit code 1, no stack unless --verbose. */
export class CliError extends Error {}

export interface GlobalOptions {
  dataDir?: string;
  verbose?: boolean;
}

export function configFrom(opts: GlobalOptions, overrides: Partial<Config> = {}): Config {
  return loadConfig(process.env, { ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...overrides });
}

/** Opens the store for one command and always closes it; `thread`: see StoreOptions. */
export async function withStore<T>(
  config: Config,
  fn: (store: Store) => Promise<T>,
  o: { thread?: boolean } = {},
): Promise<T> {
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    evidenceDir: config.evidenceDir,
    evidenceStore: config.evidenceStore,
    ...(o.thread ? { thread: true } : {}),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function parseNumber(
  name: string,
  value: string,
  { min, max, int }: { min?: number; max?: number; int?: boolean } = {},
): number {
  const n = Number(value);
  if (
    !Number.isFinite(n) ||
    (int && !Number.isInteger(n)) ||
    (min !== undefined && n < min) ||
    (max !== undefined && n > max)
  ) {
    const range = [min !== undefined ? `≥ ${min}` : '', max !== undefined ? `≤ ${max}` : '']
      .filter(Boolean)
      .join(' and ');
    throw new CliError(
      `${name}: expected ${int ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}, got "${value}"`,
    );
  }
  return n;
}
