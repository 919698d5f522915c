/**
 * A required element of a notice: data (id, label, legal basis, where it sits
 * in the input) plus, where a path cannot say it, a predicate.
 *
 * Paths are dotted, with `*` for "every member of this array":
 * `works.*.items.*.url` holds when there is at least one work, each work has
 * at least one item and every item has a URL. The same paths tell a form which
 * fields to highlight and let a test take an element out.
 */
export interface RequiredElement<T> {
  id: string;
  /** Human label, in the words of the law or platform; refusals quote it. */
  label: string;
  /** Statute article or platform rule the element comes from. */
  basis: string;
  /** Input paths that hold the element (a function when it depends on the input, e.g. who owns the right). */
  paths: readonly string[] | ((input: T) => readonly string[]);
  /** Wording the notice uses for a statement flag: the element is a sentence, not a value. */
  text?: string;
  /** The element applies only when this holds (e.g. an authorisation letter when an agent files). */
  when?: (input: T) => boolean;
  /** Decides presence when paths alone cannot (e.g. "a URL or an ASIN"); paths still name the fields. */
  check?: (input: T) => boolean;
}

export interface MissingElement {
  id: string;
  label: string;
}

export function pathsOf<T>(element: RequiredElement<T>, input: T): readonly string[] {
  return typeof element.paths === 'function' ? element.paths(input) : element.paths;
}

/** Elements that apply to this input and are not there, in list order. */
export function missingElements<T>(elements: readonly RequiredElement<T>[], input: T): MissingElement[] {
  return elements
    .filter((e) => !e.when || e.when(input))
    .filter((e) => !(e.check ? e.check(input) : pathsOf(e, input).every((p) => present(input, p))))
    .map(({ id, label }) => ({ id, label }));
}

/** Whether every value the path reaches is filled in (and every `*` array has members). */
export function present(root: unknown, path: string): boolean {
  return presentAt(root, path.split('.'));
}

function presentAt(value: unknown, keys: string[]): boolean {
  const [key, ...rest] = keys;
  if (key === undefined) return filled(value);
  if (key === '*') return Array.isArray(value) && value.length > 0 && value.every((v) => presentAt(v, rest));
  if (value === null || typeof value !== 'object') return false;
  return presentAt((value as Record<string, unknown>)[key], rest);
}

/** A blank string, `false`, an empty array or an object with nothing filled in counts as absent. */
export function filled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (Array.isArray(value)) return value.length > 0 && value.every(filled);
  if (typeof value === 'object') return Object.values(value).some(filled);
  return false;
}
