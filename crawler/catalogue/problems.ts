import type { z } from 'zod';

/** One thing wrong with an import, located as precisely as the format allows. */
export interface CatalogueProblem {
  file: string;
  /** 1-based item number: CSV data row (header not counted), JSON array index + 1. */
  row?: number;
  /** 1-based physical line in the file, where the row (or the fault) starts. */
  line?: number;
  /** CSV column name, or JSON field path such as `items[3].referencePrice.currency`. */
  field?: string;
  message: string;
}

export interface Where {
  row?: number;
  line?: number;
}

/** Problems listed in an error message; the rest are summarised as "and N more". */
export const MAX_LISTED_PROBLEMS = 50;

export function describeWhere(where: Where): string {
  if (where.row !== undefined && where.line !== undefined) return `row ${where.row} (line ${where.line})`;
  if (where.row !== undefined) return `row ${where.row}`;
  if (where.line !== undefined) return `line ${where.line}`;
  return '';
}

/** "catalogue.csv: row 7 (line 8), field ip_type: expected one of ..., got 'tm'" */
export function formatProblem(p: CatalogueProblem): string {
  const parts = [describeWhere(p), p.field !== undefined ? `field ${p.field}` : ''].filter(Boolean);
  return parts.length > 0 ? `${p.file}: ${parts.join(', ')}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** Thrown when an import is refused; nothing from the file is returned. */
export class CatalogueImportError extends Error {
  readonly problems: CatalogueProblem[];

  constructor(problems: CatalogueProblem[]) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map(formatProblem);
    const rest = problems.length - listed.length;
    if (rest > 0) listed.push(`and ${rest} more problem${rest === 1 ? '' : 's'}`);
    const file = problems[0]?.file ?? 'catalogue';
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    super([`Catalogue import from ${file} refused (${count}):`, ...listed].join('\n'));
    this.name = 'CatalogueImportError';
    this.problems = problems;
  }
}

/** A value as it should appear after "got": strings quoted and cut short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const short = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `'${short.replace(/\n/g, '\\n')}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  return `an ${typeof value}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'an object',
  boolean: 'true or false',
};

type Issue = z.core.$ZodIssue;

/**
 * A zod issue as a short sentence. `got` replaces the parsed input in the
 * message (CSV passes the raw cell, which is what the user typed).
 */
export function issueText(issue: Issue, got?: { value: unknown }): string {
  const input = got ? got.value : issue.input;
  const butGot = `, got ${describeValue(input)}`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required, but missing';
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}${butGot}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join('|')}${butGot}`;
    case 'too_small': {
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      if (issue.origin === 'array') return `needs at least ${issue.minimum} entries`;
      const bound = issue.inclusive ? `${issue.minimum} or more` : `more than ${issue.minimum}`;
      return issue.origin === 'string'
        ? `must be ${issue.minimum} characters or more${butGot}`
        : `must be ${bound}${butGot}`;
    }
    case 'too_big': {
      if (issue.origin === 'array') return `takes at most ${issue.maximum} entries`;
      const bound = issue.inclusive ? `${issue.maximum} or less` : `less than ${issue.maximum}`;
      return issue.origin === 'string'
        ? `must be ${issue.maximum} characters or fewer${butGot}`
        : `must be ${bound}${butGot}`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return `expected an email address${butGot}`;
      if (issue.format === 'regex') return `expected ${issue.message}${butGot}`;
      return `${issue.message}${butGot}`;
    default:
      return issue.message;
  }
}

/** `items[3].referencePrice.currency` from a prefix and a zod path. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** " (did you mean 'brand_terms'?)" for a near-miss name, else "". */
export function didYouMean(name: string, known: readonly string[]): string {
  const target = squash(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = squash(candidate) === target ? 0 : editDistance(target, squash(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(target.length / 4)));
  return best !== undefined && bestDistance <= limit ? ` (did you mean '${best}'?)` : '';
}
