import { CsvError, parse as parseCsvStream, type Options as CsvOptions } from 'csv-parse';
import { cleanString } from '../../shared/text';
import type { Steps } from './steps';
import { CatalogueItemSchema, RightsHolderSchema } from '../../shared/model/index';
import type { Draft, DraftItem, ImportOptions } from './draft';
import { describeValue, describeWhere, didYouMean, issueText, type CatalogueProblem, type Where } from './problems';
import { parsePrice, parseRegistration, parseRuntime, PRICE_FORMS, RUNTIME_FORMS, splitList } from './values';

/** Item columns, in the order a template would list them. */
export const CSV_COLUMNS = [
  'id',
  'holder',
  'ip_type',
  'title',
  'aliases',
  'brand_terms',
  'model_numbers',
  'registrations',
  'category',
  'reference_price',
  'currency',
  'authorised_sellers',
  'official_domains',
  'image_urls',
  'runtime',
  'territories',
] as const;
/**
 * Optional columns that create holders (one holder id may span many rows): each column and the
 * profile field it fills, `agent.*` the holder's agent's. Together they hold every element a
 * notice regime asks of a holder (GET /v1/holders/{id}/readiness says which are still missing).
 */
const HOLDER_FIELD_OF_COLUMN = {
  holder_name: 'name',
  holder_contact: 'contact',
  holder_email: 'email',
  holder_phone: 'phone',
  holder_address: 'address',
  holder_city: 'city',
  holder_region: 'region',
  holder_postal_code: 'postalCode',
  holder_country: 'country',
  holder_identity_number: 'identityNumber',
  holder_signatory: 'signatory.name',
  holder_signatory_title: 'signatory.title',
  agent_name: 'agent.name',
  agent_email: 'agent.email',
  agent_phone: 'agent.phone',
  agent_address: 'agent.address',
  agent_city: 'agent.city',
  agent_postal_code: 'agent.postalCode',
  agent_country: 'agent.country',
  agent_identity_number: 'agent.identityNumber',
  agent_authorisation: 'agent.authorisation',
} as const;
type HolderColumn = keyof typeof HOLDER_FIELD_OF_COLUMN;
export const CSV_HOLDER_COLUMNS = Object.keys(HOLDER_FIELD_OF_COLUMN) as HolderColumn[];
const COLUMN_OF_HOLDER_FIELD: Record<string, string> = Object.fromEntries(
  Object.entries(HOLDER_FIELD_OF_COLUMN).map(([column, field]) => [field, column]),
);
/** Minimal mode only: `price` is read as `reference_price`. */
const MINIMAL_COLUMNS = ['price'];

/** Model field -> CSV column, for naming zod issues. */
const COLUMN_OF: Record<string, string> = {
  id: 'id',
  holder: 'holder',
  ipType: 'ip_type',
  title: 'title',
  aliases: 'aliases',
  brandTerms: 'brand_terms',
  modelNumbers: 'model_numbers',
  registrations: 'registrations',
  category: 'category',
  referencePrice: 'reference_price',
  authorisedSellers: 'authorised_sellers',
  officialDomains: 'official_domains',
  imageUrls: 'image_urls',
  runtimeSeconds: 'runtime',
  territories: 'territories',
};

type Cells = Record<string, string | undefined>;

/**
 * Physical start line of every record (header first), skipping blank lines the
 * way csv-parse's `skip_empty_lines` does. csv-parse's own `info.lines` is the
 * line a record ends on (and runs one ahead on some CRLF files), so the line
 * numbers in messages come from here and csv-parse's record count indexes them.
 */
export function* scanRecordLines(text: string): Steps<{ starts: number[]; unclosedQuoteLine?: number }> {
  const starts: number[] = [];
  let line = 1;
  let recordLine = 1;
  let hasContent = false;
  let fieldStart = true;
  let inQuotes = false;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    if ((i & 0xffff) === 0xffff) yield;
    const c = text.charCodeAt(i);
    if (c === LF) line++;
    if (inQuotes) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === LF) {
      if (hasContent) starts.push(recordLine);
      hasContent = false;
      fieldStart = true;
      continue;
    }
    if (c === CR && text.charCodeAt(i + 1) === LF) continue;
    if (!hasContent) {
      hasContent = true;
      recordLine = line;
    }
    if (c === QUOTE && fieldStart) {
      inQuotes = true;
      quoteLine = line;
    }
    fieldStart = c === COMMA;
  }
  if (hasContent) starts.push(recordLine);
  return inQuotes ? { starts, unclosedQuoteLine: quoteLine } : { starts };
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** csv-parse's incremental parser, as its stream class drives it (the sync API is the same call over one buffer). */
interface CsvIncremental {
  parse(buf: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
}

/** Characters handed to csv-parse at a time: a bounded step. */
const CSV_CHUNK = 64 * 1024;

/**
 * Feeds `text` to csv-parse a chunk at a time (a step each); records arrive
 * through the options' `on_record`. A structural error ends the parse and is returned.
 */
function* parseCsvSteps(text: string, options: CsvOptions): Steps<unknown> {
  const api = (parseCsvStream(options) as unknown as { api: CsvIncremental }).api;
  const ignore = () => {};
  for (let from = 0; from < text.length;) {
    let to = Math.min(text.length, from + CSV_CHUNK);
    // Never split a surrogate pair: each chunk must be valid UTF-16 to become valid UTF-8.
    if (to < text.length && (text.charCodeAt(to - 1) & 0xfc00) === 0xd800) to--;
    const err = api.parse(Buffer.from(text.slice(from, to)), false, ignore, ignore);
    if (err !== undefined) return err;
    from = to;
    yield;
  }
  return api.parse(undefined, true, ignore, ignore);
}

/** Cells as the store can hold them (no NUL, no lone surrogate). */
function cleanCells(cells: Cells): Cells {
  for (const [k, v] of Object.entries(cells)) if (v !== undefined) cells[k] = cleanString(v);
  return cells;
}

/** Header names: trimmed, lower case, spaces and dashes as underscores. */
function columnKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function structuralProblem(
  err: CsvError,
  file: string,
  starts: number[],
  unclosedQuoteLine: number | undefined,
): CatalogueProblem {
  const inHeader = err.header === true;
  const records = typeof err.records === 'number' ? err.records : undefined;
  const row = inHeader || records === undefined ? undefined : records + 1;
  const line =
    (inHeader ? starts[0] : row !== undefined ? starts[row] : undefined) ??
    (typeof err.lines === 'number' ? err.lines : undefined);
  const field = typeof err.column === 'string' && err.column !== '' ? err.column : undefined;
  const at = { file, row, line };
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        ...at,
        line: unclosedQuoteLine ?? line,
        message: 'a quoted field opened here is never closed (missing closing ")',
      };
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const got = Array.isArray(err.record) ? `, got ${err.record.length}` : '';
      const expected = Array.isArray(err.columns) ? `${err.columns.length} ` : '';
      return {
        ...at,
        message:
          `wrong number of fields: expected ${expected}as in the header${got} (quote fields that contain ` + `commas)`,
      };
    }
    case 'INVALID_OPENING_QUOTE':
      return {
        ...at,
        field,
        message: 'a quote inside an unquoted field: quote the whole field and double the quote, e.g. "27"" TV"',
      };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return {
        ...at,
        field,
        message: 'text after a closing quote: a quote inside a quoted field must be doubled ("")',
      };
    default:
      return { ...at, message: `malformed CSV: ${err.message}` };
  }
}

interface HolderEntry {
  id: string;
  first: Where;
  values: Partial<Record<HolderColumn, { value: string; where: Where }>>;
}

/** One CSV data row -> model input, collecting problems named by column. */
function rowToInput(
  cells: Cells,
  minimal: boolean,
  report: (field: string, message: string) => void,
): Record<string, unknown> {
  const text = (col: string): string | undefined => {
    const v = cells[col]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const input: Record<string, unknown> = {
    id: text('id'),
    holder: text('holder') ?? (minimal ? 'unknown' : undefined),
    ipType:
      text('ip_type')
        ?.toLowerCase()
        .replace(/[\s-]+/g, '_') ?? (minimal ? 'trademark' : undefined),
    title: text('title'),
    aliases: splitList(text('aliases')),
    brandTerms: splitList(text('brand_terms')),
    modelNumbers: splitList(text('model_numbers')),
    category: text('category'),
    authorisedSellers: splitList(text('authorised_sellers')),
    officialDomains: splitList(text('official_domains')),
    imageUrls: splitList(text('image_urls')),
    territories: splitList(text('territories')).map((t) => t.toUpperCase()),
  };

  input.registrations = splitList(text('registrations')).flatMap((entry) => {
    const reg = parseRegistration(entry);
    if (!reg) report('registrations', `expected OFFICE:NUMBER such as CNIPA:12345678, got ${describeValue(entry)}`);
    return reg ? [reg] : [];
  });

  const priceColumn = text('reference_price') !== undefined || !minimal ? 'reference_price' : 'price';
  const priceText = text(priceColumn);
  if (priceText !== undefined) {
    const amount = parsePrice(priceText);
    const currency = text('currency')?.toUpperCase();
    if (amount === undefined) report(priceColumn, `expected ${PRICE_FORMS}, got ${describeValue(priceText)}`);
    if (currency === undefined) report('currency', `required when ${priceColumn} is given`);
    if (amount !== undefined && currency !== undefined) input.referencePrice = { amount, currency };
  }

  const runtime = text('runtime');
  if (runtime !== undefined) {
    const seconds = parseRuntime(runtime);
    if (seconds === undefined) report('runtime', `expected ${RUNTIME_FORMS}, got ${describeValue(runtime)}`);
    else input.runtimeSeconds = seconds;
  }
  return input;
}

/** CSV with a snake_case header; lists `|`-separated; a step per chunk of text and per row. */
export function* readCsvCatalogue(rawText: string, file: string, options: ImportOptions): Steps<Draft> {
  const minimal = options.minimal === true;
  const text = rawText.replace(/^\uFEFF/, '');
  const draft: Draft = {
    file,
    items: [],
    holders: [],
    declaredHolderIds: new Set(),
    holdersGiven: false,
    unknownHolderHint: 'no row gives its holder_name',
    problems: [],
  };
  const { problems } = draft;
  const { starts, unclosedQuoteLine } = yield* scanRecordLines(text);
  let header: string[] | undefined;
  const rows: { cells: Cells; row: number; endLine: number }[] = [];
  let structural = false;
  const error = yield* parseCsvSteps(text, {
    bom: true,
    columns: (names: string[]) => (header = names.map(columnKey)),
    relax_column_count: false,
    skip_empty_lines: true,
    info: true,
    // With `info`, each record arrives as { record, info }; collect them here
    // so rows before a structural error are still checked.
    on_record: (({ record, info }: { record: Cells; info: { records: number; lines: number } }) => {
      rows.push({ cells: cleanCells(record), row: info.records, endLine: info.lines });
      return null;
    }) as never,
  });
  if (error !== undefined) {
    if (!(error instanceof CsvError)) throw error;
    structural = true;
    problems.push(structuralProblem(error, file, starts, unclosedQuoteLine));
  }
  if (header === undefined) {
    if (problems.length === 0)
      problems.push({ file, message: 'the file is empty: expected a header line naming the columns' });
    return draft;
  }
  // Trust the scan when it agrees with csv-parse (it always should); else fall back to csv-parse's line.
  const scanAgrees = structural || starts.length === rows.length + 1;
  const lineOf = (row: number, endLine: number) => (scanAgrees ? (starts[row] ?? endLine) : endLine);

  // Header: unknown, duplicate and missing columns.
  const headerAt = { file, line: starts[0] ?? 1 };
  const allowed: string[] = [...CSV_COLUMNS, ...CSV_HOLDER_COLUMNS, ...(minimal ? MINIMAL_COLUMNS : [])];
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '') {
      if (!minimal) problems.push({ ...headerAt, message: `column ${i + 1} has no name` });
    } else if (seen.has(name)) {
      problems.push({ ...headerAt, field: name, message: 'duplicate column' });
    } else if (!allowed.includes(name) && !minimal) {
      const hint =
        name === 'price' ? ' (use reference_price; price is read only in minimal mode)' : didYouMean(name, allowed);
      problems.push({
        ...headerAt,
        field: name,
        message: `unknown column${hint || `; known columns: ${allowed.join(', ')}`}`,
      });
    }
    seen.add(name);
  });
  const required = minimal ? ['id', 'title'] : ['id', 'holder', 'ip_type', 'title'];
  const missing = new Set(required.filter((c) => !seen.has(c)));
  for (const col of missing) problems.push({ ...headerAt, field: col, message: 'required column missing' });
  draft.holdersGiven = CSV_HOLDER_COLUMNS.some((c) => seen.has(c));

  const holders = new Map<string, HolderEntry>();
  for (const { cells, row, endLine } of rows) {
    const where: Where = { row, line: lineOf(row, endLine) };
    const report = (field: string, message: string) => {
      if (!missing.has(field)) problems.push({ file, ...where, field, message });
    };
    const input = rowToInput(cells, minimal, report);
    const item: DraftItem = { ...where, idField: 'id', holderField: 'holder' };
    if (typeof input.id === 'string') item.id = input.id;
    if (typeof input.holder === 'string') item.holder = input.holder;
    const parsed = CatalogueItemSchema.safeParse(input, { reportInput: true });
    if (parsed.success) item.item = parsed.data;
    for (const issue of parsed.error?.issues ?? []) {
      const [head, ...rest] = issue.path;
      let column = COLUMN_OF[String(head)] ?? String(head);
      if (head === 'referencePrice' && rest[0] === 'currency') column = 'currency';
      const raw = cells[column];
      const got = rest.length === 0 && raw !== undefined ? { value: raw.trim() } : undefined;
      const entry =
        typeof rest[0] === 'number'
          ? `entry ${rest[0] + 1}${rest.length > 1 ? ` ${rest.slice(1).join('.')}` : ''}: `
          : '';
      const empty = issue.code === 'invalid_type' && issue.input === undefined && raw !== undefined;
      report(column, empty ? 'required, but empty' : entry + issueText(issue, got));
    }
    draft.items.push(item);
    yield;

    if (!draft.holdersGiven || item.holder === undefined) continue;
    const entry = holders.get(item.holder) ?? { id: item.holder, first: where, values: {} };
    let given = false;
    for (const key of CSV_HOLDER_COLUMNS) {
      const value = cells[key]?.trim();
      if (!value) continue;
      given = true;
      const prior = entry.values[key];
      if (!prior) entry.values[key] = { value, where };
      else if (prior.value !== value) {
        report(
          key,
          `holder '${entry.id}' was given ${describeValue(prior.value)} in ${describeWhere(prior.where)}, got ` +
            `${describeValue(value)}`,
        );
      }
    }
    if (given && !holders.has(item.holder)) holders.set(item.holder, entry);
  }

  for (const entry of holders.values()) {
    draft.declaredHolderIds.add(entry.id);
    const input: Record<string, unknown> = { id: entry.id };
    for (const [column, given] of Object.entries(entry.values)) {
      const [head, sub] = HOLDER_FIELD_OF_COLUMN[column as HolderColumn].split('.') as [string, string?];
      if (sub === undefined) input[head] = given.value;
      else input[head] = { ...(input[head] as object | undefined), [sub]: given.value };
    }
    const parsed = RightsHolderSchema.safeParse(input, { reportInput: true });
    if (parsed.success) {
      draft.holders.push(parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const column = path === 'id' ? 'holder' : COLUMN_OF_HOLDER_FIELD[path];
      const source = column ? entry.values[column as HolderColumn]?.where : undefined;
      const message =
        path === 'name' && !source
          ? `holder '${entry.id}' has no holder_name in any row`
          : path === 'agent.name' && !source
            ? `holder '${entry.id}' has agent_* columns but no agent_name in any row`
            : issueText(issue);
      problems.push({ file, ...(source ?? entry.first), field: column ?? path, message });
    }
  }
  return draft;
}
