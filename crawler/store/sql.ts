/**
 * A timestamptz column as ISO 8601 in UTC, written in SQL so PGlite and
 * PostgreSQL give the same string whatever the session's time zone.
 * `us` keeps microseconds (what keyset cursors compare), `ms` milliseconds.
 */
export function isoUtc(column: string, precision: 's' | 'ms' | 'us' = 's'): string {
  const fraction = precision === 's' ? '' : precision === 'ms' ? '.MS' : '.US';
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS${fraction}"Z"')`;
}
