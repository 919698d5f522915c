import pg from 'pg';

/**
 * Creates the database a `postgres://` URL names, on the server it names, unless it exists. It connects
 * to the server's `postgres` maintenance database as the URL's user, who needs the CREATEDB right.
 */
export async function createDatabase(url: string): Promise<{ database: string; created: boolean }> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!database) throw new Error('DATABASE_URL names no database (postgres://user@host:5432/<database>)');
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return { database, created: false };
    // CREATE DATABASE takes no parameters: the name is quoted as an identifier instead.
    await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
    return { database, created: true };
  } finally {
    await client.end();
  }
}
