import { CatalogueItemSchema, RightsHolderInputSchema, RightsHolderSchema } from '../../shared/model/index';
import type { Draft, DraftItem, ImportOptions } from './draft';
import { describeValue, didYouMean, formatPath, issueText, type CatalogueProblem } from './problems';
import { parsePrice } from './values';
import { JsonSyntaxError, parseJsonSteps } from './json-steps';
import type { Steps } from './steps';
import { cleanStrings } from '../../shared/text';

const ITEM_FIELDS = Object.keys(CatalogueItemSchema.shape);
const HOLDER_FIELDS = Object.keys(RightsHolderSchema.shape);
const TOP_FIELDS = ['holders', 'items'];
// Built once: zod compiles a schema on its first use, and that costs far more than checking an item.
const STRICT_ITEM = CatalogueItemSchema.strict();
const STRICT_HOLDER = RightsHolderInputSchema;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonReason(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  return raw.replace(/\s*in JSON at position \d+.*$/, '').replace(/, "[^]*" is not valid JSON$/, '');
}

/** JSON.parse of one JSON Lines line, or a problem naming its row and line. */
function parseJsonLine(
  text: string,
  file: string,
  at: { row: number; line: number },
): { value?: unknown; problem?: CatalogueProblem } {
  try {
    return { value: cleanStrings(JSON.parse(text)) };
  } catch (e) {
    return { problem: { file, ...at, message: `invalid JSON: ${jsonReason(e)}` } };
  }
}

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < position; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: position - lineStart + 1 };
}

/** The whole document, parsed in steps, or a problem naming the line and column of the fault. */
function* parseJsonDocument(text: string, file: string): Steps<{ value?: unknown; problem?: CatalogueProblem }> {
  if (text.trim() === '') return { problem: { file, message: 'the file is empty' } };
  try {
    return { value: yield* parseJsonSteps(text) };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    if (e.position === undefined) return { problem: { file, message: `invalid JSON: ${e.message}` } };
    const { line, column } = lineAndColumn(text, e.position);
    return { problem: { file, line, message: `invalid JSON (column ${column}): ${e.message}` } };
  }
}

/**
 * Minimal mode: defaults for holder and IP type, `price` + `currency` as the
 * reference price, nulls as absent. `priceFields` says the price came from `price`, for naming fields in messages.
 */
function relaxItem(raw: Record<string, unknown>): { input: Record<string, unknown>; priceFields: boolean } {
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== null) input[k] = v;
  input.holder ??= 'unknown';
  input.ipType ??= 'trademark';
  let priceFields = false;
  if (input.referencePrice === undefined && input.price !== undefined) {
    const amount = typeof input.price === 'string' ? (parsePrice(input.price) ?? input.price) : input.price;
    const currency = typeof input.currency === 'string' ? input.currency.trim().toUpperCase() : input.currency;
    input.referencePrice = { amount, currency };
    priceFields = true;
  }
  return { input, priceFields };
}

function readItem(
  raw: unknown,
  row: number,
  prefix: string,
  file: string,
  options: ImportOptions,
  problems: CatalogueProblem[],
  line?: number,
): DraftItem {
  const at = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  const draft: DraftItem = { row, line, idField: at('id'), holderField: at('holder') };
  if (!isRecord(raw)) {
    problems.push({
      file,
      row,
      line,
      field: prefix || undefined,
      message: `expected an object, got ${describeValue(raw)}`,
    });
    return draft;
  }
  const { input, priceFields } = options.minimal ? relaxItem(raw) : { input: raw, priceFields: false };
  if (typeof input.id === 'string') draft.id = input.id;
  if (typeof input.holder === 'string') draft.holder = input.holder;
  const schema = options.minimal ? CatalogueItemSchema : STRICT_ITEM;
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) {
    draft.item = parsed.data;
    return draft;
  }
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ file, row, line, field: at(key), message: `unknown field${didYouMean(key, ITEM_FIELDS)}` });
      }
      continue;
    }
    let path: readonly PropertyKey[] = issue.path;
    if (priceFields && path[0] === 'referencePrice' && path.length === 2)
      path = [path[1] === 'amount' ? 'price' : 'currency'];
    problems.push({ file, row, line, field: formatPath(prefix, path), message: issueText(issue) });
  }
  return draft;
}

function emptyDraft(file: string): Draft {
  return {
    file,
    items: [],
    holders: [],
    declaredHolderIds: new Set(),
    holdersGiven: false,
    unknownHolderHint: 'not in holders',
    problems: [],
  };
}

function readHolders(list: unknown, draft: Draft, options: ImportOptions): void {
  const { file, problems } = draft;
  if (!Array.isArray(list)) {
    problems.push({ file, field: 'holders', message: `expected a list of holders, got ${describeValue(list)}` });
    return;
  }
  draft.holdersGiven = list.length > 0;
  const firstIndex = new Map<string, number>();
  const schema = options.minimal ? RightsHolderSchema : STRICT_HOLDER;
  list.forEach((raw, i) => {
    const h = cleanStrings(raw);
    const prefix = `holders[${i}]`;
    if (isRecord(h) && typeof h.id === 'string') {
      const first = firstIndex.get(h.id);
      if (first !== undefined)
        problems.push({
          file,
          field: `${prefix}.id`,
          message: `duplicate holder id '${h.id}': already used by holders[${first}]`,
        });
      else firstIndex.set(h.id, i);
      draft.declaredHolderIds.add(h.id);
    }
    const parsed = schema.safeParse(h, { reportInput: true });
    if (parsed.success) {
      draft.holders.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          problems.push({ file, field: `${prefix}.${key}`, message: `unknown field${didYouMean(key, HOLDER_FIELDS)}` });
      } else {
        problems.push({ file, field: formatPath(prefix, issue.path), message: issueText(issue) });
      }
    }
  });
}

/** `{ holders: [...], items: [...] }` or a bare array of items; a step per item. */
export function* readJsonCatalogue(text: string, file: string, options: ImportOptions): Steps<Draft> {
  const draft = emptyDraft(file);
  const { value, problem } = yield* parseJsonDocument(text.replace(/^\uFEFF/, ''), file);
  if (problem) {
    draft.problems.push(problem);
    return draft;
  }
  let items: unknown[];
  let prefix = '';
  if (Array.isArray(value)) {
    items = value;
  } else if (isRecord(value)) {
    if (!options.minimal) {
      for (const key of Object.keys(value)) {
        if (!TOP_FIELDS.includes(key))
          draft.problems.push({
            file,
            field: key,
            message: `unknown top-level field${didYouMean(key, TOP_FIELDS)}; expected holders and items`,
          });
      }
    }
    if (value.holders !== undefined) readHolders(value.holders, draft, options);
    if (!Array.isArray(value.items)) {
      const message =
        value.items === undefined
          ? 'required, but missing'
          : `expected a list of items, got ${describeValue(value.items)}`;
      draft.problems.push({ file, field: 'items', message });
      return draft;
    }
    items = value.items;
    prefix = 'items';
  } else {
    draft.problems.push({
      file,
      message: `expected an object with items (and holders) or a list of items, got ${describeValue(value)}`,
    });
    return draft;
  }
  for (let i = 0; i < items.length; i++) {
    draft.items.push(readItem(cleanStrings(items[i]), i + 1, `${prefix}[${i}]`, file, options, draft.problems));
    yield;
  }
  return draft;
}

/** One item per line; blank lines skipped; a step per line. */
export function* readJsonLinesCatalogue(text: string, file: string, options: ImportOptions): Steps<Draft> {
  const draft = emptyDraft(file);
  const body = text.replace(/^\uFEFF/, '');
  let row = 0;
  let lineNumber = 0;
  for (let from = 0; from <= body.length;) {
    const nl = body.indexOf('\n', from);
    const lineText = body.slice(from, nl < 0 ? body.length : nl);
    from = nl < 0 ? body.length + 1 : nl + 1;
    lineNumber++;
    if (lineText.trim() === '') continue;
    row++;
    const at = { row, line: lineNumber };
    const { value, problem } = parseJsonLine(lineText, file, at);
    if (problem) {
      draft.problems.push(problem);
      draft.items.push({ ...at, idField: 'id', holderField: 'holder' });
    } else {
      draft.items.push(readItem(value, row, '', file, options, draft.problems, at.line));
    }
    yield;
  }
  return draft;
}
