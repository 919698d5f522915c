import { CatalogueItemSchema, RightsHolderSchema } from '../../shared/model/index';
import type { Draft, DraftItem, ImportOptions } from './draft';
import { describeValue, didYouMean, formatPath, issueText, type CatalogueProblem } from './problems';
import { parsePrice } from './values';

const ITEM_FIELDS = Object.keys(CatalogueItemSchema.shape);
const HOLDER_FIELDS = Object.keys(RightsHolderSchema.shape);
const TOP_FIELDS = ['holders', 'items'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON.parse, or a problem naming the line and column when the engine gives a position. */
function parseJson(text: string, file: string, at?: { row: number; line: number }): { value?: unknown; problem?: CatalogueProblem } {
  if (text.trim() === '') return { problem: { file, message: 'the file is empty' } };
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const reason = raw.replace(/\s*in JSON at position \d+.*$/, '').replace(/, "[^]*" is not valid JSON$/, '');
    if (at) return { problem: { file, ...at, message: `invalid JSON: ${reason}` } };
    const pos = /at position (\d+)/.exec(raw);
    if (!pos) return { problem: { file, message: `invalid JSON: ${reason}` } };
    const before = text.slice(0, Number(pos[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { problem: { file, line, message: `invalid JSON (column ${column}): ${reason}` } };
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

function readItem(raw: unknown, row: number, prefix: string, file: string, options: ImportOptions, problems: CatalogueProblem[], line?: number): DraftItem {
  const at = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  const draft: DraftItem = { row, line, idField: at('id'), holderField: at('holder') };
  if (!isRecord(raw)) {
    problems.push({ file, row, line, field: prefix || undefined, message: `expected an object, got ${describeValue(raw)}` });
    return draft;
  }
  const { input, priceFields } = options.minimal ? relaxItem(raw) : { input: raw, priceFields: false };
  if (typeof input.id === 'string') draft.id = input.id;
  if (typeof input.holder === 'string') draft.holder = input.holder;
  const schema = options.minimal ? CatalogueItemSchema : CatalogueItemSchema.strict();
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
    if (priceFields && path[0] === 'referencePrice' && path.length === 2) path = [path[1] === 'amount' ? 'price' : 'currency'];
    problems.push({ file, row, line, field: formatPath(prefix, path), message: issueText(issue) });
  }
  return draft;
}

function emptyDraft(file: string): Draft {
  return { file, items: [], holders: [], declaredHolderIds: new Set(), holdersGiven: false, unknownHolderHint: 'not in holders', problems: [] };
}

function readHolders(raw: unknown, draft: Draft, options: ImportOptions): void {
  const { file, problems } = draft;
  if (!Array.isArray(raw)) {
    problems.push({ file, field: 'holders', message: `expected a list of holders, got ${describeValue(raw)}` });
    return;
  }
  draft.holdersGiven = raw.length > 0;
  const firstIndex = new Map<string, number>();
  const schema = options.minimal ? RightsHolderSchema : RightsHolderSchema.strict();
  raw.forEach((h, i) => {
    const prefix = `holders[${i}]`;
    if (isRecord(h) && typeof h.id === 'string') {
      const first = firstIndex.get(h.id);
      if (first !== undefined) problems.push({ file, field: `${prefix}.id`, message: `duplicate holder id '${h.id}': already used by holders[${first}]` });
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
        for (const key of issue.keys) problems.push({ file, field: `${prefix}.${key}`, message: `unknown field${didYouMean(key, HOLDER_FIELDS)}` });
      } else {
        problems.push({ file, field: formatPath(prefix, issue.path), message: issueText(issue) });
      }
    }
  });
}

/** `{ holders: [...], items: [...] }` or a bare array of items. */
export function readJsonCatalogue(text: string, file: string, options: ImportOptions): Draft {
  const draft = emptyDraft(file);
  const { value, problem } = parseJson(text.replace(/^\uFEFF/, ''), file);
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
        if (!TOP_FIELDS.includes(key)) draft.problems.push({ file, field: key, message: `unknown top-level field${didYouMean(key, TOP_FIELDS)}; expected holders and items` });
      }
    }
    if (value.holders !== undefined) readHolders(value.holders, draft, options);
    if (!Array.isArray(value.items)) {
      const message = value.items === undefined ? 'required, but missing' : `expected a list of items, got ${describeValue(value.items)}`;
      draft.problems.push({ file, field: 'items', message });
      return draft;
    }
    items = value.items;
    prefix = 'items';
  } else {
    draft.problems.push({ file, message: `expected an object with items (and holders) or a list of items, got ${describeValue(value)}` });
    return draft;
  }
  items.forEach((raw, i) => {
    draft.items.push(readItem(raw, i + 1, `${prefix}[${i}]`, file, options, draft.problems));
  });
  return draft;
}

/** One item per line; blank lines skipped. */
export function readJsonLinesCatalogue(text: string, file: string, options: ImportOptions): Draft {
  const draft = emptyDraft(file);
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let row = 0;
  lines.forEach((lineText, i) => {
    if (lineText.trim() === '') return;
    row++;
    const at = { row, line: i + 1 };
    const { value, problem } = parseJson(lineText, file, at);
    if (problem) {
      draft.problems.push(problem);
      draft.items.push({ ...at, idField: 'id', holderField: 'holder' });
      return;
    }
    draft.items.push(readItem(value, row, '', file, options, draft.problems, at.line));
  });
  return draft;
}
