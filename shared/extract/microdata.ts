/**
 * HTML microdata (itemscope / itemtype / itemprop). Items become plain objects
 * in the JSON-LD shape and are read by the same schema.org interpretation.
 * Nested scopes keep their own properties: an Offer's price goes to the Offer.
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

function isScope(node: DocNode): boolean {
  return node.attr('itemscope') !== undefined;
}

/** Ancestors of a node, nearest first. */
function ancestors(node: DocNode): DocNode[] {
  const out: DocNode[] = [];
  for (let p = node.parent(); p && out.length < 500; p = p.parent()) out.push(p);
  return out;
}

/**
 * Depth (distance from the root) of the nearest enclosing itemscope, or -1.
 * DocNode has no identity, so two ancestors of one node are told apart by depth.
 */
function scopeDepth(node: DocNode): number {
  const up = ancestors(node);
  const i = up.findIndex(isScope);
  return i < 0 ? -1 : up.length - 1 - i;
}

function depthOf(node: DocNode): number {
  return ancestors(node).length;
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

function buildItem(scope: DocNode, depth: number, budget: { left: number }): SchemaNode {
  const item: SchemaNode = {};
  const types = (scope.attr('itemtype') ?? '').split(/\s+/).filter(Boolean);
  if (types.length > 0) item['@type'] = types;
  const id = scope.attr('itemid');
  if (id) item['@id'] = id;
  if (--budget.left < 0) return item;
  for (const el of scope.find('[itemprop]')) {
    if (scopeDepth(el) !== depth) continue; // belongs to a nested scope
    const value: unknown = isScope(el) ? buildItem(el, depthOf(el), budget) : propValue(el);
    if (value === undefined) continue;
    for (const name of (el.attr('itemprop') ?? '').split(/\s+/).filter(Boolean)) {
      const key = name.replace(/^.*[/#]/, '');
      const prev = item[key];
      item[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  }
  return item;
}

/** Top-level microdata items: scopes that are not some other item's property. */
export function microdataItems(root: DocNode): SchemaNode[] {
  const budget = { left: 200 };
  const items: SchemaNode[] = [];
  for (const scope of root.find('[itemscope]')) {
    if (scope.attr('itemprop') !== undefined && scopeDepth(scope) >= 0) continue;
    items.push(buildItem(scope, depthOf(scope), budget));
  }
  return items;
}

export function extractMicrodata(doc: PageDocument, prefer: 'product' | 'video' = 'product'): StructuredFields {
  return fieldsFromSchema(microdataItems(doc.root), doc.url, prefer);
}
