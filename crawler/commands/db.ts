import { createDatabase } from '../store/create-database';
import { CliError, configFrom, withStore, type GlobalOptions } from './context';

/** `db create`: the fleet's PostgreSQL database, created if missing and migrated, so no `createdb` by hand. */
export async function dbCreateCommand(opts: GlobalOptions): Promise<void> {
  const config = configFrom(opts);
  if (!config.databaseUrl)
    throw new CliError('db create: DATABASE_URL is not set (the embedded store in the data dir needs no database)');
  const url = new URL(config.databaseUrl);
  const where = `${url.hostname || 'localhost'}:${url.port || '5432'}`;
  const { database, created } = await createDatabase(config.databaseUrl).catch((err: unknown) => {
    throw new CliError(`db create: ${where}: ${err instanceof Error ? err.message : String(err)}`);
  });
  // Opening the store runs the migrations (under a lock), so the tables are there before any worker starts.
  await withStore(config, async () => {});
  console.log(`database ${database} on ${where} ${created ? 'created' : 'already there'}; migrations applied`);
}
