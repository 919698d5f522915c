/** Cell and field value readers shared by the CSV and JSON importers. */

/** `a|b| c` -> ['a', 'b', 'c']; empty entries dropped. */
export function splitList(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `1299`, `1299.5`, `1,299.00` -> number; anything else (incl. `1,5`) -> undefined. */
export function parsePrice(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t) || /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  return undefined;
}

export const PRICE_FORMS = 'a number such as 1299 or 1,299.00';

/**
 * Runtime in seconds from `6720`, `1:52:00` (H:MM:SS), `112:00` (MM:SS) or
 * `1h52m` / `1h 52m 30s` / `95min` / `90s`. Undefined when unreadable.
 */
export function parseRuntime(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  let m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(t);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  m = /^(\d+):([0-5]\d)$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$/.exec(t);
  if (m && (m[1] ?? m[2] ?? m[3]) !== undefined) {
    return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  }
  return undefined;
}

export const RUNTIME_FORMS = 'seconds, H:MM:SS, MM:SS or a duration such as 1h52m';

/** `CNIPA:12345678` -> { office, number }; undefined without an office and a number. */
export function parseRegistration(text: string): { office: string; number: string } | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const office = text.slice(0, colon).trim();
  const number = text.slice(colon + 1).trim();
  return office && number ? { office, number } : undefined;
}
