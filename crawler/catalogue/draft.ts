import { RightsHolderSchema, type Catalogue, type CatalogueItem, type RightsHolder } from '../../shared/model/index';
import { holderNamespaceOf } from '../../shared/model/index';
import { describeWhere, issueText, type CatalogueProblem, type Where } from './problems';
import type { Steps } from './steps';

export interface ImportOptions {
  /**
   * For evaluating the matcher on outside data: only `id` and `title` are
   * required, `holder` defaults to `unknown`, `ip_type` to `trademark`, a
   * `price` + `currency` pair is read as the reference price, and unknown
   * columns or fields are ignored.
   */
  minimal?: boolean;
}

/** One item as read from the file: valid (`item`) or not, with its location. */
export interface DraftItem extends Where {
  /** Raw id and holder, kept for the duplicate and holder checks even when the item is invalid. */
  id?: string;
  holder?: string;
  item?: CatalogueItem;
  /** How the format names these fields (`id` / `items[3].id`). */
  idField: string;
  holderField: string;
}

/** What a format reader hands over to `assemble`. */
export interface Draft {
  file: string;
  items: DraftItem[];
  /** Valid holders declared by the file. */
  holders: RightsHolder[];
  /** Every holder id the file declares, valid or not (so one bad holder does not fail all its items). */
  declaredHolderIds: Set<string>;
  /** The file carries holder information (a JSON holders list, CSV holder columns). */
  holdersGiven: boolean;
  /** Why an undeclared holder is unknown, e.g. "not in holders". */
  unknownHolderHint: string;
  problems: CatalogueProblem[];
}

function rowOrder(p: CatalogueProblem): number {
  return p.row ?? (p.line !== undefined ? 0.5 : 0);
}

/**
 * Checks that span rows (duplicate ids, holder references), adds holder stubs,
 * and either returns the whole catalogue or the list of problems.
 */
export function* assemble(
  draft: Draft,
  options: ImportOptions,
): Steps<{ catalogue?: Catalogue; problems: CatalogueProblem[] }> {
  const { file } = draft;
  const problems = [...draft.problems];

  const firstById = new Map<string, DraftItem>();
  let n = 0;
  for (const d of draft.items) {
    if (++n % 1000 === 0) yield;
    if (d.id === undefined || d.id === '') continue;
    const namespace = holderNamespaceOf(d.id);
    if (namespace !== undefined && d.holder !== undefined && namespace !== d.holder) {
      problems.push({
        file,
        row: d.row,
        line: d.line,
        field: d.idField,
        message:
          `the id is in holder '${namespace}''s namespace ('${namespace}:…'), but the item's holder is ` +
          `'${d.holder}'`,
      });
    }
    const first = firstById.get(d.id);
    if (first) {
      const other = describeWhere(first) || first.idField;
      problems.push({
        file,
        row: d.row,
        line: d.line,
        field: d.idField,
        message: `duplicate id '${d.id}': already used by ${other}`,
      });
    } else {
      firstById.set(d.id, d);
    }
  }

  const holders = [...draft.holders];
  const strictHolders = draft.holdersGiven && !options.minimal;
  const stubbed = new Set<string>();
  for (const d of draft.items) {
    if (++n % 1000 === 0) yield;
    if (d.holder === undefined || d.holder === '' || draft.declaredHolderIds.has(d.holder)) continue;
    const where = { file, row: d.row, line: d.line, field: d.holderField };
    if (strictHolders) {
      problems.push({ ...where, message: `unknown holder '${d.holder}': ${draft.unknownHolderHint}` });
      continue;
    }
    if (stubbed.has(d.holder)) continue;
    stubbed.add(d.holder);
    const stub = RightsHolderSchema.safeParse({ id: d.holder, name: d.holder }, { reportInput: true });
    if (stub.success) holders.push(stub.data);
    // Minimal mode tolerates holder names that cannot be ids; the item keeps its holder text.
    else if (!options.minimal) problems.push({ ...where, message: `holder ${issueText(stub.error.issues[0]!)}` });
  }

  if (problems.length > 0) {
    return {
      problems: problems
        .map((p, i) => ({ p, i }))
        .sort((a, b) => rowOrder(a.p) - rowOrder(b.p) || a.i - b.i)
        .map((x) => x.p),
    };
  }
  const items = draft.items.map((d) => d.item!);
  return { catalogue: { holders, items }, problems: [] };
}
