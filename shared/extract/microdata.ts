/**
 * HTML microdata (itemscope / itemtype / itemprop / itemref). Items become
 * plain objects in the JSON-LD shape and are read by the same schema.org
 * interpretation. Nested scopes keep their own properties: an Offer's price
 * goes to the Offer.
 *
 * Each item's properties are found as the HTML standard says ("crawl the
 * properties"): walk the item's subtree, and the elements its itemref names,
 * not descending into nested items. Every element is visited once per item
 * that owns it, so 2,000 nested scopes or 20,000 properties cost linear time
 * (asking each property for its enclosing scope, as before, was quadratic).
 */
import type { DocNode, PageDocument } from './document';
import { fieldsFromSchema, type SchemaNode } from './jsonld';
import type { StructuredFields } from './structured';
import { clean } from './values';

const URL_ATTRS: Record<string, string> = {
  a: 'href',
  area: 'href',
  link: 'href',
  img: 'src',
  audio: 'src',
  video: 'src',
  source: 'src',
  track: 'src',
  iframe: 'src',
  embed: 'src',
  object: 'data',
};

/** Items nested deeper than this are left out (a Product's Offer's Seller is 3). */
const MAX_NESTING = 32;
/** Elements visited for the whole page: a whole large page under one itemscope fits. */
const MAX_VISITS = 100_000;
/** Values kept per property name ("image" ×20,000 keeps the first ones). */
const MAX_VALUES_PER_PROP = 100;
/** Scopes with itemprop checked for an enclosing item (those without one are top-level items too). */
const MAX_ORPHAN_CHECKS = 100;
const MAX_ANCESTORS = 600;

function isScope(node: DocNode): boolean {
  return node.attr('itemscope') !== undefined;
}

/** The value of a non-scope itemprop element. */
function propValue(node: DocNode): string | undefined {
  const tag = node.tag();
  if (tag === 'meta') return node.attr('content');
  const urlAttr = URL_ATTRS[tag];
  if (urlAttr) return node.attr(urlAttr) ?? node.attr('content') ?? clean(node.text());
  if (tag === 'time') return node.attr('datetime') ?? node.attr('content') ?? clean(node.text());
  if (tag === 'data' || tag === 'meter') return node.attr('value') ?? node.attr('content') ?? clean(node.text());
  return node.attr('content') ?? clean(node.text());
}

class MicrodataReader {
  private visits = 0;
  private ids: Map<string, DocNode> | undefined;

  constructor(private readonly root: DocNode) {}

  /** getElementById over the page, built once and only for pages that use itemref. */
  private byId(id: string): DocNode | undefined {
    if (!this.ids) {
      this.ids = new Map();
      for (const el of this.root.find('[id]')) {
        const key = el.attr('id');
        if (key !== undefined && !this.ids.has(key)) this.ids.set(key, el);
      }
    }
    return this.ids.get(id);
  }

  /**
   * The item of `scope`. `building` holds the scopes being built above it: an
   * itemref back to one of them (a cycle) is not followed again.
   */
  item(scope: DocNode, nesting = 0, building = new Set<DocNode>()): SchemaNode {
    const item: SchemaNode = {};
    const types = (scope.attr('itemtype') ?? '').split(/\s+/).filter(Boolean);
    if (types.length > 0) item['@type'] = types;
    const id = scope.attr('itemid');
    if (id) item['@id'] = id;

    const values = new Map<string, unknown[]>();
    // A stack of elements still to visit, last child first so they come off in document order.
    const pending: DocNode[] = [];
    const refs = [...new Set((scope.attr('itemref') ?? '').split(/\s+/).filter(Boolean))].slice(0, 32);
    for (let i = refs.length - 1; i >= 0; i--) {
      const el = this.byId(refs[i]!);
      if (el) pending.push(el);
    }
    const kids = scope.children();
    for (let i = kids.length - 1; i >= 0; i--) pending.push(kids[i]!);

    building.add(scope);
    // The standard's "memory": an element reached twice (through two itemrefs) counts once.
    const seen = new Set<DocNode>([scope]);
    while (pending.length > 0 && this.visits < MAX_VISITS) {
      const el = pending.pop()!;
      if (seen.has(el)) continue;
      seen.add(el);
      this.visits++;
      const scoped = isScope(el);
      const names = el.attr('itemprop');
      // 20,000 values of one name: the first MAX_VALUES_PER_PROP are kept, the rest not even read.
      if (names !== undefined && !this.full(values, names)) {
        const nested = scoped && nesting < MAX_NESTING && !building.has(el);
        const value: unknown = scoped ? (nested ? this.item(el, nesting + 1, building) : undefined) : propValue(el);
        if (value !== undefined) {
          for (const name of names.split(/\s+/).filter(Boolean)) {
            const key = name.replace(/^.*[/#]/, '');
            const list = values.get(key);
            if (!list) values.set(key, [value]);
            else if (list.length < MAX_VALUES_PER_PROP) list.push(value);
          }
        }
      }
      // A nested item's own properties are its own, not this item's.
      if (!scoped) {
        const children = el.children();
        for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
      }
    }
    building.delete(scope);
    for (const [key, list] of values) item[key] = list.length === 1 ? list[0] : list;
    return item;
  }

  private full(values: Map<string, unknown[]>, names: string): boolean {
    return names
      .split(/\s+/)
      .every((n) => n === '' || (values.get(n.replace(/^.*[/#]/, ''))?.length ?? 0) >= MAX_VALUES_PER_PROP);
  }

  /** Whether an itemprop scope sits in no other item (then it is a top-level item after all). */
  hasEnclosingScope(node: DocNode): boolean {
    let p = node.parent();
    for (let n = 0; p && n < MAX_ANCESTORS; p = p.parent(), n++) if (isScope(p)) return true;
    return false;
  }
}

/** Top-level microdata items: scopes that are not some other item's property. */
export function microdataItems(root: DocNode): SchemaNode[] {
  const reader = new MicrodataReader(root);
  const items: SchemaNode[] = [];
  const withProp: DocNode[] = [];
  for (const scope of root.find('[itemscope]')) {
    if (scope.attr('itemprop') === undefined) items.push(reader.item(scope));
    else if (withProp.length < MAX_ORPHAN_CHECKS) withProp.push(scope);
  }
  for (const scope of withProp) if (!reader.hasEnclosingScope(scope)) items.push(reader.item(scope));
  return items;
}

export function extractMicrodata(doc: PageDocument, prefer: 'product' | 'video' = 'product'): StructuredFields {
  return fieldsFromSchema(microdataItems(doc.root), doc.url, prefer);
}
