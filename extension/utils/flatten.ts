/**
 * A prepared notice's JSON as the rows a platform's web form asks for: one
 * `path → text` pair per filled field (`works[0].items[1].url`), so a
 * reviewer pastes them one by one. Empty values are left out.
 */
export function flattenFields(value: unknown, path = ''): [string, string][] {
  if (value === null || value === undefined || value === '') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => flattenFields(v, `${path}[${i}]`));
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      flattenFields(v, path ? `${path}.${k}` : k),
    );
  return [[path, String(value)]];
}
