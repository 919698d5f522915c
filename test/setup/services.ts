/**
 * Where the tests find Redis and PostgreSQL. The vitest global setup (test/setup/global-services.ts)
 * fills these in: the machine's own servers when they answer, else servers it started itself.
 */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A superuser connection to a maintenance database; each test creates and drops its own database. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
